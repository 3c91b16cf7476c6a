"""`make bench`: measure the site against its ceilings and its nearest peer in one run.

Everything runs on loopback in a temporary folder and is stopped at the end: a fresh SQLite
site (bench/seed.py), the site and a bare WSGI app under the production gunicorn settings
(deploy/gunicorn.conf.py), nginx serving the same page statically and in front of the site
with the README's caching (deploy/nginx.conf), Isso with the same 100 comments under the same
gunicorn settings (bench/isso.py), and wrk driving each target in turn, A B A B, so that
drift on a shared machine hits all alike. Figures, not tests: nothing here fails.
"""

import argparse
import sqlite3
import subprocess
import sys
import tempfile
import urllib.request
from contextlib import ExitStack
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import isso, report, servers, wrk  # noqa: E402
from bench.seed import seed  # noqa: E402
from cms import create_app  # noqa: E402

POST_SLUG = "i-relapsed-on-heroin-now-what"
SETTINGS = {
    "SECRET_KEY": "bench secret",
    "EMAIL_KEY": "bench email key",
    # Posting at machine speed: the timers and limits meant for people are off.
    "COMMENT_MIN_SECONDS": "0",
    "COMMENT_FLOOD_SECONDS": "0",
    "RATELIMIT_ENABLED": "false",
}


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=5, help="length of each wrk run")
    parser.add_argument("--rounds", type=int, default=2, help="passes over all targets")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1, help="gunicorn threads per worker")
    parser.add_argument("--no-queue", action="store_true", help="skip bench/queue_scale.py")
    return parser.parse_args()


def build_site(workdir: Path) -> str:
    """Create and fill the benchmark database; return its URL."""
    url = f"sqlite:///{workdir / 'bench.sqlite3'}"
    seed(create_app({**SETTINGS, "DATABASE_URL": url}))
    return url


def fetch(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict, bytes]:
    """GET a page; return status, headers and body (errors and 304 included)."""
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status, dict(answer.headers), answer.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def form_for_posting(site: servers.Server) -> list[str]:
    """Open the comment form once as a browser would; return what post.lua needs."""
    _, headers, body = fetch(f"{site.url}/{POST_SLUG}/")
    html = body.decode()
    # The comment form needs no session now; a cookie is passed on if the site sets one.
    cookie = headers.get("Set-Cookie", "").split(";", 1)[0]
    values = [report.form_value(html, name) for name in ("csrf_token", "shown")]
    return [f"/{POST_SLUG}/comments", values[0], cookie, values[1]]


def stored_posts(database_url: str) -> int:
    """Count the comments the posting runs stored."""
    path = database_url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as connection:
        return connection.execute(
            "SELECT count(*) FROM comments WHERE content_html LIKE '<p>Benchmark comment %'"
        ).fetchone()[0]


def queue_figures() -> str:
    """Run P4's queue benchmark (bench/queue_scale.py) when it is there; return its output."""
    script = Path(__file__).with_name("queue_scale.py")
    if not script.exists():
        return "bench/queue_scale.py is not there yet: queue not measured"
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=900
    )
    lines = (done.stdout + done.stderr).splitlines()
    # Alembic logs each migration it runs; the figures are the rest.
    return "\n".join(line for line in lines if not line.startswith("INFO  [alembic")).strip()


def targets(site, bare, static, proxy, peer, etag, post_args) -> list[report.Target]:  # noqa: ANN001
    """List what each wrk run drives: name, server whose CPU counts, address, extras."""
    remembered = {"Cookie": "comment_author=author=Bench&email=bench%40example.net&url="}
    found = [
        report.Target("article, 0 comments", site, f"{site.url}/bench-0/"),
        report.Target(report.ARTICLE, site, f"{site.url}/bench-100/"),
        report.Target("article, 1,000 comments", site, f"{site.url}/bench-1000/"),
        report.Target(report.REMEMBERED, site, f"{site.url}/bench-100/", headers=remembered),
        report.Target(report.BARE, bare, f"{bare.url}/"),
        report.Target(report.STATIC, None, f"{static.url}/"),
        report.Target(report.PROXIED, site, f"{proxy.url}/bench-100/"),
        report.Target(report.PEER_READ, peer, f"{peer.url}{isso.READ_PATH}"),
    ]
    if etag:
        found.append(
            report.Target("conditional GET (304)", site, f"{site.url}/bench-100/",
                          headers={"If-None-Match": etag})
        )  # fmt: skip
    here = Path(__file__).parent
    found += [
        report.Target(report.POSTING, site, f"{site.url}{post_args[0]}",
                      headers={"Origin": site.url}, script=here / "post.lua",
                      script_args=post_args),
        report.Target(report.PEER_POST, peer, f"{peer.url}{isso.POST_PATH}",
                      script=isso.POST_SCRIPT, script_args=isso.post_args(peer)),
    ]  # fmt: skip
    for kind, name in (("duplicate", report.DUPLICATE), ("invalid", report.INVALID)):
        found.append(
            report.Target(name, site, f"{site.url}{post_args[0]}", headers={"Origin": site.url},
                          script=here / "refused.lua", script_args=[*post_args, kind])
        )  # fmt: skip
    return found


def main() -> None:
    options = arguments()
    load = wrk.Load(options.seconds, 2, options.connections)
    gunicorn_options = ["--workers", str(options.workers), "--threads", str(options.threads)]
    with tempfile.TemporaryDirectory(prefix="cms-bench-") as folder, ExitStack() as stack:
        workdir = Path(folder)
        database_url = build_site(workdir)
        env = {f"FLASK_{k}": v for k, v in SETTINGS.items()}
        env["FLASK_DATABASE_URL"] = database_url
        log = workdir / "gunicorn.log"
        site = stack.enter_context(servers.gunicorn("site", "wsgi:app", log, env, gunicorn_options))
        status, headers, page = fetch(f"{site.url}/bench-100/")
        (workdir / "page.html").write_bytes(page)
        bare = stack.enter_context(
            servers.gunicorn("bare", "bench.bare:app", log,
                             {"BENCH_PAGE": str(workdir / "page.html")}, gunicorn_options)
        )  # fmt: skip
        static, proxy = stack.enter_context(servers.nginx(workdir, page, site.port))
        peer = stack.enter_context(isso.isso(workdir, workdir / "isso.log", gunicorn_options))
        print(f"article page with 100 comments: {status}, {len(page):,} bytes")
        print(f"through nginx: X-Cache-Status {report.cache_status(proxy, fetch)}")
        if etag := headers.get("ETag"):
            answer = fetch(f"{site.url}/bench-100/", {"If-None-Match": etag})[0]
            print(f"conditional GET with the page's ETag answers {answer}")
        posted_before = stored_posts(database_url)
        peer_before = isso.stored_posts(workdir)
        plan = targets(site, bare, static, proxy, peer, etag, form_for_posting(site))
        results = report.measure(plan, load, options.rounds)
        stored = stored_posts(database_url) - posted_before
        peer_stored = isso.stored_posts(workdir) - peer_before
        memory = site.rss_mb()
    queue = "skipped (--no-queue)" if options.no_queue else queue_figures()
    print(report.table(results, (stored, peer_stored), memory, queue, options, len(page)))


if __name__ == "__main__":
    main()
