"""Hostile comments, names and websites, from the form to the public page and the queue."""

import re

import pytest

from cms.html.allowed import LINK_REL
from cms.html.sanitize import clean_comment
from tests.support.html_page import Element, page, parse_html
from tests.support.site import comments_in_db, last_comment_id

# Elements that run code, load content or restyle the page; none may come from a comment.
ACTIVE_TAGS = frozenset(
    {"script", "iframe", "frame", "style", "svg", "math", "img", "object", "embed", "base",
     "link", "meta", "video", "audio"}
)  # fmt: skip
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href", "data")
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
# What a comment's own HTML may contain, tag by tag (the out-going allow-list).
COMMENT_OUTPUT = {
    "a": {"href", "title", "rel"},
    "abbr": {"title"},
    **{tag: set() for tag in ("b", "blockquote", "cite", "code", "del", "em", "i", "q")},
    **{tag: set() for tag in ("s", "strike", "strong", "p", "br")},
}
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")


def url_scheme(value: str) -> str:
    """Return the scheme a browser would see, after it drops spaces and control characters."""
    match = _SCHEME.match(re.sub(r"[\x00-\x20]", "", value).lower())
    return match.group(1) if match else ""


def executable_markup(element: Element) -> list[str]:
    """List whatever inside this element could run script or point somewhere unsafe."""
    found = []
    for e in element.iter():
        if e.tag in ACTIVE_TAGS:
            found.append(f"<{e.tag}> element")
        found += [f"{name} on <{e.tag}>" for name in e.attrs if name.startswith("on")]
        for name in URL_ATTRIBUTES:
            if name in e.attrs and url_scheme(e.attrs[name]) not in SAFE_SCHEMES | {""}:
                found.append(f"{name}={e.attrs[name]!r} on <{e.tag}>")
    return found


def outside_allow_list(container: Element, allowed: dict = COMMENT_OUTPUT) -> list[str]:
    """List the tags and attributes of a comment's HTML that the allow-list does not name."""
    found = []
    for e in list(container.iter())[1:]:
        if e.tag not in allowed:
            found.append(f"<{e.tag}>")
        found += [f"{a} on <{e.tag}>" for a in e.attrs if a not in allowed.get(e.tag, ())]
    return found


# The queue shows a held comment's links as text with their target in a span of its own
# (cms/html/text.links_as_text): that span is the site's markup, and the only one added.
QUEUE_OUTPUT = {**COMMENT_OUTPUT, "span": {"class"}}


def queue_problems(row: Element) -> list[str]:
    """List what in a queued comment's HTML is neither allowed nor the link-target span."""
    shown = queued_comment_html(row)
    spans = [e.attrs.get("class") for e in shown.iter() if e.tag == "span"]
    return outside_allow_list(shown, QUEUE_OUTPUT) + [
        f"span class {c!r}" for c in spans if c != "link-target"
    ]


def queued_comment_html(row: Element) -> Element:
    """Return the comment's own HTML in a queue row, without the editor's controls."""
    return row.find("td", cls="comment-text").find("div", cls="comment-content")


