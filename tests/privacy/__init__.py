"""Tests of cms/privacy/."""
