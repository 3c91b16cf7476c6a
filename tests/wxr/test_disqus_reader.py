"""Reading Disqus exports into records: the fields of real files, and refusals."""

from datetime import datetime
from pathlib import Path

import pytest

from cms.wxr.disqus_reader import Post, Thread, read_disqus
from cms.wxr.reader import NotAnExport

DATA = Path(__file__).parents[1] / "data" / "disqus"


def test_remark42s_file_is_counted_and_read_field_by_field() -> None:
    export = read_disqus(DATA / "remark42-disqus.xml")
    assert (export.thread_count, export.post_count) == (2, 4)
    records = list(export.records)
    threads = [r for r in records if isinstance(r, Thread)]
    posts = [r for r in records if isinstance(r, Post)]
    assert threads[1].link == "https://radio-t.com/p/2011/03/05/podcast-229/"
    assert threads[1].identifier == "http://www.radio-t.com/p/2011/03/05/podcast-229/"
    first = posts[0]
    assert (first.dsq_id, first.thread, first.parent) == ("299619020", "247937687", "")
    assert (first.name, first.email, first.ip) == ("Alexander Blah", "", "178.178.178.178")
    assert first.created == datetime(2011, 8, 31, 15, 16, 29)
    assert first.message.strip().startswith("<p>The quick brown fox")
    assert [p.spam for p in posts] == [False, False, False, True]


def test_issos_file_keeps_its_parents_and_its_empty_thread() -> None:
    records = list(read_disqus(DATA / "isso-disqus.xml").records)
    assert [r.link for r in records if isinstance(r, Thread)] == ["http://example.org/", ""]
    assert [(p.dsq_id, p.parent) for p in records if isinstance(p, Post)] == [
        ("4", ""),
        ("5", "4"),
        ("6", ""),
    ]


def test_ids_that_are_not_disqus_ids_are_dropped(tmp_path: Path) -> None:
    path = tmp_path / "d.xml"
    path.write_text(
        '<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">'
        '<post dsq:id="1e9"><thread dsq:id="²"/><createdAt>yesterday</createdAt></post></disqus>'
    )
    (post,) = read_disqus(path).records
    assert (post.dsq_id, post.thread, post.created, post.approved) == ("", "", None, None)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "<rss/>",
        "<disqus xmlns='http://disqus.com'>",
        '<!DOCTYPE d SYSTEM "file:///etc/passwd"><d/>',
    ],
    ids=["empty", "another-format", "cut-short", "dtd"],
)
def test_refused_files(tmp_path: Path, text: str) -> None:
    path = tmp_path / "d.xml"
    path.write_text(text)
    with pytest.raises(NotAnExport):
        read_disqus(path)
