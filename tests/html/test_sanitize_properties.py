"""Whatever a visitor or an author types, the sanitizer's output cannot run in a browser.

Hypothesis composes hostile markup (tags, attributes, entities, quotes, script URLs in mixed
case, whitespace and encodings) and random text; html5lib parses each output as a browser
would. Derandomized, so CI runs the same examples every time.
"""

import html

import html5lib
from hypothesis import assume, given
from hypothesis import strategies as st

from cms.html import allowed, sanitize
from cms.html.text import comment_text, editable_text
from tests.support.executable import fragment_problems, url_scheme
from tests.support.properties import repeatable

PROPERTY = repeatable(100)

TAGS = [
    "a", "b", "i", "em", "strong", "code", "blockquote", "q", "abbr", "strike", "p", "br",
    "img", "h2", "table", "td", "pre", "script", "SCRIPT", "ScRiPt", "style", "iframe",
    "object", "embed", "svg", "math", "template", "noscript", "textarea", "title", "xmp",
    "plaintext", "form", "button", "input", "base", "meta", "link", "video", "details",
    "marquee", "select", "option", "mglyph", "malignmark", "annotation-xml", "foreignObject",
    "animate", "set", "use", "image", "body", "frameset", "isindex", "listing", "noembed",
]  # fmt: skip
ATTRIBUTES = [
    "href", "HREF", "src", "title", "alt", "onclick", "OnError", "onload", "onfocus",
    "onmouseover", "style", "action", "formaction", "xlink:href", "data", "srcdoc",
    "srcset", "poster", "background", "rel", "id", "class", "width", "autofocus", "open",
    "encoding", "values", "attributeName", "to", "from", "http-equiv", "content",
]  # fmt: skip
SCHEMES = ["javascript", "JaVaScRiPt", "vbscript", "VBScript", "data", "DATA", "livescript"]
ENTITY_FORMS = [
    lambda c: c,
    lambda c: f"&#{ord(c)};",
    lambda c: f"&#x{ord(c):x};",
    lambda c: f"&#X{ord(c):X}",
    lambda c: f"&#{ord(c):07d}",
    lambda c: html.escape(c),
]
NOISE = ["", " ", "\t", "\n", "\r", "\x00", "\x0b", "\x0c", "&#9;", "&#10;", "&#x0A;", "&Tab;",
         "&NewLine;", "\x01", "\u200b", "\ufeff"]  # fmt: skip
PAYLOADS = ["alert(1)", "alert`1`", "text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
            "msgbox(1)", "//%0aalert(1)", "&#97;lert(1)"]  # fmt: skip
SAFE_URLS = ["https://example.org/a?b=1&c=2", "http://x.test", "mailto:a@example.org",
             "/relative", "#frag", "page.html", "//host.test/x"]  # fmt: skip


@st.composite
def encoded(draw: st.DrawFn, text: str) -> str:
    """Write text with each character as itself or as an entity, with noise between."""
    out = []
    for char in text:
        out.append(draw(st.sampled_from(ENTITY_FORMS))(char))
        if draw(st.integers(0, 5)) == 0:
            out.append(draw(st.sampled_from(NOISE)))
    return "".join(out)


@st.composite
def script_urls(draw: st.DrawFn) -> str:
    scheme = draw(st.sampled_from(SCHEMES))
    payload = draw(st.sampled_from(PAYLOADS))
    lead = draw(st.sampled_from(NOISE))
    return lead + draw(encoded(scheme + ":")) + payload


urls = st.one_of(script_urls(), st.sampled_from(SAFE_URLS))
quotes = st.sampled_from(['"', "'", "`", ""])


@st.composite
def attributes(draw: st.DrawFn) -> str:
    name = draw(st.sampled_from(ATTRIBUTES))
    value = draw(st.one_of(urls, st.sampled_from(PAYLOADS), st.text(max_size=8)))
    quote = draw(quotes)
    separator = draw(st.sampled_from([" ", "/", "\n", "\t", "  "]))
    return f"{separator}{name}={quote}{value}{quote}"


