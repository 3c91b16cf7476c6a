"""Profile the site's hot paths in one process with pyinstrument: where the CPU time goes.

    .venv/bin/python bench/profile.py article|remembered|conditional|post [--count N]
        [--page /bench-1000/]
    .venv/bin/python bench/profile.py duplicate|flood|invalid [--count N] [--slug SLUG]

Builds a fresh benchmark site (bench/seed.py) in a temporary folder, warms up, then profiles
N requests through the Flask test client (the same code gunicorn runs, without the network)
and prints pyinstrument's tree, trimmed to the frames that matter. A refusal is its post and
the page it sends the form back on, as bench/refusals.py times them.
"""

import argparse
import itertools
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pyinstrument import Profiler  # noqa: E402

from bench import refusals  # noqa: E402
from bench.report import form_value  # noqa: E402
from bench.run import POST_SLUG, build_site  # noqa: E402


def requests_for(path: str, client, count: int, page: str):  # noqa: ANN001, ANN201
    """Return a function making ``count`` requests of the chosen kind."""
    if path == "article":
        return lambda: [client.get(page) for _ in range(count)]
    if path == "remembered":
        client.set_cookie("comment_author", "author=Bench&email=bench%40example.net&url=")
        return lambda: [client.get(page) for _ in range(count)]
    if path == "conditional":
        etag = client.get(page).headers.get("ETag", "")
        return lambda: [client.get(page, headers={"If-None-Match": etag}) for _ in range(count)]
    page = client.get(f"/{POST_SLUG}/").get_data(as_text=True)
    token, shown = form_value(page, "csrf_token"), form_value(page, "shown")

    numbers = itertools.count()

    def post() -> None:
        for _, n in zip(range(count), numbers, strict=False):
            answer = client.post(f"/{POST_SLUG}/comments", data={
                "csrf_token": token, "shown": shown, "comment": f"Profiled comment {n}.",
                "author": "Bench", "email": "bench@example.net", "comment_parent": "0",
            })  # fmt: skip
            assert answer.status_code == 303, answer.status_code

    return post


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "path", choices=("article", "remembered", "conditional", "post", *refusals.KINDS[1:])
    )
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--page", default="/bench-100/", help="the article to read")
    parser.add_argument("--slug", default=POST_SLUG, help="the article a refusal posts to")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cms-profile-") as folder:
        url = build_site(Path(folder))
        client = refusals.app_for(options.path, url).test_client()
        if options.path in refusals.KINDS:
            run = refusals.rounds(options.path, client, options.slug)
            work = lambda: run(options.count)  # noqa: E731
        else:
            work = requests_for(options.path, client, options.count, options.page)
        work()  # warm up: imports, template compilation, caches
        profiler = Profiler(interval=0.0005)
        with profiler:
            work()
        print(profiler.output_text(unicode=True, color=False, show_all=False))


if __name__ == "__main__":
    main()
