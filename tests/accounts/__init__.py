"""Tests of cms/accounts/."""