HOSTILE_BODIES = [
    pytest.param("<script>alert(1)</script>", id="script"),
    pytest.param("<SCRIPT SRC=https://evil.example/x.js></SCRIPT>", id="script-src-upper"),
    pytest.param("<scr<script>ipt>alert(1)</scr</script>ipt>", id="script-split"),
    pytest.param("<<script>script>alert(1)<</script>/script>", id="script-doubled"),
    pytest.param("<!--<script>alert(1)</script>-->", id="script-in-html-comment"),
    pytest.param("<img src=x onerror=alert(1)>", id="img-onerror"),
    pytest.param('<img src="javascript:alert(1)">', id="img-javascript"),
    pytest.param("<svg onload=alert(1)>", id="svg-onload"),
    pytest.param("<svg><script>alert(1)</script></svg>", id="svg-script"),
    pytest.param('<math><mi xlink:href="javascript:alert(1)">x</mi></math>', id="math-xlink"),
    pytest.param('<a href="javascript:alert(1)">click</a>', id="javascript-href"),
    pytest.param('<a href="JaVaScRiPt:alert(1)">click</a>', id="javascript-mixed-case"),
    pytest.param('<a href="jav&#x09;ascript:alert(1)">click</a>', id="javascript-tab-entity"),
    pytest.param('<a href="jav\tascript:alert(1)">click</a>', id="javascript-raw-tab"),
    pytest.param('<a href="&#106;avascript:alert(1)">click</a>', id="javascript-decimal-entity"),
    pytest.param(
        '<a href="&#x6A;&#x61;vascript&colon;alert(1)">click</a>', id="javascript-named-colon"
    ),
    pytest.param('<a href=" javascript:alert(1)">click</a>', id="javascript-leading-space"),
    pytest.param('<a href="data:text/html,<script>alert(1)</script>">click</a>', id="data-href"),
    pytest.param(
        '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">click</a>',
        id="data-base64",
    ),
    pytest.param('<a href="vbscript:msgbox(1)">click</a>', id="vbscript-href"),
    pytest.param('<iframe src="https://evil.example/"></iframe>', id="iframe"),
    pytest.param('<object data="https://evil.example/x.swf"></object>', id="object"),
    pytest.param('<embed src="https://evil.example/x.swf">', id="embed"),
    pytest.param("<style>body{display:none}</style>", id="style-element"),
    pytest.param('<b style="background:url(javascript:alert(1))">styled</b>', id="style-attribute"),
    pytest.param('<a href="https://example.org" onclick="alert(1)">click</a>', id="a-onclick"),
    pytest.param("<b onmouseover=alert(1)>bold</b>", id="b-onmouseover"),
    pytest.param("<abbr title=x onfocus=alert(1) tabindex=0>A</abbr>", id="abbr-onfocus"),
    pytest.param('"><script>alert(1)</script>', id="breakout-double-quote"),
    pytest.param("'><script>alert(1)</script>", id="breakout-single-quote"),
    pytest.param("<abbr title='\"><script>alert(1)</script>'>x</abbr>", id="breakout-inside-title"),
    pytest.param('<a href="https://x.org"<script>alert(1)</script>', id="unclosed-tag"),
    pytest.param('<form action="javascript:alert(1)"><button>Go</button></form>', id="form-action"),
    pytest.param("javascript:alert(1)", id="bare-javascript-text"),
    pytest.param("vbscript:msgbox(1)", id="bare-vbscript-text"),
    pytest.param("data:text/html,<script>alert(1)</script>", id="bare-data-text"),
    pytest.param('See www.example.org/"onmouseover="alert(1) now', id="linkify-breakout"),
]


@pytest.mark.parametrize("body", HOSTILE_BODIES)
def test_hostile_comment_is_stored_without_executable_markup(app, commenter, body):
    assert commenter.post(comment=body).status_code == 303
    stored = comments_in_db(app)[-1].content_html
    assert "<script" not in stored.lower()
    assert executable_markup(parse_html(stored)) == []
    assert outside_allow_list(parse_html(stored)) == []


@pytest.mark.parametrize("body", HOSTILE_BODIES)
def test_hostile_comment_cannot_run_in_the_queue_or_on_the_article(
    app, commenter, reader, editor, body
):
    assert commenter.post(comment=body).status_code == 303
    comment_id = last_comment_id(app)

    row = page(editor.queue()).by_id(f"comment-{comment_id}")
    assert row is not None, "the pending comment is not in the queue"
    assert executable_markup(row) == []
    assert queue_problems(row) == []

    assert editor.act(comment_id, "approve").status_code == 302
    item = page(reader.article()).by_id(f"comment-{comment_id}")
    assert item is not None, "the approved comment is not on the article"
    assert executable_markup(item) == []
    assert outside_allow_list(item.find("div", cls="comment-content")) == []

    row = page(editor.queue("approved")).by_id(f"comment-{comment_id}")
    assert row is not None, "the approved comment is not in the approved queue"
    assert executable_markup(row) == []
    assert queue_problems(row) == []


