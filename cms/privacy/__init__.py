"""Commenters' personal data: addresses at rest, retention, requests and their pages."""