@st.composite
def elements(draw: st.DrawFn) -> str:
    tag = draw(st.sampled_from(TAGS))
    attrs = "".join(draw(st.lists(attributes(), max_size=3)))
    close = draw(st.sampled_from([">", "/>", " >", "", ">\n"]))
    inner = draw(st.one_of(st.just(""), st.sampled_from(PAYLOADS), st.text(max_size=10)))
    end = draw(st.sampled_from([f"</{tag}>", f"</{tag.upper()}>", "", f"</{tag} x>"]))
    return f"<{tag}{attrs}{close}{inner}{end}"


pieces = st.one_of(
    elements(),
    urls,
    st.sampled_from(["<!--", "-->", "<![CDATA[", "]]>", "<!", "</", "<", ">", '"', "'", "&",
                     "&amp;", "&lt;", "&#60;", "\n\n", "\n", "<?xml ?>", "<%", "</p>"]),
    st.text(max_size=12),
)  # fmt: skip
hostile = st.lists(pieces, min_size=1, max_size=8).map("".join)
any_input = st.one_of(hostile, st.text())


def assert_inert(output: str) -> None:
    found = fragment_problems(output)
    assert not found, f"executable output {output!r}: {found}"


def _reclean_comment(output: str) -> str:
    """Clean stored comment HTML again with the allow-lists it was stored under."""
    tags = allowed.COMMENT_TAGS | allowed.LAYOUT_TAGS
    return sanitize._linker.linkify(sanitize._clean(output, tags, allowed.COMMENT_ATTRIBUTES))


def _reclean_article(output: str) -> str:
    """Clean rendered article HTML again with the article allow-lists."""
    cleaned = sanitize.bleach.clean(
        output,
        tags=allowed.ARTICLE_TAGS,
        attributes=sanitize._image_source_is_web,
        protocols=allowed.ARTICLE_PROTOCOLS,
        strip=True,
    )
    return sanitize._article_linker.linkify(cleaned)


@PROPERTY
@given(any_input)
def test_a_cleaned_comment_has_nothing_a_browser_would_run(text: str) -> None:
    assert_inert(sanitize.clean_comment(text))


@PROPERTY
@given(any_input)
def test_a_cleaned_comment_is_unchanged_by_cleaning_it_again(text: str) -> None:
    once = sanitize.clean_comment(text)
    assert _reclean_comment(once) == once


@PROPERTY
@given(any_input)
def test_an_edited_comment_saved_unchanged_is_stored_unchanged(text: str) -> None:
    once = sanitize.clean_comment(text)
    # The edit form refuses an empty text, as the comment form does.
    assume(editable_text(once).strip())
    assert sanitize.clean_comment(editable_text(once)) == once


@PROPERTY
@given(any_input)
def test_a_rendered_article_has_nothing_a_browser_would_run(source: str) -> None:
    assert_inert(sanitize.render_article(source))


@PROPERTY
@given(any_input)
def test_a_rendered_article_is_unchanged_by_cleaning_it_again(source: str) -> None:
    once = sanitize.render_article(source)
    assert _reclean_article(once) == once


def _links(html_text: str) -> list[str]:
    fragment = html5lib.parseFragment(html_text, container="div", namespaceHTMLElements=False)
    return [a.get("href") for a in fragment.iter("a") if a.get("href")]


@PROPERTY
@given(any_input)
def test_comment_mail_text_shows_where_every_link_goes(text: str) -> None:
    stored = sanitize.clean_comment(text)
    mailed = comment_text(stored)
    # A moderator reading the mail must see the real destination of every link.
    for href in _links(stored):
        assert href in mailed


@PROPERTY
@given(st.one_of(script_urls(), st.sampled_from(SAFE_URLS)))
def test_only_web_and_mail_links_survive_in_comments_and_articles(url: str) -> None:
    for output in (
        sanitize.clean_comment(f'<a href="{url}">x</a>'),
        sanitize.render_article(f"[x]({url}) ![i]({url})"),
    ):
        for href in _links(output):
            assert url_scheme(href) in (None, "http", "https", "mailto")
        assert_inert(output)
