"""Default settings: every one can be overridden by instance/config.py or a FLASK_ variable."""

# Any SQLAlchemy URL; None means the plain DATABASE_URL variable (hosting platforms set it),
# else an SQLite file in the instance folder.
DATABASE_URL: str | None = None

# Signs sessions and CSRF tokens; None means one is generated once into instance/secret_key.
SECRET_KEY: str | None = None

# Encrypts commenters' email addresses at rest and keys their lookup hashes; kept apart from
# the database. None means one is generated once into instance/email_key. Several keys,
# comma-separated, let old ones still decrypt while the first encrypts (key rotation).
EMAIL_KEY: str | None = None

# Largest request body accepted, in bytes; bigger requests get 413.
MAX_CONTENT_LENGTH = 1024 * 1024

# Articles per page on the index, topic pages and search results.
ARTICLES_PER_PAGE = 10

# Comments shown per page in the moderation queue.
QUEUE_PAGE_SIZE = 50

# How long the "save my name, email, and website" cookie lives, in days.
COMMENTER_COOKIE_DAYS = 365

# How many private links to a new comment one confirmed address may be mailed in a day
# (cms/mail/notifications.own_link): sent at once, so capped against floods.
OWN_LINK_MAILS_PER_ADDRESS = 5
# How often, at most, editors are mailed that a comment needs care (a "limits" period such
# as "10 minutes"); the "Needs care" tab lists every one that waits.
CARE_MAIL_EVERY = "10 minutes"

# The country whose way of writing phone numbers the second look reads a number without
# a +country code in (an ISO 3166 code, as phonenumbers takes it: "US", "GB", "IE", "AU").
PHONE_REGION = "US"

# How many of a visitor's own pending comments their session remembers for the preview.
PENDING_PREVIEW_LIMIT = 20

# Session and "remember me" cookies are never readable by page scripts.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
REMEMBER_COOKIE_HTTPONLY = True
REMEMBER_COOKIE_SAMESITE = "Lax"
# How long "Keep me logged in" lasts, in seconds (30 days); a staff login unused for this
# long also ends on the server. Its cookie is Secure whenever SESSION_COOKIE_SECURE is.
REMEMBER_COOKIE_DURATION = 30 * 24 * 3600

# Name shown in the site header and page titles.
SITE_NAME = "Recovery Notes"

# Anti-spam. A comment posted sooner than this many seconds after its form was shown waits
# for an editor with the reason (it may be pasted or autofilled); 0 turns the check off.
COMMENT_MIN_SECONDS = 3
# The same IP address or browser session may not post again within this many seconds (never
# judged by the email typed); 0 turns it off.
COMMENT_FLOOD_SECONDS = 15
# Flask-Limiter: its own switch, where it counts (memory:// per process, or redis://…),
# and the per-IP limit on posting comments over a longer window.
RATELIMIT_ENABLED = True
# None means REDIS_URL when that is set (so limits hold across workers and hosts), else
# memory://, which counts in each worker process apart.
RATELIMIT_STORAGE_URI: str | None = None
# With Redis unreachable, count nothing rather than refuse every comment with an error; the
# flood check in the database still holds.
RATELIMIT_SWALLOW_ERRORS = True
COMMENT_RATE_LIMIT = "10 per 10 minutes;40 per day"
# Per-IP limit on sending the comment form at all, stored or refused (a typo, a duplicate,
# a flood, an expired token): generous for a person correcting a comment, but a ceiling on
# what a client retrying forever costs. Flask-Limiter syntax.
COMMENT_ATTEMPT_LIMIT = "30 per 10 minutes;120 per day"

# Outgoing mail through SMTP; with MAIL_SERVER unset (and no file backend) mail is off:
# nothing is written or sent, and no page offers mail (no notify box, no mailed links).
MAIL_SERVER: str | None = None
# "smtp" sends through MAIL_SERVER; "file" (development only) writes each message as an .eml
# file into MAIL_FILE_DIR instead, marked "NOT DELIVERED", and sends nothing.
MAIL_BACKEND = "smtp"
# Folder for MAIL_BACKEND "file", relative to the instance folder (or absolute).
MAIL_FILE_DIR = "mail"
MAIL_PORT = 25
MAIL_USE_TLS = False
MAIL_USERNAME: str | None = None
MAIL_PASSWORD: str | None = None
MAIL_FROM = "Recovery Notes <noreply@localhost>"
# Seconds to wait for the SMTP server before counting an attempt as failed.
MAIL_TIMEOUT = 10
# Attempts at one message before it is left for an operator (flask mail retry), and the
# first delay between attempts in seconds; each later delay doubles.
MAIL_MAX_ATTEMPTS = 8
MAIL_RETRY_SECONDS = 60
# Send from a background thread after each request (off in tests, which send inline).
MAIL_BACKGROUND = True
# How long a mailed one-click link works, in seconds (2 days): short, since a link is a key
# and may sit in a mailbox or be forwarded.
MAIL_LINK_MAX_AGE = 2 * 24 * 3600
# The site's public address, scheme and host (and path, if it lives under one): the only
# source of absolute URLs (mail links, feeds, sitemap, canonical, robots.txt). Never taken
# from a request's Host header, which whoever sends the request chooses. Set it in
# production (a warning at startup says so). None: the CMS_DEV_SITE_URL variable, which
# `make run` sets from its HOST and PORT; without that, canonical and feed links stay
# relative and mailed links are left out.
SITE_URL: str | None = None

