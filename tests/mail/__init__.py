"""Tests of cms/mail/."""
