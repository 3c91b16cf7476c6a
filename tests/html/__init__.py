"""Tests of cms/html/."""
