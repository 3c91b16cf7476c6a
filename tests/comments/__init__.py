"""Tests of cms/comments/."""
