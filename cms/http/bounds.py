"""What any request may carry: whole numbers a database can hold, and text that is UTF-8.

Both are judged once for the whole site, before a view runs: a number past 64 bits in a
route or a query once reached the database and answered 500 (OverflowError on SQLite, an
out-of-range error on PostgreSQL), and bytes that are not UTF-8 were read as U+FFFD and
stored as if someone had typed them.
"""

from urllib.parse import unquote_to_bytes

from flask import Flask, abort, request
from werkzeug.exceptions import BadRequest
from werkzeug.routing import IntegerConverter, Map, ValidationError
from werkzeug.wrappers import Response

from .errors import _page as error_page

# The largest id or page number the site takes: PostgreSQL's integer column, well inside
# SQLite's 64 bits. A bigger number names nothing here, so it is no page.
MAX_WHOLE_NUMBER = 2**31 - 1
_MAX_DIGITS = len(str(MAX_WHOLE_NUMBER))

UNREADABLE_TITLE = "Some of what was sent could not be read"
UNREADABLE_MESSAGE = (
    "Some of what was sent could not be read as text (it was not in the UTF-8 encoding web "
    "pages use), so nothing was saved. If you pasted something, try typing it instead, or "
    "paste it into a plain text editor first; then go back and send it again."
)


def whole_number(value: str) -> int | None:
    """Read 1 to MAX_WHOLE_NUMBER written in plain digits; anything else is None."""
    # isdigit alone takes other scripts' digits and superscripts; isascii keeps to 0-9.
    if not (value.isascii() and value.isdigit()) or len(value.lstrip("0")) > _MAX_DIGITS:
        return None
    number = int(value)
    return number if 1 <= number <= MAX_WHOLE_NUMBER else None


def query_number(name: str, default: int | None = None) -> int | None:
    """Return a whole number from the query string, or ``default`` when it is not one."""
    # Ignored, not refused: a link cut short or tampered with still shows the page.
    number = whole_number(request.args.get(name, ""))
    return default if number is None else number


def query_page(name: str = "page") -> int:
    """Return the page number in the query, 1 when absent; any other value is no page (404)."""
    if name not in request.args:
        return 1
    number = whole_number(request.args[name])
    if number is None:
        abort(404)  # as /page/0/ is: a page number that names no page
    return number


class WholeNumberConverter(IntegerConverter):
    """``<int:…>`` in every route: 1 to MAX_WHOLE_NUMBER, so any other number is a 404."""

    def __init__(self, map: Map, fixed_digits: int = 0, min: int = 1, max: int | None = None):
        if max is None or max > MAX_WHOLE_NUMBER:
            max = MAX_WHOLE_NUMBER
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max)

    def to_python(self, value: str) -> int:
        number = whole_number(value)
        if number is None or number < (self.min or 1) or number > (self.max or 0):
            raise ValidationError()
        return number


class UnreadableText(BadRequest):
    """A 400 for a path, query or form that is not UTF-8."""

    description = UNREADABLE_MESSAGE


def _form_bytes() -> bytes:
    """Return a urlencoded body with its escapes undone, as the bytes the browser meant."""
    # Read (and kept for the form parser) before anything parses the form, since the
    # parser would replace what is not UTF-8 and leave nothing to tell it from U+FFFD.
    return unquote_to_bytes(request.get_data(cache=True).replace(b"+", b" "))


def _path_bytes() -> bytes:
    """Return the path as the client sent it, before anything decoded it."""
    environ = request.environ
    # The raw request line, where the server keeps it (gunicorn, Werkzeug): PATH_INFO may
    # already have had the bytes that are not UTF-8 replaced.
    sent = environ.get("RAW_URI") or environ.get("REQUEST_URI")
    path = sent.partition("?")[0] if sent else environ.get("PATH_INFO", "")
    # WSGI strings carry bytes as latin-1; anything else there was not sent as bytes.
    return unquote_to_bytes(path.encode("latin-1", errors="replace"))


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def refuse_unreadable_text() -> None:
    """Refuse, before any view, a request whose path, query or form is not UTF-8."""
    raw = [_path_bytes(), unquote_to_bytes(request.query_string)]
    if request.mimetype == "application/x-www-form-urlencoded":
        raw.append(_form_bytes())
    if not all(_is_utf8(part) for part in raw):
        raise UnreadableText()
    # A NUL is valid UTF-8 but no address holds one, and PostgreSQL refuses it in any text
    # it is asked to compare (a 500 per request otherwise). Queries and forms drop it where
    # they read text (search, names), so only the path is refused.
    if b"\x00" in raw[0]:
        raise UnreadableText()
    if request.mimetype == "multipart/form-data":
        # Its parts come decoded, bad bytes as U+FFFD. The site's only multipart posts are
        # the queue's in-place buttons (admin.js), which carry a token and no typed text, so
        # a U+FFFD here was not typed by anyone.
        if any("\ufffd" in value for value in request.form.values()):
            raise UnreadableText()


def unreadable_page(error: UnreadableText) -> Response:
    return error_page(400, UNREADABLE_MESSAGE, UNREADABLE_TITLE)


def register(app: Flask) -> None:
    """Bound every route's numbers and check every request's text; call before the rest."""
    # Before any blueprint, since a rule takes its converter when it is added; and before
    # CSRFProtect, whose check parses the form that refuse_unreadable_text must read raw.
    app.url_map.converters["int"] = WholeNumberConverter
    # One limit for a whole body and for a form: Flask's 500 KB default for a form would
    # refuse a full-length comment in a three-byte script (590 KB encoded) well below it.
    app.config["MAX_FORM_MEMORY_SIZE"] = app.config["MAX_CONTENT_LENGTH"]
    app.before_request(refuse_unreadable_text)
    app.register_error_handler(UnreadableText, unreadable_page)
