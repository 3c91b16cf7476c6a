"""The ceiling: a WSGI app that does nothing but return the saved article page from memory.

Served by run.py under the same gunicorn settings as the site, so the difference between the
two is what the site itself costs per request.
"""

import os
from collections.abc import Callable, Iterable
from pathlib import Path

PAGE = Path(os.environ["BENCH_PAGE"]).read_bytes()
HEADERS = [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(PAGE)))]


def app(environ: dict, start_response: Callable) -> Iterable[bytes]:
    """Answer every request with the same bytes."""
    start_response("200 OK", HEADERS)
    return [PAGE]
