"""Time the comment sanitizer and the queue's rendering of a row on hostile full-length text.

Run: .venv/bin/python bench/sanitize.py [--runs 3]

Each body is as long as the form takes (65,525 characters). For each it prints what the
cheap pre-pass counts and costs, whether the form takes the body, what clean_comment costs
(the form refuses bodies over the bound, so this is what an import or a staff edit pays),
and what a queue row costs on what was stored.

Before the bound (2026-12-04, this machine, busy: two cores shared by six builds), in
seconds, clean_comment then the queue row (links_as_text, which re-ran bleach):
  "<b>\\n\\n" x 13,105   20.9   11.3
  "<b>" x 21,841       11.8    8.4
  "<b><i></b>" x 6,552  5.7    2.3
After it (same machine, same hour), the form refuses all three in 0.02-0.05 s before any parser
runs; clean_comment of them (now plain text) costs 3-4 s, linear in their length, as plain
text dense with "<" does; a queue row costs 0.03-0.25 s, read by one linear pass.
Later the same day, the bound also counts "<", ">" and "&" outside tags (3,000 at most):
a full-length body of any one of them had cost clean_comment 1.1-1.7 s; the form now
refuses it before any parser runs, and past the bound clean_comment escapes it without one.

It then times WordPress's paragraph rules and shortcodes (autop, expand) on hostile post
HTML an import may bring. Before they paired opening and closing tags in one pass
(2026-12-07, this machine, busy), in seconds, for the whole import of a post:
  "<pre>x" x 20,000   77      "[audio " x 20,000   27
  "<script>x" x 20,000 18     100,000 spaces        9
After: autop and expand take 0.01-0.15 s on each. What remains of a post's cost is the
sanitizer's (render_article: 69 s for the <pre> post, 10 s for the <script> one, in
html5lib's open-element scope checks and sanitize.py's script pattern, not in these rules).
"""

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parents[1])]

from cms.comments.forms import COMMENT_MAX  # noqa: E402
from cms.html.autop import autop  # noqa: E402
from cms.html.bounds import formatting  # noqa: E402
from cms.html.sanitize import clean_comment  # noqa: E402
from cms.html.shortcodes import expand  # noqa: E402
from cms.html.text import links_as_text  # noqa: E402

PATTERNS = {
    "open <b> and blank lines": "<b>\n\n",
    "open <b>": "<b>",
    "misnested <b><i></b>": "<b><i></b>",
    "plain '<'": "<",
    "plain '&'": "&",
    "'<3 & ' as people write": "Day 12 <3 & counting. ",
    "prose": "One day at a time. ",
}


# Post HTML an import may bring, each with openers and nothing to close them.
POSTS = {
    "<pre>x": "<pre>x" * 20_000,
    "<script>x": "<script>x" * 20_000,
    "[audio ": "[audio " * 20_000,
    "[caption]x": "[caption]x" * 20_000,
    "spaces": " " * 100_000,
}


def seconds(work: Callable[[], object], runs: int) -> float:
    """Return the median time of several runs of ``work``."""
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        work()
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    print(
        f"{'body':28} {'tags':>7} {'depth':>6} {'signs':>7} {'form':>7}"
        f" {'pre-pass':>9} {'clean':>7} {'row':>7}"
    )
    for name, piece in PATTERNS.items():
        body = piece * (COMMENT_MAX // len(piece))
        counted = formatting(body)
        verdict = "takes" if counted.is_within_bounds() else "refuses"
        stored = clean_comment(body)
        print(
            f"{name:28} {counted.tags:7,} {counted.depth:6,} {counted.signs:7,} {verdict:>7}"
            f" {seconds(lambda b=body: formatting(b), runs):8.3f}s"
            f" {seconds(lambda b=body: clean_comment(b), runs):6.2f}s"
            f" {seconds(lambda s=stored: links_as_text(s, 80_000), runs):6.3f}s"
        )
    print(f"\n{'imported post':28} {'autop':>7} {'expand':>7}")
    for name, post in POSTS.items():
        paragraphs = autop(post)
        print(
            f"{name:28} {seconds(lambda p=post: autop(p), runs):6.3f}s"
            f" {seconds(lambda p=paragraphs: expand(p), runs):6.3f}s"
        )


if __name__ == "__main__":
    main()
