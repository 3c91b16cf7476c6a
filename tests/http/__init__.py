"""Tests of cms/http/."""
