"""Reading a WordPress export: what read() finds in small files, and what it refuses."""

from datetime import datetime
from pathlib import Path

import pytest

from cms.wxr.reader import NotAnExport, read

HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/{v}/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/{v}/">
<channel><wp:wxr_version>{v}</wp:wxr_version>
"""
DEFINITIONS = """<wp:author><wp:author_login>kim</wp:author_login>
<wp:author_display_name>Kim Writer</wp:author_display_name></wp:author>
<wp:category><wp:category_nicename>relapse</wp:category_nicename>
<wp:category_parent></wp:category_parent><wp:cat_name>Relapse</wp:cat_name>
<wp:category_description>After a slip.</wp:category_description></wp:category>
<wp:category><wp:category_nicename>caf%c3%a9</wp:category_nicename>
<wp:category_parent>relapse</wp:category_parent><wp:cat_name>Café</wp:cat_name></wp:category>
<wp:tag><wp:tag_slug>hope</wp:tag_slug><wp:tag_name>Hope</wp:tag_name></wp:tag>
"""
POST = """<item><title> Day one </title><dc:creator>kim</dc:creator>
<content:encoded><![CDATA[<p>Still here.</p>]]></content:encoded>
<excerpt:encoded><![CDATA[A short one.]]></excerpt:encoded>
<wp:post_id>12</wp:post_id><wp:post_date>2020-05-01 12:00:00</wp:post_date>
<wp:post_date_gmt>2020-05-01 10:00:00</wp:post_date_gmt>
<wp:comment_status>closed</wp:comment_status><wp:post_name>d%c3%a9but</wp:post_name>
<wp:status>publish</wp:status><wp:post_type>post</wp:post_type>
<category domain="category" nicename="relapse"><![CDATA[Relapse]]></category>
<category domain="post_tag" nicename="hope"><![CDATA[Hope]]></category>
<wp:comment><wp:comment_id>70</wp:comment_id><wp:comment_author>Ann</wp:comment_author>
<wp:comment_author_email>ann@example.net</wp:comment_author_email>
<wp:comment_author_url>https://ann.example/</wp:comment_author_url>
<wp:comment_author_IP>192.0.2.7</wp:comment_author_IP>
<wp:comment_date>2020-05-02 10:00:00</wp:comment_date>
<wp:comment_date_gmt>0000-00-00 00:00:00</wp:comment_date_gmt>
<wp:comment_content><![CDATA[Thank you.]]></wp:comment_content>
<wp:comment_approved>1</wp:comment_approved><wp:comment_type>comment</wp:comment_type>
<wp:comment_parent>{parent}</wp:comment_parent></wp:comment>
</item>
"""
PAGE = """<item><title>About</title><wp:post_id>13</wp:post_id>
<wp:post_type>page</wp:post_type><wp:status>draft</wp:status></item>
"""
TAIL = "</channel></rss>\n"


def export(tmp_path: Path, body: str, version: str = "1.2") -> Path:
    """Write an export of this WXR version holding ``body`` inside its channel."""
    path = tmp_path / "export.xml"
    path.write_text(HEAD.format(v=version) + body + TAIL, encoding="utf-8")
    return path


def test_read_keeps_the_authors_topics_and_counts_the_items(tmp_path: Path) -> None:
    document = read(export(tmp_path, DEFINITIONS + POST.format(parent=0) + PAGE))
    assert document.authors == {"kim": "Kim Writer"}
    assert [(c.slug, c.name, c.parent) for c in document.categories] == [
        ("relapse", "Relapse", ""),
        ("café", "Café", "relapse"),
    ]
    assert document.categories[0].description == "After a slip."
    assert [(t.slug, t.name) for t in document.tags] == [("hope", "Hope")]
    assert document.item_count == 2


@pytest.mark.parametrize("version", ["1.1", "1.2"])
def test_an_item_is_read_with_its_fields_topics_and_comments(tmp_path: Path, version: str) -> None:
    post, page = read(export(tmp_path, POST.format(parent=0) + PAGE, version)).items
    assert (post.wp_id, post.post_type, post.status) == (12, "post", "publish")
    assert (post.title, post.slug, post.creator) == ("Day one", "début", "kim")
    assert post.date == datetime(2020, 5, 1, 10, 0)  # the GMT date, not the local one
    assert (post.content, post.excerpt) == ("<p>Still here.</p>", "A short one.")
    assert post.comments_open is False
    assert [(t.slug, t.name) for t in post.categories] == [("relapse", "Relapse")]
    assert [(t.slug, t.name) for t in post.tags] == [("hope", "Hope")]
    [comment] = post.comments
    assert (comment.wp_id, comment.parent, comment.author) == (70, 0, "Ann")
    assert (comment.email, comment.url, comment.ip) == (
        "ann@example.net",
        "https://ann.example/",
        "192.0.2.7",
    )
    # WordPress left the GMT date unset: the local one stands in.
    assert comment.date == datetime(2020, 5, 2, 10, 0)
    assert (comment.content, comment.approved, comment.type) == ("Thank you.", "1", "comment")
    assert (page.wp_id, page.post_type, page.status, page.date) == (13, "page", "draft", None)
    assert page.comments_open is True and page.comments == []


@pytest.mark.parametrize("parent", ["", "abc", "-3", "²", str(2**31), str(2**70)])
def test_an_id_that_is_not_a_whole_number_the_database_holds_reads_as_none(
    tmp_path: Path, parent: str
) -> None:
    [item] = read(export(tmp_path, POST.format(parent=parent))).items
    assert item.comments[0].parent == 0


def test_html_written_without_cdata_is_read_as_the_markup_it_is(tmp_path: Path) -> None:
    raw = '<p>Raw <b>bold</b> &amp; <a href="/x">linked</a></p>\n<p>Two<br/>lines</p> tail'
    item = POST.format(parent=0).replace("<![CDATA[<p>Still here.</p>]]>", raw)
    item = item.replace("<![CDATA[Thank you.]]>", "<em>Thanks</em>!")
    [post] = read(export(tmp_path, item)).items
    assert post.content == raw.replace("<br/>", "<br />")
    assert post.comments[0].content == "<em>Thanks</em>!"


def test_the_items_can_be_read_again_from_the_start(tmp_path: Path) -> None:
    document = read(export(tmp_path, POST.format(parent=0) + PAGE))
    first = [item.wp_id for item in document.items]
    assert first == [item.wp_id for item in document.items] == [12, 13]


REFUSED = {
    "an external entity": (
        '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        "<rss><channel><wp:wxr_version>1.2</wp:wxr_version>&x;</channel></rss>"
    ),
    "nested entities": (
        '<!DOCTYPE r [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><rss><channel>&b;</channel></rss>'
    ),
    "a bare DTD": '<!DOCTYPE rss SYSTEM "http://example.org/rss.dtd"><rss><channel/></rss>',
    "an unclosed item": "<rss><channel><item>not closed</channel></rss>",
    "no XML at all": "Just some words.",
    "an empty file": "",
    "HTML": "<html><body>Not an export</body></html>",
    "RSS without a WXR version": "<rss><channel><item><title>Feed</title></item></channel></rss>",
    "a WXR version outside an rss": (
        '<feed xmlns:wp="http://wordpress.org/export/1.2/"><channel>'
        "<wp:wxr_version>1.2</wp:wxr_version></channel></feed>"
    ),
}


@pytest.mark.parametrize("content", REFUSED.values(), ids=REFUSED.keys())
def test_a_file_that_is_not_a_safe_export_is_refused_with_a_reason(
    tmp_path: Path, content: str
) -> None:
    path = tmp_path / "bad.xml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(NotAnExport, match="not a (readable )?WordPress export"):
        read(path)


def test_a_broken_end_is_refused_before_any_item_is_read(tmp_path: Path) -> None:
    # read() checks the whole file, so an import never starts on a file that breaks later.
    path = tmp_path / "cut.xml"
    path.write_text(HEAD.format(v="1.2") + POST.format(parent=0) + "<item><title>Cut", "utf-8")
    with pytest.raises(NotAnExport):
        read(path)
