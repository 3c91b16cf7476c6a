"""gunicorn settings for production: `gunicorn -c deploy/gunicorn.conf.py wsgi:app`.

Every value can be overridden on the command line or with GUNICORN_CMD_ARGS. Why these
values: see the README's Production section and `make bench`, which measured them.
"""

import gc
import multiprocessing
import os
import sys
from typing import Any

# Behind nginx on the same host; nginx talks to the site, the site never faces the internet.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# One sync worker per core: a page costs CPU, not waiting, so more processes than cores only
# add switching and memory. nginx in front buffers slow clients, so a sync worker is never
# held by a phone on a bad line. WEB_CONCURRENCY overrides it (as on most hosts).
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count()))
worker_class = "sync"
threads = 1
# A request still running after this many seconds is killed with its worker (a bug, not load).
timeout = 30
# Replace each worker now and then, spread out, so a slow leak never grows into an outage.
max_requests = 10_000
max_requests_jitter = 1_000
# Load the app once in the master and fork: workers share its memory pages until they differ.
preload_app = True
# No request header may set SCRIPT_NAME or PATH_INFO (by default gunicorn lets loopback
# peers, where nginx is, set both): the app's mount point comes from SITE_URL alone, and one
# request naming another would rewrite the links cached for every reader. Headers with an
# underscore in their name are dropped, not refused, so nginx's traffic never gets a 400.
forwarder_headers = ""
header_map = "drop"
# nginx keeps the access log; gunicorn logs only errors, to stderr (the service manager's log).
accesslog = None
errorlog = "-"


def when_ready(server: Any) -> None:
    """Prepare in the master, before any worker is forked, what every worker would redo.

    Each worker, and each one that replaces it after max_requests, then shares it from the
    start: the care check's weights instead of reading 2 MB on its first comment
    (cms/care/likeness.py), the compiled templates and the code's hash (cms/prefork.py).
    Only when the app preloaded is this site: `make bench` serves its peer with these
    settings too.
    """
    flags = sys.modules.get("cms.care.flags")
    if flags is None:
        return
    for language in flags.LANGUAGES:
        flags.likeness.weights_for(language)
    if server is not None and server.cfg.preload_app:
        from cms import prefork

        prefork.warm(server.app.wsgi())


def pre_fork(server: object, worker: object) -> None:
    """Move everything the master holds out of the garbage collector's reach before a fork.

    Otherwise a worker's collections walk the preloaded app's objects, writing to their
    pages (each then copied for that worker alone), and its exit after max_requests collects
    them all. Measured under wrk with max_requests 1,000: each worker's life cost 510 ms of
    CPU beyond its requests before, 150 ms with this. Collected first, so no garbage is kept
    for the master's lifetime.
    """
    gc.collect()
    gc.freeze()
