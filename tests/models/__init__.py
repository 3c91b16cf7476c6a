"""Tests of cms/models/."""
