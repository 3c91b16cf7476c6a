"""Default settings: every one can be overridden by instance/config.py or a FLASK_ variable."""

# Any SQLAlchemy URL; None means the plain DATABASE_URL variable (hosting platforms set it),
# else an SQLite file in the instance folder.
DATABASE_URL: str | None = None

# Signs sessions and CSRF tokens; None means one is generated once into instance/secret_key.
SECRET_KEY: str | None = None

# Largest request body accepted, in bytes; bigger requests get 413.
MAX_CONTENT_LENGTH = 1024 * 1024

# Deepest level of nested replies shown; at this depth comments get no Reply link.
THREAD_DEPTH = 5

# Comments shown per page in the moderation queue.
QUEUE_PAGE_SIZE = 50

# How long the "save my name, email, and website" cookie lives, in days.
COMMENTER_COOKIE_DAYS = 365

# How many of a visitor's own pending comments their session remembers for the preview.
PENDING_PREVIEW_LIMIT = 20

# Session and "remember me" cookies are never readable by page scripts.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
REMEMBER_COOKIE_HTTPONLY = True
REMEMBER_COOKIE_SAMESITE = "Lax"

# Name shown in the site header and page titles.
SITE_NAME = "Recovery Notes"

SQLALCHEMY_TRACK_MODIFICATIONS = False
