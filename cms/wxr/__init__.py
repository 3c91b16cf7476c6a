"""WordPress import and export (WXR files), and the answers to WordPress's old addresses."""
