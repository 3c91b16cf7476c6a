"""Stored HTML: its allow-lists, the one sanitizer, formatting bounds, and text read back."""
