"""Choose gunicorn's worker type: the site under sync workers and under gthread, one run.

    .venv/bin/python bench/workers.py [--seconds 5] [--rounds 2] [--threads 4]

Both servers run at once on the same fresh database, and wrk drives them in alternation
(sync, gthread, sync, gthread …) on the same pages, so the machine's drift hits both alike.
"""

import argparse
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import report, servers, wrk  # noqa: E402
from bench.run import SETTINGS, build_site, form_for_posting  # noqa: E402


def plan(sync: servers.Server, threaded: servers.Server, label: str) -> list[report.Target]:
    """Alternate each page, and posting, between the two servers."""
    post = Path(__file__).with_name("post.lua")
    found = []
    for path in ("/bench-100/", "/bench-1000/"):
        for server, name in ((sync, "sync"), (threaded, label)):
            found.append(report.Target(f"{name} {path}", server, f"{server.url}{path}"))
    for server, name in ((sync, "sync"), (threaded, label)):
        args = form_for_posting(server)
        found.append(
            report.Target(f"{name} posting", server, f"{server.url}{args[0]}",
                          headers={"Origin": server.url}, script=post, script_args=args)
        )  # fmt: skip
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cms-workers-") as folder, ExitStack() as stack:
        workdir = Path(folder)
        env = {f"FLASK_{k}": v for k, v in SETTINGS.items()}
        env["FLASK_DATABASE_URL"] = build_site(workdir)
        log = workdir / "gunicorn.log"
        sync = stack.enter_context(
            servers.gunicorn("sync", "wsgi:app", log, env, ["--workers", "2"])
        )
        threaded = stack.enter_context(
            servers.gunicorn("gthread", "wsgi:app", log, env,
                             ["--workers", "2", "--threads", str(options.threads)])
        )  # fmt: skip
        label = f"gthread x{options.threads}"
        results = report.measure(
            plan(sync, threaded, label), wrk.Load(options.seconds), options.rounds
        )
        memory = {"sync": sync.rss_mb(), label: threaded.rss_mb()}
    print("\n".join(report.rows(results)))
    for name, sizes in memory.items():
        print(f"memory per {name} worker: " + ", ".join(f"{mb:.0f} MB" for mb in sizes))


if __name__ == "__main__":
    main()
