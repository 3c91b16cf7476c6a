"""Several app servers behind nginx, sharing one PostgreSQL and one Redis, as the README's
"Running on more than one machine" section sets them up, on one machine: two gunicorn
processes on two ports, nginx in front with the site's own deploy/nginx.conf.
"""

import os
import re
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import select

from cms.extensions import db
from cms.models import Comment
from tests.support.live import ROOT, Browser, Server, free_port, gunicorn, serve
from tests.support.site import HEROIN, make_app

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
LIMIT = 3
ACCESS_LOG = "--access-logfile - --access-logformat '%(m)s %(U)s %(s)s'"
POSTED = re.compile(r"^POST /[^ ]+/comments (\d{3})$", re.MULTILINE)
# PostgreSQL and redis-server come through their fixtures (tests/support/programs.py).
pytestmark = pytest.mark.needs("nginx")


def nginx_config(folder: Path, port: int, app_ports: list[int]) -> str:
    """Return a whole nginx.conf around deploy/nginx.conf, pointed at loopback and a temp folder."""
    site = (ROOT / "deploy" / "nginx.conf").read_text()
    upstreams = "".join(f"server 127.0.0.1:{p};\n    " for p in app_ports)
    site = site.replace("server 127.0.0.1:8000;\n    ", upstreams)
    site = site.replace("/var/cache/nginx/cms", str(folder / "cache"))
    site = site.replace("listen 80;", f"listen 127.0.0.1:{port};")
    site = site.replace("/srv/cms/static/", f"{ROOT / 'static'}/")
    return f"""
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
{site}
}}
"""


@contextmanager
def nginx(folder: Path, app_ports: list[int]) -> Iterator[Server]:
    """Run nginx in front of these app servers; stop it after."""
    if not os.access(NGINX, os.X_OK):
        pytest.fail("nginx was not found. Install it (apt-get install nginx-light).")
    folder.mkdir()
    port = free_port()
    config = folder / "nginx.conf"
    config.write_text(nginx_config(folder, port, app_ports))
    # Started by root, nginx's workers would become "nobody", who cannot read the temp folder.
    user = " user root;" if os.geteuid() == 0 else ""
    command = [NGINX, "-c", str(config), "-p", str(folder), "-g", "daemon off;" + user]
    with serve(command, port, folder / "nginx.log") as server:
        yield server


def stored_ids(database_url: str) -> list[int]:
    """Return the stored comments' ids, oldest first, read straight from the database."""
    # conftest closes this app's connections after the test.
    with make_app(database_url).app_context():
        return list(db.session.scalars(select(Comment.id).order_by(Comment.id)))


def shows(base_url: str, text: str) -> bool:
    """Say whether an anonymous reader at this address sees the text on the article."""
    status, html = Browser(base_url).open(f"/{HEROIN}/")
    assert status == 200
    return text in html


def posts_answered(server: Server) -> list[int]:
    return [int(status) for status in POSTED.findall(server.log.read_text())]


@pytest.fixture
def shared(pg_databases, redis_url: str) -> dict[str, str]:
    """What the README says every host must share: database, Redis and both keys."""
    return {
        "DATABASE_URL": pg_databases(),
        "REDIS_URL": f'"{redis_url}"',
        "RATELIMIT_ENABLED": "true",
        "COMMENT_RATE_LIMIT": f'"{LIMIT} per minute"',
        # nginx is the one proxy in front: trust its X-Forwarded-For, and no other.
        "PROXY_FIX": "1",
    }


def test_two_app_servers_behind_nginx_share_comments_approvals_and_limits(
    tmp_path: Path, shared: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GUNICORN_CMD_ARGS", ACCESS_LOG)
    url, settings = shared.pop("DATABASE_URL"), shared
    with (
        gunicorn(url, tmp_path / "a.log", settings, workers=1) as a,
        gunicorn(url, tmp_path / "b.log", settings, workers=1) as b,
        nginx(tmp_path / "nginx", [a.port, b.port]) as proxy,
    ):
        # Anonymous readers through nginx: the page is now in its cache.
        assert not shows(proxy.url, "First, through A.")

        # Posted through server A, approved by an editor logged in on server B.
        assert Browser(a.url).post_comment("First, through A.") == 303
        editor = Browser(b.url)
        assert editor.log_in() == 302
        comment = stored_ids(url)[-1]
        approve = f"/admin/comments/{comment}/approve"
        assert editor.submit("/admin/comments", approve, {}) == 302
        # Each server shows it on the next request, its own render cache notwithstanding.
        assert shows(a.url, "First, through A.") and shows(b.url, "First, through A.")
        # nginx may keep its copy for the 5 seconds deploy/nginx.conf allows, no longer.
        deadline = time.monotonic() + 8
        while not shows(proxy.url, "First, through A."):
            assert time.monotonic() < deadline, "nginx kept serving the page from before"
            time.sleep(0.5)

        # A refused post through nginx: the page its redirect names is this visitor's own
        # (the draft's cookie passes the cache), showing the form as typed, with its message.
        refused = Browser(proxy.url)
        typed = {**refused.comment_form(), "author": "", "comment": "Kept through nginx."}
        assert refused.open(f"/{HEROIN}/comments", typed)[0] == 303
        status, html = refused.open(f"/{HEROIN}/")
        assert status == 200 and "Kept through nginx." in html
        assert "Please enter your name." in html

        # The per-address limit is counted in Redis: nginx hands the posts to the two
        # servers in turn, and the limit still holds at 3 in all (1 was posted above).
        visitor = Browser(proxy.url)
        form = visitor.comment_form()
        post = f"/{HEROIN}/comments"
        statuses = [visitor.open(post, {**form, "comment": f"Via nginx {n}."})[0] for n in range(4)]
        assert statuses == [303, 303, 429, 429]
        assert posts_answered(a) and posts_answered(b), "one server took every post"
    assert len(stored_ids(url)) == LIMIT
