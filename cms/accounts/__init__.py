"""Staff accounts: logging in, two-factor login, throttling, server-side sessions."""
