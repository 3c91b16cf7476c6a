"""Tests of cms/care/."""
