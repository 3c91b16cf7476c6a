"""Mail: the outbox, who hears of what, and the pages behind mailed links."""
