"""WordPress's paragraph rules (wpautop): how an imported post's HTML showed on its old site.

WordPress stores post content as HTML written with blank lines for paragraphs and single
newlines for line breaks, and adds the <p> and <br> when it shows a post. These are its
rules, in its order: never inside <pre>, <script> or <style>, never around block elements,
and never inside a tag's own attributes.
"""

import re

BLOCKS = (
    "table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map"
    "|area|blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend|section|article|aside"
    "|hgroup|header|footer|nav|figure|figcaption|details|menu|summary"
)
# Stand-ins for text that must come through untouched; private-use characters, which no
# post holds (they are removed from the input first).
_NEWLINE_IN_TAG, _PROTECTED = "\ue000", "\ue001"
_PRIVATE = re.compile("[\ue000\ue001]")

_PRE = re.compile(r"<pre[\s>].*?</pre>", re.IGNORECASE | re.DOTALL)
_RAW_TEXT = re.compile(r"<(script|style|svg)[\s>].*?</\1>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]*>")
_PROTECTED_TOKEN = re.compile(_PROTECTED + r"(\d+)" + _PROTECTED)
_KEPT_BLOCK = re.compile("<pre>" + _PROTECTED + r"(\d+)" + _PROTECTED + "</pre>")
_DOUBLE_BREAK = re.compile(r"<br\s*/?>\s*<br\s*/?>", re.IGNORECASE)
_BLOCK_OPEN = re.compile(rf"(<(?:{BLOCKS})[\s/>])", re.IGNORECASE)
_BLOCK_CLOSE = re.compile(rf"(</(?:{BLOCKS})>)", re.IGNORECASE)
_HR = re.compile(r"(<hr\s*?/?>)", re.IGNORECASE)
_MANY_NEWLINES = re.compile(r"\n\n+")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_BLOCK_TAG = rf"</?(?:{BLOCKS})[^>]*>"
# The clean-ups after wrapping, in WordPress's order: (pattern, replacement).
_TIDY = [
    (re.compile(r"<p>\s*</p>"), ""),
    (re.compile(r"<p>([^<]+)</(div|address|form)>", re.IGNORECASE), r"<p>\1</p></\2>"),
    (re.compile(rf"<p>\s*({_BLOCK_TAG})\s*</p>", re.IGNORECASE), r"\1"),
    (re.compile(r"<p>(<li.+?)</p>", re.IGNORECASE), r"\1"),
    (re.compile(r"<p><blockquote([^>]*)>", re.IGNORECASE), r"<blockquote\1><p>"),
    (re.compile(r"</blockquote></p>", re.IGNORECASE), "</p></blockquote>"),
    (re.compile(rf"<p>\s*({_BLOCK_TAG})", re.IGNORECASE), r"\1"),
    (re.compile(rf"({_BLOCK_TAG})\s*</p>", re.IGNORECASE), r"\1"),
]
_LINE_BREAK = re.compile(r"(?<!<br />)\s*\n")
_BREAK_AFTER_BLOCK = re.compile(rf"({_BLOCK_TAG})\s*<br />", re.IGNORECASE)
_BREAK_BEFORE_BLOCK = re.compile(
    r"<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)", re.IGNORECASE
)
_ANY_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)


class _Shelf:
    """Text taken out of the post while the rules run, and put back after."""

    def __init__(self) -> None:
        self.kept: list[str] = []

    def keep(self, match: re.Match) -> str:
        self.kept.append(match.group(0))
        return f"{_PROTECTED}{len(self.kept) - 1}{_PROTECTED}"

    def keep_block(self, match: re.Match) -> str:
        # Still a <pre> to the rules, so no paragraph wraps it, as WordPress's stand-in is.
        return f"<pre>{self.keep(match)}</pre>"

    def restore(self, text: str) -> str:
        text = _KEPT_BLOCK.sub(lambda m: self.kept[int(m.group(1))], text)
        return _PROTECTED_TOKEN.sub(lambda m: self.kept[int(m.group(1))], text)


def _tags_keep_newlines(text: str) -> str:
    """Hide the newlines inside tags (attributes may span lines) from the rules."""
    return _TAG.sub(lambda m: m.group(0).replace("\n", _NEWLINE_IN_TAG), text)


def _paragraphs(text: str) -> str:
    text = _DOUBLE_BREAK.sub("\n\n", text)
    text = _BLOCK_OPEN.sub(r"\n\n\1", text)
    text = _BLOCK_CLOSE.sub(r"\1\n\n", text)
    text = _HR.sub(r"\1\n\n", text)
    text = _MANY_NEWLINES.sub("\n\n", text)
    blocks = [block.strip("\n") for block in _PARAGRAPH_BREAK.split(text)]
    return "".join(f"<p>{block.strip()}</p>\n" for block in blocks if block.strip())


def _line_breaks(text: str) -> str:
    text = _ANY_BREAK.sub("<br />", text)
    text = _LINE_BREAK.sub("<br />\n", text)
    text = _BREAK_AFTER_BLOCK.sub(r"\1", text)
    return _BREAK_BEFORE_BLOCK.sub(r"\1", text)


def autop(text: str) -> str:
    """Return WordPress post HTML with its paragraphs and line breaks made explicit."""
    text = _PRIVATE.sub("", text).replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        return ""
    shelf = _Shelf()
    text = _PRE.sub(shelf.keep_block, text)
    text = _RAW_TEXT.sub(shelf.keep, text)
    text = _paragraphs(_tags_keep_newlines(text + "\n"))
    for pattern, replacement in _TIDY:
        text = pattern.sub(replacement, text)
    text = _line_breaks(text)
    if text.endswith("\n</p>"):
        text = text[: -len("\n</p>")] + "</p>"
    return shelf.restore(text.replace(_NEWLINE_IN_TAG, "\n")).rstrip("\n")
