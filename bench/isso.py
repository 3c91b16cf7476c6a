"""Isso, the self-hosted comment server, run beside the site in a bench run as a peer.

The question it answers: what does a known comment server cost per read and per post on this
machine, under the same gunicorn settings? Isso gets its own virtualenv (its dependencies are
not ours), the same 100 comments as our bench-100 article, moderation on and its guard (rate
limits) off, as our bench switches ours off. `.venv/bin/python bench/isso.py` is a smoke run.
"""

import json
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from importlib.metadata import version
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import servers, wrk  # noqa: E402
from bench.seed import SIZES, comment_text  # noqa: E402

# The newest release, and it installs and runs on Python 3.11; pinned so runs stay comparable.
ISSO_VERSION = "0.14.0"
THREAD = "/bench-100/"
READ_PATH = "/?uri=%2Fbench-100%2F"
POST_PATH = "/new?uri=%2Fbench-100%2F"
POST_SCRIPT = Path(__file__).with_name("isso_post.lua")
APP = "isso.run:application"
AUTHORS = ("Sam", "Alex R.", "Jo", "Chris", "Morgan", "Dee")

# Run by Isso's own python: store the comments read from stdin through Isso's database API,
# so the rows are exactly what Isso itself would have written.
SEED_SCRIPT = """
import json, sys
from isso import config, db
conf = config.load(config.default_file(), sys.argv[1])
store = db.SQLite3(conf.get("general", "dbpath"), conf)
store.threads.new(sys.argv[2], "Benchmark article bench-100")
ids = []
for c in json.load(sys.stdin):
    parent = ids[c.pop("parent")] if c["parent"] is not None else None
    ids.append(store.comments.add(sys.argv[2], {**c, "parent": parent})["id"])
"""


def install(venv: Path) -> float:
    """Make Isso's virtualenv with Isso and our gunicorn's version; return seconds taken.

    The same gunicorn release as the site's, so the two differ in the app alone. pip's wheel
    cache is kept between runs, so misaka (a C extension) is built once per machine.
    """
    started = time.monotonic()
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = [str(venv / "bin" / "pip"), "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*pip, f"isso=={ISSO_VERSION}", f"gunicorn=={version('gunicorn')}"], check=True)
    return time.monotonic() - started


def config_text(workdir: Path, origin: str) -> str:
    """Return isso.cfg: Isso's defaults but for what a bench run needs changed.

    ``host`` is the origin the posts claim (Isso answers CORS for it only). notify = stdout is
    Isso's default and its only notifier without mail: the moderator's links go to the log.
    """
    return f"""[general]
dbpath = {workdir / "isso.sqlite3"}
host = {origin}
notify = stdout
[moderation]
enabled = true
[guard]
enabled = false
"""


def comments(count: int = SIZES["bench-100"]) -> list[dict]:
    """Return our bench-100 article's comments, drawn as bench/seed.py's add_comments draws them.

    random.Random(6) is walked call for call as seed() walks it up to that article (bench-0
    draws nothing), so texts, authors and replies match; a parent is an index into the list.
    """
    rng = random.Random(6)
    start = datetime.now(UTC) - timedelta(hours=count + 1)
    found: list[dict] = []
    for n in range(count):
        parent = rng.choice(range(n)) if n and rng.random() < 0.2 else None
        found.append(
            {
                "parent": parent,
                "author": rng.choice(AUTHORS),
                "email": f"reader{n}@example.net",
                "text": comment_text(rng),
                "created": (start + timedelta(hours=n)).timestamp(),
                "mode": 1,  # accepted: every reader sees it
                "remote_addr": "127.0.0.0",
                "website": None,
            }
        )
    return found


def seed(venv: Path, settings: Path) -> None:
    """Store the 100 accepted comments on the thread before Isso serves it."""
    subprocess.run(
        [str(venv / "bin" / "python"), "-c", SEED_SCRIPT, str(settings), THREAD],
        input=json.dumps(comments()), text=True, check=True,
    )  # fmt: skip


@contextmanager
def serve(venv: Path, port: int, settings: Path, log: Path, options: list[str]) -> Iterator:
    """Serve Isso under its own gunicorn, with the site's production config and options.

    deploy/gunicorn.conf.py works for Isso as it is; its preload_app matters here, since Isso's
    write lock (a multiprocessing.Lock) is shared by the workers only when made before the fork.
    """
    gunicorn = venv / "bin" / "gunicorn"
    command = [str(gunicorn), "-c", str(servers.GUNICORN_CONF), "--bind", f"127.0.0.1:{port}"]
    with log.open("a") as output:
        process = subprocess.Popen(
            [*command, *options, APP], cwd=settings.parent,
            env={**os.environ, "ISSO_SETTINGS": str(settings)}, stdout=output,
            stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    server = servers.Server("isso", port, process)
    try:
        servers.wait_listening(port, process, log)
        yield server
    finally:
        server.stop()


@contextmanager
def isso(workdir: Path, log: Path, gunicorn_options: list[str]) -> Iterator[servers.Server]:
    """Install, configure and seed Isso under ``workdir``, then serve it until the block ends."""
    venv = workdir / "isso-venv"
    seconds = install(venv)
    print(f"isso {ISSO_VERSION} installed in {seconds:.1f} s")
    port = servers.free_port()
    settings = workdir / "isso.cfg"
    settings.write_text(config_text(workdir, f"http://127.0.0.1:{port}"))
    seed(venv, settings)
    with serve(venv, port, settings, log, gunicorn_options) as server:
        yield server


def post_args(server: servers.Server) -> list[str]:
    """Return isso_post.lua's arguments: the path it posts to and the Origin it claims."""
    return [POST_PATH, server.url]


def stored_posts(workdir: Path) -> int:
    """Count the bench's posts Isso stored, all pending (mode 2) since moderation is on."""
    with sqlite3.connect(workdir / "isso.sqlite3") as connection:
        return connection.execute(
            "SELECT count(*) FROM comments WHERE mode = 2 AND text LIKE 'Benchmark comment %'"
        ).fetchone()[0]


def request(url: str, body: dict | None = None, origin: str = "") -> tuple[int, bytes]:
    """GET, or POST ``body`` as JSON as Isso's client does; return status and body."""
    data = json.dumps(body).encode() if body is not None else None
    headers = {"Content-Type": "application/json", "Origin": origin} if data else {}
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data, headers), timeout=10) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def count_comments(thread: dict) -> int:
    """Count the comments in a fetched thread, replies (Isso nests one level deep) included."""
    return sum(1 + len(reply.get("replies", [])) for reply in thread["replies"])


