"""Time the moderation queue's first page at 1,000 and at 100,000 comments.

Run: .venv/bin/python bench/queue_scale.py [--runs 31] [--database-url URL]

Through the test client (the whole request: login session, queries, template), on a fresh
SQLite file unless --database-url names an empty database to migrate. Prints the median of
several runs at each size and their ratio; the issue's target is a ratio of at most 1.5.
"""

import argparse
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# The project only: tests/ itself on the path would let tests/http shadow the standard http.
sys.path.insert(0, str(ROOT))

from flask import Flask  # noqa: E402

from tests.support.bulk_comments import insert_comments  # noqa: E402
from tests.support.people import Editor  # noqa: E402
from tests.support.site import fill_template, make_app  # noqa: E402

START = datetime(2020, 1, 1)
TABS = ("pending", "approved")


def median_ms(editor: Editor, status: str, runs: int) -> float:
    """Return the median time of the tab's first page, after a few warm-up requests."""
    for _ in range(3):
        assert editor.queue(status).status_code == 200
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        response = editor.queue(status)
        times.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200
    return statistics.median(times)


def measure(app: Flask, runs: int) -> dict[tuple[str, int], float]:
    editor = Editor(app.test_client())
    editor.login()
    found = {}
    for size, add in ((1_000, 1_000), (100_000, 99_000)):
        insert_comments(app, add, start=START if size == 1_000 else datetime(2021, 1, 1))
        for status in TABS:
            found[status, size] = median_ms(editor, status, runs)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=31)
    parser.add_argument("--database-url", default="")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "queue.sqlite3"
        settings = {"DATABASE_URL": options.database_url} if options.database_url else {}
        fill_template(make_app(database, **settings))
        app = make_app(database, TESTING=False, **settings)
        found = measure(app, options.runs)
    print(f"queue first page, median of {options.runs} ({options.database_url or 'SQLite'}):")
    for status in TABS:
        small, large = found[status, 1_000], found[status, 100_000]
        print(
            f"  {status:<9} 1,000: {small:6.1f} ms   100,000: {large:6.1f} ms   "
            f"ratio {large / small:.2f} (target <= 1.5)"
        )


if __name__ == "__main__":
    main()
