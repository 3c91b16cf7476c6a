"""The allow-lists: which tags, attributes and link schemes stored HTML may carry, and that
the sanitizer holds comments and articles to exactly them."""

import pytest

from cms.html import allowed
from cms.html.sanitize import clean_comment, render_article
from tests.support.html_page import parse_html

# Elements that run, load or submit something, or restyle the page: never in any list.
ACTIVE_TAGS = {
    "script", "style", "iframe", "frame", "object", "embed", "applet", "form", "input",
    "button", "textarea", "select", "svg", "math", "link", "meta", "base", "template",
}  # fmt: skip
TAG_LISTS = {
    "comment": allowed.COMMENT_TAGS,
    "layout": allowed.LAYOUT_TAGS,
    "article": allowed.ARTICLE_TAGS,
}
ATTRIBUTE_LISTS = {
    "comment": allowed.COMMENT_ATTRIBUTES,
    "article": allowed.ARTICLE_ATTRIBUTES,
}


@pytest.mark.parametrize("tags", TAG_LISTS.values(), ids=TAG_LISTS.keys())
def test_no_list_allows_an_element_that_runs_or_loads_anything(tags: frozenset[str]) -> None:
    assert not tags & ACTIVE_TAGS


@pytest.mark.parametrize("attributes", ATTRIBUTE_LISTS.values(), ids=ATTRIBUTE_LISTS.keys())
def test_no_list_allows_a_handler_a_style_or_an_inline_document(
    attributes: dict[str, list[str]],
) -> None:
    names = {name for names in attributes.values() for name in names}
    assert not {n for n in names if n.startswith("on") or n in {"style", "srcdoc", "formaction"}}


def test_links_may_only_be_web_or_mail_addresses() -> None:
    assert allowed.LINK_SCHEMES == allowed.ARTICLE_PROTOCOLS == {"http", "https", "mailto"}


def test_a_comment_may_carry_nothing_an_article_may_not() -> None:
    assert allowed.COMMENT_TAGS | allowed.LAYOUT_TAGS <= allowed.ARTICLE_TAGS
    for tag, names in allowed.COMMENT_ATTRIBUTES.items():
        assert set(names) <= set(allowed.ARTICLE_ATTRIBUTES[tag]), tag


@pytest.mark.parametrize("tag", sorted(allowed.COMMENT_TAGS - {"a"}))
def test_every_comment_tag_is_kept_in_a_comment(tag: str) -> None:
    stored = parse_html(clean_comment(f"<{tag}>words</{tag}>"))
    assert [e.text for e in stored.find_all(tag)] == ["words"]


# Paragraph formatting adds <p> and <br> itself, so those two are left out here.
@pytest.mark.parametrize(
    "tag", sorted(allowed.ARTICLE_TAGS - allowed.COMMENT_TAGS - allowed.LAYOUT_TAGS)
)
def test_an_article_only_tag_typed_in_a_comment_is_shown_as_text(tag: str) -> None:
    stored = parse_html(clean_comment(f"<{tag}>words</{tag}>"))
    assert stored.find_all(tag) == []
    assert f"<{tag}>" in stored.text


@pytest.mark.parametrize(
    ("source", "kept"),
    [
        ('<abbr title="As soon as possible">ASAP</abbr>', {"title"}),
        ('<b title="x" class="y" id="z">bold</b>', set()),
        ('<q cite="https://x.example/">quote</q>', set()),
    ],
)
def test_a_comment_keeps_only_the_attributes_its_list_names(source: str, kept: set[str]) -> None:
    [element] = [e for e in parse_html(clean_comment(source)).iter() if e.tag in {"abbr", "b", "q"}]
    assert set(element.attrs) == kept


def test_every_link_in_a_comment_carries_the_listed_rel() -> None:
    stored = parse_html(
        clean_comment('<a href="https://x.example/">x</a> and https://example.org/')
    )
    assert [a.attrs["rel"] for a in stored.find_all("a")] == [allowed.LINK_REL] * 2


@pytest.mark.parametrize("scheme", ["javascript", "data", "vbscript", "ftp", "file", "tel"])
def test_a_link_with_a_scheme_outside_the_list_is_no_link_anywhere(scheme: str) -> None:
    source = f'<a href="{scheme}:something">press</a>'
    assert parse_html(clean_comment(source)).find_all("a") == []
    assert parse_html(render_article(source)).find_all("a") == []


def test_an_article_keeps_its_listed_tags_and_attributes_and_drops_the_rest() -> None:
    source = (
        '<table><thead><tr><th scope="col" style="x">Day</th></tr></thead>'
        "<tbody><tr><td>1</td></tr></tbody></table>\n\n"
        '<figure><img src="https://img.example/a.png" alt="A sunrise" onerror="x()">'
        "<figcaption>Morning</figcaption></figure>\n\n"
        '<div class="box"><span>Inside</span></div>'
    )
    html = parse_html(render_article(source))
    tags = {e.tag for e in html.iter()} - {"#document"}
    assert tags <= allowed.ARTICLE_TAGS
    assert {"table", "th", "td", "figure", "img", "figcaption"} <= tags
    assert html.find("th").attrs == {"scope": "col"}
    assert html.find("img").attrs == {"src": "https://img.example/a.png", "alt": "A sunrise"}
    assert "Inside" in html.text
