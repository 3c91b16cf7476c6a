"""Tests of cms/wxr/."""