# HTTP caching of public pages for anonymous readers. A shared cache (nginx) may answer
# alone for this many seconds (s-maxage) before asking the site again: the longest an
# approval or edit can stay unseen there. 5 s turns a burst of thousands of readers into
# one render per page per 5 s while nobody waits long for a change; 0 keeps only the 304s.
PUBLIC_CACHE_SECONDS = 5
# Bytes of rendered pages kept in each process, keyed by their ETag (32 MiB: some 500
# article pages); the least recently used go first. Bytes, not pages, since one long
# article with many comments can weigh as much as a hundred short ones.
RENDER_CACHE_BYTES = 32 * 1024 * 1024
# A page with the comment form gets a new ETag at least this often (seconds) when timing
# checks and a shared cache are on, so no cache hands out a form stamp older than this plus
# PUBLIC_CACHE_SECONDS. A robot served from the cache may beat COMMENT_MIN_SECONDS by that
# much (the honeypot, flood, duplicate and rate checks still hold); stamps are never
# post-dated, so no person is held as spam for writing quickly. 0 turns the rotation off.
FORM_STAMP_SECONDS = 20
# How long the comment form's signed token is accepted, in seconds (a day).
COMMENT_TOKEN_SECONDS = 24 * 3600
# How long every other form's CSRF token is accepted, in seconds (an hour, Flask-WTF's own
# default): its session-bound tokens, and the "Forget me" form's (cms/privacy/forget_token.py).
WTF_CSRF_TIME_LIMIT = 3600

# Login throttling: after this many failed logins for one account, or from one IP address,
# within the window (seconds), further tries are refused without checking the password.
LOGIN_THROTTLE_ACCOUNT = 5
LOGIN_THROTTLE_IP = 20
LOGIN_THROTTLE_WINDOW = 15 * 60
# Seconds a half-done login (right password, code not yet given) is kept in the session.
LOGIN_2FA_SECONDS = 5 * 60
# When True, an admin without two-factor login can reach only /admin/account until set up.
REQUIRE_2FA = False

SQLALCHEMY_TRACK_MODIFICATIONS = False
# How long an SQLite writer waits for another to commit before giving up (milliseconds).
SQLITE_BUSY_TIMEOUT_MS = 15_000
# On PostgreSQL, the longest one statement of a web request may run, in milliseconds: a
# runaway query is cancelled before gunicorn's 30 s timeout kills its worker. 0 turns it off.
# The flask commands (import, backup, migrations) run without it.
DATABASE_STATEMENT_TIMEOUT_MS = 20_000

# Commenters' IP addresses and browsers serve moderation only: after this many days the IP
# is cut to its network (IPv4 /24, IPv6 /48) and the browser (user agent) is forgotten.
PERSONAL_DATA_RETENTION_DAYS = 30
# The site prunes by itself after a comment is stored, at most once per this many seconds
# in each process; `flask --app cms privacy prune` does it at once.
PERSONAL_DATA_PRUNE_SECONDS = 3600
# Per-IP limit on asking "Your data" for a link (Flask-Limiter syntax), so the form cannot
# be used to flood someone's inbox; each address also gets at most DATA_REQUESTS_PER_ADDRESS
# links a day, whoever asks.
DATA_REQUEST_RATE_LIMIT = "5 per hour"
DATA_REQUESTS_PER_ADDRESS = 3

# Redis shared by every worker and app server, e.g. "redis://127.0.0.1:6379/0": the rate
# limits' counts, and any cache kept across requests. None: each process keeps its own.
REDIS_URL: str | None = None

# How many proxies in front of the site set X-Forwarded-For/-Proto/-Host (1 for one nginx);
# None or 0: the site faces visitors directly and ignores those headers.
PROXY_FIX: int | None = None

# Strict-Transport-Security max-age, in seconds (a year), sent whenever the site is served
# over HTTPS (PREFERRED_URL_SCHEME or SITE_URL https, or the request came over it); 0 off.
HSTS_SECONDS = 365 * 24 * 3600
# Whether HSTS also binds every subdomain to HTTPS; off, as other sites may share the domain.
HSTS_INCLUDE_SUBDOMAINS = False
