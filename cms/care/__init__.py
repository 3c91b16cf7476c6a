"""Care for a person in crisis: help in reach on every page, and the comments that cannot
wait recognised and seen first."""
