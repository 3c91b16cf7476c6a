"""CPU of a refused post and the page it sends the form back on, against an accepted post.

    .venv/bin/python bench/refusals.py [--count N] [--repeat R] [--slug SLUG] [--kinds KIND ...]

In one process through the Flask test client, as bench/refused.lua drives gunicorn: each
refusal is the POST and the GET of the page the redirect names, with the cookies each answer
set, as a browser does; an accepted post is the POST alone (bench/post.lua). A duplicate and a
flood come from a browser whose first comment is still pending, so its page shows that
preview; "no name" is a form with the name left out. Prints the process's CPU (user +
system, time.process_time) per round, the least of R runs of N, and its ratio to an accepted
post.
"""

import argparse
import itertools
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from flask import Flask  # noqa: E402
from flask.testing import FlaskClient  # noqa: E402

from bench.report import form_value  # noqa: E402
from bench.run import POST_SLUG, SETTINGS, build_site  # noqa: E402
from cms import create_app  # noqa: E402

KINDS = ("accepted", "duplicate", "flood", "invalid")


def app_for(kind: str, database_url: str) -> Flask:
    """Return the site as the bench serves it; a flood needs the flood check on."""
    settings = {k: (int(v) if v.isdigit() else v) for k, v in SETTINGS.items()}
    settings.update(RATELIMIT_ENABLED=False, DATABASE_URL=database_url)
    if kind == "flood":
        settings["COMMENT_FLOOD_SECONDS"] = 3600
    return create_app(settings)


def rounds(kind: str, client: FlaskClient, slug: str) -> Callable[[int], None]:
    """Return a function making ``count`` rounds of one kind: a post, and for a refusal the
    page it sends the form back on."""
    path = f"/{slug}/comments"
    # Each kind from its own address: a flood counts every comment from the poster's IP.
    client.environ_base["REMOTE_ADDR"] = f"192.0.2.{KINDS.index(kind) + 1}"
    page = client.get(f"/{slug}/").get_data(as_text=True)
    form = {"csrf_token": form_value(page, "csrf_token"), "shown": form_value(page, "shown"),
            "author": "Bench", "email": "bench@example.net", "url": "",
            "comment_parent": "0", "subject": ""}  # fmt: skip
    numbers = itertools.count()
    if kind in ("duplicate", "flood"):
        # The first comment is stored, pending: every later post of this browser is refused.
        first = client.post(path, data={**form, "comment": "Benchmark refusal: the same words."})
        assert first.status_code == 303 and "#respond" not in first.location, first.location
    if kind == "invalid":
        form["author"] = ""

    def words() -> str:
        if kind == "duplicate":
            return "Benchmark refusal: the same words."
        return f"Benchmark refusal {next(numbers)}: other words."

    def run(count: int) -> None:
        for _ in range(count):
            answer = client.post(path, data={**form, "comment": words()})
            assert answer.status_code == 303, answer.status_code
            if kind == "accepted":
                assert not answer.location.endswith("#respond"), answer.location
                continue
            assert answer.location.endswith("#respond"), answer.location
            sent_back = client.get(answer.location.partition("#")[0])
            assert sent_back.status_code == 200, sent_back.status_code

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3, help="rounds of each kind, least kept")
    parser.add_argument("--slug", default=POST_SLUG, help="the article posted to")
    parser.add_argument("--kinds", nargs="+", choices=KINDS, default=KINDS)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cms-refusals-") as folder:
        url = build_site(Path(folder))
        runs = {kind: rounds(kind, app_for(kind, url).test_client(), options.slug)
                for kind in options.kinds}  # fmt: skip
        figures: dict[str, float] = {}
        for run in runs.values():
            run(min(options.count, 50))  # warm up: imports, template compilation, caches
        # Kinds in turn, round after round, so the shared machine's drift hits all alike;
        # the least of each kind's rounds is the one least disturbed.
        for _round in range(options.repeat):
            for kind, run in runs.items():
                start = time.process_time()
                run(options.count)
                ms = 1000 * (time.process_time() - start) / options.count
                figures[kind] = min(figures.get(kind, ms), ms)
        accepted = figures.get("accepted")
        for kind, ms in figures.items():
            ratio = f"{ms / accepted:5.2f}x accepted" if accepted else ""
            print(f"{kind:<10} {ms:7.2f} ms CPU per round  {ratio}")


if __name__ == "__main__":
    main()
