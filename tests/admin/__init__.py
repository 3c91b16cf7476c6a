"""Tests of cms/admin/."""
