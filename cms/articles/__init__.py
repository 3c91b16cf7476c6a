"""Articles: saving, publishing, listing, topics, related posts, search and feeds."""
