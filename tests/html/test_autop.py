"""WordPress's paragraph rules for imported HTML: cases from WordPress's own wpautop tests,
and the words of every post of the theme unit test export shown in order."""

import re

import pytest

from cms.html.autop import autop, sub_enclosed


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("One.\n\nTwo.", "<p>One.</p>\n<p>Two.</p>"),
        ("Line one\nline two", "<p>Line one<br />\nline two</p>"),
        ("One.\n\n\n\n\nTwo.", "<p>One.</p>\n<p>Two.</p>"),
        ("Windows\r\n\r\nlines", "<p>Windows</p>\n<p>lines</p>"),
        ("<h2>Heading</h2>\nText", "<h2>Heading</h2>\n<p>Text</p>"),
        ("<ul>\n<li>a</li>\n<li>b</li>\n</ul>", "<ul>\n<li>a</li>\n<li>b</li>\n</ul>"),
        ("<blockquote>Quote</blockquote>", "<blockquote><p>Quote</p></blockquote>"),
        ("Before<br><br>after", "<p>Before</p>\n<p>after</p>"),
        ("<hr />Text", "<hr />\n<p>Text</p>"),
        ("", ""),
        ("  \n\n ", ""),
    ],
    ids=["paragraphs", "breaks", "many-blank-lines", "crlf", "heading", "list", "quote",
         "double-br", "hr", "empty", "blank"],
)  # fmt: skip
def test_wordpress_paragraph_rules(source: str, expected: str) -> None:
    assert autop(source) == expected


def test_preformatted_text_keeps_every_line_and_space() -> None:
    code = "<pre>def main():\n\n    return  1\n</pre>"
    assert autop(f"Intro\n\n{code}\n\nAfter") == f"<p>Intro</p>\n{code}\n<p>After</p>"


def test_newlines_inside_a_tag_are_not_breaks() -> None:
    shown = autop('<a\nhref="https://example.org/"\ntitle="x">link</a> text')
    assert "<br" not in shown and 'href="https://example.org/"' in shown


def test_scripts_and_styles_keep_their_lines() -> None:
    assert "<br" not in autop("<style>\np { color: red }\n</style>")


def test_markdown_look_alikes_stay_text() -> None:
    shown = autop("# not a heading\n1. not a list\n__init__ and *stars*")
    assert shown == "<p># not a heading<br />\n1. not a list<br />\n__init__ and *stars*</p>"


def test_private_use_characters_cannot_forge_kept_text() -> None:
    # The rules' stand-ins are private-use characters; a post holding them gets nothing back.
    assert autop("\ue0010\ue001 text") == "<p>0 text</p>"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        # Many opening tags and no closing one: kept as text, as the lazy patterns kept them.
        ("<pre>x" * 3, "<pre>x</p>\n<pre>x</p>\n<pre>x</p>"),
        ("<script>x" * 3, "<p><script>x<script>x<script>x</p>"),
        ("<pre>a</pre><pre>b", "<pre>a</pre>\n<pre>b</p>"),
        ("a" + " " * 40 + "b", "<p>a" + " " * 40 + "b</p>"),
        ("<br />" + " \n" * 3 + "b", "<p></p>\n<p>b</p>"),
        ("<<<a\nb", "<p><<<a<br />\nb</p>"),
    ],
    ids=["pre-unclosed", "script-unclosed", "pre-then-unclosed", "spaces", "br-then-lines", "lt"],
)  # fmt: skip
def test_hostile_html_comes_out_as_wordpress_rules_give_it(source: str, expected: str) -> None:
    assert autop(source) == expected


class _Counted:
    """A closing pattern that counts how often it is looked for."""

    def __init__(self, pattern: str) -> None:
        self.pattern, self.searches = re.compile(pattern), 0

    def search(self, text: str, start: int) -> re.Match | None:
        self.searches += 1
        return self.pattern.search(text, start)


def test_a_closing_tag_missing_once_is_not_looked_for_again() -> None:
    closer = _Counted("</pre>")
    text = "<pre>x" * 1000
    assert sub_enclosed(text, re.compile("<pre>"), lambda _: closer, lambda *_: "") == text
    assert closer.searches == 1
    closed = "<pre>a</pre>" * 50
    inner = sub_enclosed(closed, re.compile("<pre>"), lambda _: closer, lambda _, i, __: i)
    assert inner == "a" * 50
    assert closer.searches == 1 + 50