def test_bare_javascript_text_stays_readable_but_is_not_a_link(app, commenter):
    commenter.post(comment="Never click javascript:alert(1) please")
    html = comments_in_db(app)[-1].content_html
    assert parse_html(html).find("a") is None
    assert parse_html(html).text == "Never click javascript:alert(1) please"


def test_script_typed_in_a_comment_is_shown_as_text(app, commenter, reader, editor):
    commenter.post(comment="<script>alert(1)</script>")
    comment_id = last_comment_id(app)
    editor.act(comment_id, "approve")
    item = page(reader.article()).by_id(f"comment-{comment_id}")
    assert item.find("div", cls="comment-content").text == "<script>alert(1)</script>"


# --- hostile names and websites ---

HOSTILE_NAMES = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    'Sam" onmouseover="alert(1)',
]
HOSTILE_WEBSITES = [
    'https://x.org/"><script>alert(1)</script>',
    'https://x.org/"onmouseover="alert(1)',
    "https://x.org/'><svg/onload=alert(1)>",
]


def whole_page_is_inert(doc: Element) -> None:
    # The only scripts are the site's own files (the queue's keyboard shortcuts), never inline.
    for script in doc.find_all("script"):
        assert script.attrs.get("src", "").startswith("/static/") and not script.raw_text.strip()
    assert doc.find("svg") is None
    assert [e.tag for e in doc.iter() if any(a.startswith("on") for a in e.attrs)] == []


def queue_row_shows_as_text(doc: Element, comment_id: int, name: str, website: str) -> None:
    whole_page_is_inert(doc)
    row = doc.by_id(f"comment-{comment_id}")
    assert row.find("strong").text == name
    assert row.find("span", cls="website").text == website


@pytest.mark.parametrize("name", HOSTILE_NAMES)
@pytest.mark.parametrize("website", HOSTILE_WEBSITES)
def test_hostile_name_and_website_are_escaped_on_every_page(
    app, commenter, reader, editor, name, website
):
    assert commenter.post(author=name, url=website).status_code == 303
    comment = comments_in_db(app)[-1]
    assert (comment.author_name, comment.author_url) == (name, website)
    queue_row_shows_as_text(page(editor.queue()), comment.id, name, website)

    assert editor.act(comment.id, "approve").status_code == 302
    queue_row_shows_as_text(page(editor.queue("approved")), comment.id, name, website)
    for doc in (page(reader.article()), page(reader.article(replytocom=comment.id))):
        whole_page_is_inert(doc)
        author = doc.by_id(f"comment-{comment.id}").find("b", cls="comment-author")
        assert author.text == name
        assert author.find("a").attrs["href"] == website
        reply = doc.by_id(f"comment-{comment.id}").find("a", cls="comment-reply-link")
        assert reply.attrs["aria-label"] == f"Reply to {name}"
    reply_title = page(reader.article(replytocom=comment.id)).by_id("reply-title")
    assert f"Replying to {name}" in reply_title.raw_text


# --- the cleaner itself ---


ALLOWED = [
    ("a", '<a href="https://example.org/" title="Home">x</a>', {"title": "Home"}),
    ("abbr", '<abbr title="Narcotics Anonymous">x</abbr>', {"title": "Narcotics Anonymous"}),
    *[(tag, f"<{tag}>x</{tag}>", {}) for tag in ("b", "blockquote", "cite", "code", "del")],
    *[(tag, f"<{tag}>x</{tag}>", {}) for tag in ("em", "i", "q", "s", "strike", "strong")],
]


@pytest.mark.parametrize(("tag", "source", "attrs"), ALLOWED, ids=[a[0] for a in ALLOWED])
def test_allowed_tags_are_kept(tag, source, attrs):
    html = clean_comment(f"Before {source} after")
    element = parse_html(html).find(tag)
    assert element is not None, html
    assert element.text == "x"
    assert attrs.items() <= element.attrs.items()
    assert parse_html(html).text == "Before x after"


def test_link_keeps_its_address_and_title():
    link = parse_html(clean_comment('<a href="https://example.org/a?b=1" title="T">x</a>'))
    assert link.find("a").attrs == {
        "href": "https://example.org/a?b=1",
        "title": "T",
        "rel": LINK_REL,
    }