def drive(server: servers.Server, name: str, **arguments: object) -> wrk.Result:
    """Run wrk for 3 s and print the rate and the CPU ms Isso's workers spent per request."""
    before = server.cpu_seconds()
    result = wrk.run(load=wrk.Load(3, 2, 16), **arguments)
    cpu_ms = 1000 * (server.cpu_seconds() - before) / max(result.requests, 1)
    print(f"{name}: {result.rate:,.0f} req/s, {cpu_ms:.2f} CPU ms/request, p50 {result.p50_ms} ms")
    print(f"  errors {result.errors} {result.extra}".rstrip())
    return result


def smoke() -> None:
    """Start Isso, read and post once by hand, drive both with wrk, and check nothing is lost."""
    with tempfile.TemporaryDirectory(prefix="isso-bench-") as folder:
        workdir = Path(folder)
        with isso(workdir, workdir / "isso.log", ["--workers", "2", "--threads", "1"]) as server:
            status, body = request(server.url + READ_PATH)
            print(f"GET {READ_PATH}: {status}, {count_comments(json.loads(body))} comments, "
                  f"{len(body):,} bytes")  # fmt: skip
            post = {"text": "Benchmark comment smoke: hello.", "author": "Bench", "website": None}
            status, _ = request(server.url + POST_PATH, post, server.url)
            print(f"POST {POST_PATH}: {status}")
            drive(server, "read 100 comments", url=server.url + READ_PATH)
            posting = drive(
                server, "post a comment", url=server.url + POST_PATH, script=POST_SCRIPT,
                script_args=[*post_args(server), "smoke.1"],
            )  # fmt: skip
        accepted = int(posting.extra.split()[2]) + (status in (201, 202))
        print(f"stored pending: {stored_posts(workdir)}, answered 201/202: {accepted}")


if __name__ == "__main__":
    smoke()
