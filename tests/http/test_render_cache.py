"""The render cache fills the parts each package registers, and knows none of them itself."""

import ast
import itertools
import time
from pathlib import Path

import pytest
from flask import Flask

from cms.http.render_cache import Filler, RenderCache

HTTP = Path(__file__).resolve().parents[2] / "cms" / "http"


def counting_filler(name: str) -> Filler:
    """Return a filler whose values count up, so each fresh value is told apart."""
    made = iter(range(1, 1000))
    return Filler(name, lambda argument: f"{name}={argument}#{next(made)}")


def test_each_registered_marker_gets_a_fresh_value_every_time_a_page_is_served():
    cache = RenderCache(10_000)
    token, stamp = counting_filler("token"), counting_filler("stamp")
    cache.add_filler(token)
    cache.add_filler(stamp)
    page = f"<p>{token.mark(7)}|{stamp.mark()}|{token.mark(7)}|{token.mark(8)}</p>".encode()
    cache.put("etag", page, "text/html")
    pieces, _mimetype = cache.get("etag")
    assert cache.fill(pieces) == b"<p>token=7#1|stamp=#1|token=7#1|token=8#2</p>"
    assert cache.fill(pieces) == b"<p>token=7#3|stamp=#2|token=7#3|token=8#4</p>"


def test_a_marker_of_a_part_nobody_registered_is_left_as_text():
    cache = RenderCache(10_000)
    cache.add_filler(counting_filler("token"))
    stray = Filler("other", lambda _argument: "filled").mark(1)
    assert cache.fill(cache.split(f"<p>{stray}</p>".encode())) == f"<p>{stray}</p>".encode()


@pytest.mark.parametrize("argument", ["1.2", "a-b", "<b>", '"', " "])
def test_a_marker_argument_is_letters_and_digits_only(argument):
    with pytest.raises(ValueError):
        Filler("token", str).mark(argument)


def test_the_comment_form_registers_its_token_stamp_and_slots(app: Flask):
    from cms.comments.page_parts import (
        FORGET_TOKEN,
        FORM_SLOT,
        FORM_TOKEN,
        REMEMBERED,
        SHOWN_STAMP,
        THREAD_PART,
    )

    cache = app.extensions["render_cache"]
    parts = {FORM_TOKEN, SHOWN_STAMP, FORM_SLOT, REMEMBERED, FORGET_TOKEN, THREAD_PART}
    assert set(cache._fillers.values()) == parts


def test_splice_replaces_what_lies_between_two_markers_and_fills_the_rest(app: Flask):
    cache = RenderCache(10_000)
    token = Filler("token", lambda argument: f"<{argument}>")
    slot = Filler("slot", lambda _edge: "")
    cache.add_filler(token)
    cache.add_filler(slot)
    page = f"head {token.mark(1)} {slot.mark('start')}old form{slot.mark('end')} tail"
    inner = cache.split(f"new form {token.mark(2)}".encode())
    spliced = cache.splice(cache.split(page.encode()), slot.mark("start"), slot.mark("end"), inner)
    assert cache.fill(spliced) == b"head <1> new form <2> tail"
    with pytest.raises(ValueError):
        cache.splice(cache.split(b"no slot here"), slot.mark("start"), slot.mark("end"), inner)


@pytest.mark.parametrize("path", sorted(HTTP.glob("*.py")), ids=lambda path: path.name)
def test_the_http_layer_imports_nothing_from_the_comments_or_mail(path: Path):
    imported = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            imported.add("." * node.level + (node.module or ""))
        elif isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)
    assert not {name for name in imported if name.lstrip(".").split(".")[0] in ("comments", "mail")}
    assert not {name for name in imported if name.startswith(("cms.comments", "cms.mail"))}


def test_a_page_of_parts_that_last_a_second_is_filled_once_that_second() -> None:
    cache = RenderCache(10_000)
    calls: list[str] = []
    steady = Filler("steady", lambda arg: calls.append(arg) or "S", same_all_second=True)
    cache.add_filler(steady)
    pieces = cache.split(f"a {steady.mark(1)} b".encode())
    while time.time() % 1 > 0.8:  # leave room in this second for both
        time.sleep(0.05)
    assert cache.filled("page", pieces) == cache.filled("page", pieces) == b"a S b"
    assert calls == ["1"]
    time.sleep(1.05)
    assert cache.filled("page", pieces) == b"a S b" and calls == ["1", "1"]


def test_a_page_with_a_part_fresh_each_time_is_filled_each_time() -> None:
    cache = RenderCache(10_000)
    count = itertools.count()
    steady = Filler("steady", lambda _arg: "S", same_all_second=True)
    fresh = Filler("fresh", lambda _arg: str(next(count)))
    cache.add_filler(steady)
    cache.add_filler(fresh)
    pieces = cache.split(f"{steady.mark()}{fresh.mark()}".encode())
    assert cache.filled("page", pieces) == b"S0"
    assert cache.filled("page", pieces) == b"S1"
