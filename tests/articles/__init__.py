"""Tests of cms/articles/."""