@pytest.mark.parametrize(
    "source",
    [
        '<a href="https://example.org/">x</a>',
        '<a href="http://example.org/" rel="follow">x</a>',
        '<a href="https://example.org/" rel="noreferrer author">x</a>',
        '<a href="mailto:help@example.org">x</a>',
        "see https://example.org/page",
        "see www.example.org",
    ],
)
def test_every_link_is_marked_as_untrusted_user_content(source):
    links = parse_html(clean_comment(source)).find_all("a")
    assert links
    assert [a.attrs["rel"] for a in links] == [LINK_REL] * len(links)
    assert LINK_REL == "nofollow ugc noopener"


def test_bare_web_addresses_become_links():
    html = clean_comment("Read https://example.org/help and www.example.com today.")
    hrefs = [a.attrs["href"] for a in parse_html(html).find_all("a")]
    assert hrefs == ["https://example.org/help", "http://www.example.com"]
    assert parse_html(html).text == "Read https://example.org/help and www.example.com today."


@pytest.mark.parametrize(
    "text",
    [
        "ftp://example.org/file",
        "javascript:alert(1)",
        "vbscript:msgbox(1)",
        "data:text/html,hello",
        "irc://irc.example.org/recovery",
        "help@example.org",
    ],
)
def test_linkify_creates_links_only_with_allowed_schemes(text):
    html = clean_comment(f"Try {text} now")
    hrefs = [a.attrs["href"] for a in parse_html(html).find_all("a")]
    assert [h for h in hrefs if url_scheme(h) not in SAFE_SCHEMES] == []
    assert parse_html(html).text == f"Try {text} now"


def test_blank_lines_make_paragraphs():
    html = clean_comment("First.\n\nSecond.\r\n\r\nThird.")
    assert [p.text for p in parse_html(html).find_all("p")] == ["First.", "Second.", "Third."]


def test_single_newline_makes_a_line_break():
    doc = parse_html(clean_comment("One line\r\nnext line"))
    [paragraph] = doc.find_all("p")
    assert len(paragraph.find_all("br")) == 1
    assert paragraph.text == "One line next line"


def test_quotation_is_a_block_with_paragraphs_inside():
    doc = parse_html(clean_comment("Said:\n\n<blockquote>one\n\ntwo</blockquote>\n\nYes."))
    quote = doc.find("blockquote")
    assert quote.parent.tag == "#document"
    assert [p.text for p in quote.find_all("p")] == ["one", "two"]


@pytest.mark.parametrize(
    "text",
    [
        "I took <3 doses & felt <bad>",
        "5 < 6 and 7 > 2",
        "Day <10> of <recovery>",
        "Write <br> for a break",
        "if x<y && y>z",
    ],
)
def test_text_that_looks_like_markup_is_shown_escaped_not_lost(text):
    html = clean_comment(text)
    doc = parse_html(html)
    assert doc.text == text
    assert [e.tag for e in doc.iter()][1:] == ["p"]


def test_article_page_shows_escaped_text_to_readers(app, commenter, reader, editor):
    commenter.post(comment="I took <3 doses & felt <bad>")
    comment_id = last_comment_id(app)
    editor.act(comment_id, "approve")
    item = page(reader.article()).by_id(f"comment-{comment_id}")
    assert item.find("div", cls="comment-content").text == "I took <3 doses & felt <bad>"
    assert item.find("bad") is None


def test_hostile_comment_leaves_the_rest_of_the_article_page_intact(app, commenter, reader, editor):
    commenter.post(comment="</div></li></ol></section><script>alert(1)</script>")
    comment_id = last_comment_id(app)
    editor.act(comment_id, "approve")
    doc = page(reader.article())
    whole_page_is_inert(doc)
    assert doc.by_id("commentform") is not None
    content = doc.by_id(f"comment-{comment_id}").find("div", cls="comment-content")
    assert content.text == "</div></li></ol></section><script>alert(1)</script>"
    assert doc.by_id("commentform").parent.attrs["id"] == "respond"
