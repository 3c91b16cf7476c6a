"""Stored HTML read back as text: words for the search index, mail, and the moderation queue."""

import re
from collections import Counter
from html import escape as html_escape
from html.parser import HTMLParser

from .allowed import COMMENT_TAGS, LAYOUT_TAGS, LINK_REL
from .bounds import COMMENT_MAX_DEPTH

_INLINE_TAGS = COMMENT_TAGS - {"blockquote"}


class _ReadText(HTMLParser):
    """Collect only the words a reader sees in article HTML: no tags, no link targets."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # Alt text is what a reader without the image is given: words of the article too.
        alt = dict(attrs).get("alt") if tag == "img" else None
        if alt:
            self.parts.append(f" {alt} ")
        elif tag not in _INLINE_TAGS:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        # A block ends a word ("</li><li>"); inline markup sits inside words ("<b>re</b>lapse").
        if tag not in _INLINE_TAGS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def article_text(html: str) -> str:
    """Return the text readers see in stored article HTML, for the search index."""
    parser = _ReadText()
    parser.feed(html)
    parser.close()
    return " ".join("".join(parser.parts).split())


class _PlainText(HTMLParser):
    """Collect the text of stored comment HTML, with paragraphs as blank lines."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.href = ""
        self.link_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.parts.append("\n")
        elif tag == "a":
            self.href, self.link_text = dict(attrs).get("href") or "", []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("p", "blockquote"):
            self.parts.append("\n\n")
        elif tag == "a" and self.href and self.href != "".join(self.link_text).strip():
            # A moderator must see where a link really goes, not only what it says.
            self.parts.append(f" ({self.href})")

    def handle_data(self, data: str) -> None:
        # Stored newlines only lay out the markup; <br> and </p> carry the real breaks.
        data = data.replace("\n", "")
        self.parts.append(data)
        self.link_text.append(data)


_EXTRA_BLANK_LINES = re.compile(r"\n{3,}")


def comment_text(html: str) -> str:
    """Turn stored comment HTML into plain text for mail: tags gone, entities unescaped."""
    parser = _PlainText()
    parser.feed(html)
    parser.close()
    return _EXTRA_BLANK_LINES.sub("\n\n", "".join(parser.parts)).strip()


# What the queue rebuilds of stored comment HTML: the allowed tags but links, no attributes
# but an abbreviation's title. Built tag by tag, so the output is safe whatever is stored.
_QUEUE_TAGS = (COMMENT_TAGS - {"a"}) | LAYOUT_TAGS
_EMPTY_TAGS = frozenset({"br"})
# Deeper tags are left out of the rebuilt HTML (their words stay): past what the form takes.
_QUEUE_DEPTH = 2 * COMMENT_MAX_DEPTH


class _LinksAsText(HTMLParser):
    """Rebuild stored comment HTML with every link turned into its words and its target.

    One pass of the standard library's tokenizer and no tree: linear in the HTML's length,
    so a queue row costs little however the comment is nested.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.stack: list[str] = []
        self.still_open: Counter[str] = Counter()
        self.href: str | None = None
        self.link_start = 0
        self.link_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self._end_link()  # links do not nest; an unclosed one ends here
            self.href, self.link_start = dict(attrs).get("href") or "", len(self.parts)
            self.link_text = []
        elif tag in _QUEUE_TAGS and len(self.stack) < _QUEUE_DEPTH:
            title = dict(attrs).get("title") if tag == "abbr" else None
            self.parts.append(f'<{tag} title="{html_escape(title)}">' if title else f"<{tag}>")
            if tag not in _EMPTY_TAGS:
                self.stack.append(tag)
                self.still_open[tag] += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self._end_link()
        elif self.still_open[tag]:
            # Close what was opened inside it too, so every tag ends inside its parent.
            while self._close_one() != tag:
                pass

    def _close_one(self) -> str:
        tag = self.stack.pop()
        self.still_open[tag] -= 1
        self.parts.append(f"</{tag}>")
        return tag

    def handle_data(self, data: str) -> None:
        if self.href is not None:
            self.link_text.append(data)
        self.parts.append(html_escape(data, quote=False))

    def _end_link(self) -> None:
        if self.href is None:
            return
        target, self.href = self.href, None
        if not target:
            return
        marked = f'<span class="link-target">[{html_escape(target)}]</span>'
        only_words = len(self.parts) - self.link_start == len(self.link_text)
        if only_words and target.strip() == "".join(self.link_text).strip():
            # A bare URL: its words already are its target; show them once, marked.
            del self.parts[self.link_start :]
            self.parts.append(marked)
        else:
            self.parts.append(f" {marked}")

    def close(self) -> None:
        super().close()
        self._end_link()
        while self.stack:
            self._close_one()


def links_as_text(html: str, limit: int | None = None) -> str:
    """Show stored comment HTML with links as plain text and their target, none clickable.

    A moderator reading a pending comment sees where each link goes without following it.
    Only the first ``limit`` characters are read, cut before a tag the limit would split.
    """
    if limit is not None and len(html) > limit:
        html = html[:limit]
        if html.rfind("<") > html.rfind(">"):
            html = html[: html.rfind("<")]
    parser = _LinksAsText()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)


# The layout clean_comment adds around the visitor's own markup, and how to undo it.
_UNDO_LAYOUT = (
    (re.compile(r"<br>\n?"), "\n"),
    (re.compile(r"</p>\n?<p>"), "\n\n"),
    (re.compile(r"</?p>"), ""),
    (re.compile(f' rel="{LINK_REL}"'), ""),
)


def editable_text(stored_html: str) -> str:
    """Turn a comment's stored HTML back into the text an editor edits.

    The text is the stored, already sanitized HTML with paragraphs as blank lines and line
    breaks as newlines: allowed tags stay as tags, and what the visitor typed as text stays
    escaped (&lt;script&gt;). clean_comment gives that text back unchanged, so saving an edit
    changes only what the editor changed, and whatever they type is cleaned like a visitor's.
    """
    text = stored_html
    for pattern, replacement in _UNDO_LAYOUT:
        text = pattern.sub(replacement, text)
    return text
