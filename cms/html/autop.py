"""WordPress's paragraph rules (wpautop): how an imported post's HTML showed on its old site.

WordPress stores post content as HTML written with blank lines for paragraphs and single
newlines for line breaks, and adds the <p> and <br> when it shows a post. These are its
rules, in its order: never inside <pre>, <script> or <style>, never around block elements,
and never inside a tag's own attributes.
"""

import re
from collections.abc import Callable

BLOCKS = (
    "table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map"
    "|area|blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend|section|article|aside"
    "|hgroup|header|footer|nav|figure|figcaption|details|menu|summary"
)
# Stand-ins for text that must come through untouched; private-use characters, which no
# post holds (they are removed from the input first).
_NEWLINE_IN_TAG, _PROTECTED = "\ue000", "\ue001"
_PRIVATE = re.compile("[\ue000\ue001]")

# Kept whole from the opening tag to the first closing one; found by sub_enclosed, so a post
# of many opening tags and no closing one costs one pass, not one pass per tag.
_PRE_OPEN, _PRE_CLOSE = re.compile(r"<pre[\s>]", re.I), re.compile("</pre>", re.I)
_RAW_OPEN = re.compile(r"<(script|style|svg)[\s>]", re.IGNORECASE)
_RAW_CLOSE = {name: re.compile(f"</{name}>", re.I) for name in ("script", "style", "svg")}
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
_WHITESPACE = re.compile(r"\s+")
_BREAK_AFTER_BLOCK = re.compile(rf"({_BLOCK_TAG})\s*<br />", re.IGNORECASE)
_BREAK_BEFORE_BLOCK = re.compile(
    r"<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)", re.IGNORECASE
)
_ANY_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)


def sub_enclosed(
    text: str,
    opener: re.Pattern[str],
    closer: Callable[[re.Match[str]], re.Pattern[str]],
    replace: Callable[[re.Match[str], str, re.Match[str]], str],
    limit: int | None = None,
) -> str:
    """Replace each opener (starting before ``limit``), what follows it and the first closer
    after it, as a lazy ``opener.*?closer`` pattern would.

    In one pass: the pattern tries every opener again to the end of the text when no closer
    follows (quadratic on hostile input); here a closer once missing is not looked for again.
    ``replace`` gets the opener, the text between and the closer.
    """
    parts, done, start, missing = [], 0, 0, set()
    end = len(text) if limit is None else limit
    while found := opener.search(text, start, end):
        closing = closer(found)
        close = None if closing in missing else closing.search(text, found.end())
        if close is None:
            missing.add(closing)
            start = found.start() + 1
            continue
        parts += [
            text[done : found.start()],
            replace(found, text[found.end() : close.start()], close),
        ]
        done = start = close.end()
    return "".join(parts) + text[done:]


def _raw_close(opener: re.Match[str]) -> re.Pattern[str]:
    return _RAW_CLOSE[opener.group(1).lower()]


class _Shelf:
    """Text taken out of the post while the rules run, and put back after."""

    def __init__(self) -> None:
        self.kept: list[str] = []

    def keep(self, opener: re.Match, inner: str, closer: re.Match) -> str:
        self.kept.append(opener.group(0) + inner + closer.group(0))
        return f"{_PROTECTED}{len(self.kept) - 1}{_PROTECTED}"

    def keep_block(self, opener: re.Match, inner: str, closer: re.Match) -> str:
        # Still a <pre> to the rules, so no paragraph wraps it, as WordPress's stand-in is.
        return f"<pre>{self.keep(opener, inner, closer)}</pre>"

    def restore(self, text: str) -> str:
        text = _KEPT_BLOCK.sub(lambda m: self.kept[int(m.group(1))], text)
        return _PROTECTED_TOKEN.sub(lambda m: self.kept[int(m.group(1))], text)


def _tags_keep_newlines(text: str) -> str:
    """Hide the newlines inside tags (attributes may span lines) from the rules."""
    # As <[^>]*> would find them, but stopping at the first "<" with no ">" after it.
    parts, done = [], 0
    while (start := text.find("<", done)) >= 0 and (end := text.find(">", start)) >= 0:
        parts += [text[done:start], text[start : end + 1].replace("\n", _NEWLINE_IN_TAG)]
        done = end + 1
    return "".join(parts) + text[done:]


def _line_break(match: re.Match) -> str:
    """Make a run of white space ending in a newline one break, as WordPress's
    ``(?<!<br />)\\s*\\n`` does; matched by whole runs, so long runs cost one pass."""
    run = match.group(0)
    # The pattern cannot start right after a <br />; it starts one character later.
    first = 1 if match.string.endswith("<br />", 0, match.start()) else 0
    last = run.rfind("\n")
    if last < first:
        return run
    return run[:first] + "<br />\n" + run[last + 1 :]


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
    text = _WHITESPACE.sub(_line_break, text)
    text = _BREAK_AFTER_BLOCK.sub(r"\1", text)
    return _BREAK_BEFORE_BLOCK.sub(r"\1", text)


def autop(text: str) -> str:
    """Return WordPress post HTML with its paragraphs and line breaks made explicit."""
    text = _PRIVATE.sub("", text).replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        return ""
    shelf = _Shelf()
    text = sub_enclosed(text, _PRE_OPEN, lambda _: _PRE_CLOSE, shelf.keep_block)
    text = sub_enclosed(text, _RAW_OPEN, _raw_close, shelf.keep)
    text = _paragraphs(_tags_keep_newlines(text + "\n"))
    for pattern, replacement in _TIDY:
        text = pattern.sub(replacement, text)
    text = _line_breaks(text)
    if text.endswith("\n</p>"):
        text = text[: -len("\n</p>")] + "</p>"
    return shelf.restore(text.replace(_NEWLINE_IN_TAG, "\n")).rstrip("\n")
