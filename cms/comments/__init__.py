"""Comments: posting, the form's token, anti-spam and rules, threads and pages, moderation."""
