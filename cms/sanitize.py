"""The only module that imports bleach: what may enter stored HTML, and how links leave it.

Comment text is hostile until an editor has read it, and editors read it too: everything
a visitor types passes through ``clean_comment`` before it is stored, and templates mark
only that stored output as safe.
"""

import re
from collections import Counter
from dataclasses import dataclass
from html import escape as html_escape
from html.parser import HTMLParser
from urllib.parse import urlsplit

import bleach
import markdown
from bleach import html5lib_shim
from bleach.linkifier import Linker

LINK_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow ugc noopener"

# WordPress's allowed comment tags, with attributes limited to harmless text.
COMMENT_TAGS = frozenset(
    {"a", "abbr", "b", "blockquote", "cite", "code", "del", "em", "i", "q", "s", "strike", "strong"}
)
COMMENT_ATTRIBUTES = {"a": ["href", "title"], "abbr": ["title"]}
# What paragraph formatting adds to a comment after the visitor's own markup is cleaned.
LAYOUT_TAGS = frozenset({"p", "br"})

ARTICLE_TAGS = COMMENT_TAGS | LAYOUT_TAGS | {
    "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "hr", "pre", "img",
    "table", "thead", "tbody", "tr", "th", "td", "figure", "figcaption",
}  # fmt: skip
ARTICLE_ATTRIBUTES = {
    "a": ["href", "title"],
    "abbr": ["title"],
    "img": ["src", "alt", "title", "width", "height"],
    "th": ["scope"],
}
ARTICLE_PROTOCOLS = frozenset({"http", "https", "mailto"})

_BLANK_LINES = re.compile(r"\n\s*\n")
# Quotations are blocks of their own: paragraphs go inside them, never around them.
_BLOCKQUOTE_TAG = re.compile(r"(</?blockquote>)")


def _allowed_link(attrs: dict, new: bool = False) -> dict | None:
    """Keep a link only if its scheme is allowed, and mark it as untrusted user content."""
    href = attrs.get((None, "href"), "")
    if urlsplit(href).scheme.lower() not in LINK_SCHEMES:
        return None
    attrs[(None, "rel")] = LINK_REL
    return attrs


def _allowed_article_link(attrs: dict, new: bool = False) -> dict | None:
    """Keep an editor's link only if its scheme is allowed; the site vouches for it."""
    href = attrs.get((None, "href"), "")
    if urlsplit(href).scheme.lower() not in LINK_SCHEMES:
        return None
    # An editor chose it: no nofollow or ugc, which would disown the site's own links.
    attrs.pop((None, "rel"), None)
    return attrs


# The linker re-escapes tags it does not know; <strike> is allowed but not in its list.
_linker = Linker(
    callbacks=[_allowed_link],
    parse_email=False,
    recognized_tags=html5lib_shim.HTML_TAGS | COMMENT_TAGS | ARTICLE_TAGS,
)
_article_linker = Linker(
    callbacks=[_allowed_article_link],
    parse_email=False,
    recognized_tags=html5lib_shim.HTML_TAGS | ARTICLE_TAGS,
)


def _paragraphs(text: str) -> str:
    """Turn blank-line-separated blocks into paragraphs and single newlines into breaks."""
    text = _BLOCKQUOTE_TAG.sub(r"\n\n\1\n\n", text.replace("\r\n", "\n"))
    blocks = [b.strip() for b in _BLANK_LINES.split(text) if b.strip()]
    return "\n".join(
        b if _BLOCKQUOTE_TAG.fullmatch(b) else "<p>" + b.replace("\n", "<br>\n") + "</p>"
        for b in blocks
    )


def _clean(html: str, tags: frozenset[str], attributes: dict, strip: bool = False) -> str:
    return bleach.clean(html, tags=tags, attributes=attributes, protocols=LINK_SCHEMES, strip=strip)


# The most formatting a comment may carry. html5lib's work grows faster than the number
# of tags, worst with formatting elements left open (20,000 open <b> cost 20 s): these keep
# any comment of the form's full length well under a second (bench/sanitize.py).
COMMENT_MAX_TAGS = 500
COMMENT_MAX_DEPTH = 20
# The most "<", ">" and "&" signs outside tags. Each becomes an entity that every later pass
# parses again, so a full-length comment of them alone cost 1–3 s; 3,000 stay under 0.1 s,
# far more than any person's "<3" or "A & B" uses (bench/sanitize.py).
COMMENT_MAX_SIGNS = 3_000
# The most lines: each becomes a <br> or a paragraph that every pass parses, so 32,000
# one-letter lines cost 1.3 s; 2,000 stay under 0.1 s and hold any letter a person writes.
COMMENT_MAX_LINES = 2_000

# A tag as a browser starts one ("<b", "</b"), or a comment or declaration ("<!", "<?").
_TAG_START = re.compile(r"<(/?)([A-Za-z][^\s/>]*)|<[!?]")
# Formatting elements, which html5lib re-opens across blocks and so costs most when nested.
_NESTING_TAGS = COMMENT_TAGS | {"big", "font", "nobr", "small", "span", "tt", "u", "div"}


@dataclass(frozen=True)
class Formatting:
    """How much markup a text carries: its tags, how deep the formatting ones nest, and its
    "<", ">" and "&" signs outside tags."""

    tags: int
    depth: int
    signs: int = 0
    lines: int = 1

    def is_within_bounds(self) -> bool:
        return (
            self.tags <= COMMENT_MAX_TAGS
            and self.depth <= COMMENT_MAX_DEPTH
            and self.signs <= COMMENT_MAX_SIGNS
            and self.lines <= COMMENT_MAX_LINES
        )


def formatting(text: str) -> Formatting:
    """Count a text's tags and nesting in one cheap pass, before any parser sees it."""
    tags = depth = deepest = 0
    still_open: Counter[str] = Counter()
    for match in _TAG_START.finditer(text):
        tags += 1
        name = (match.group(2) or "").lower()
        if name not in _NESTING_TAGS:
            continue
        if not match.group(1):
            still_open[name] += 1
            depth += 1
            deepest = max(deepest, depth)
        elif still_open[name]:
            # A closing tag counts only for a tag still open, as a parser ignores the rest.
            still_open[name] -= 1
            depth -= 1
    # Each tag holds one "<" and usually one ">": the rest are signs in the text.
    signs = text.count("&") + max(text.count("<") + text.count(">") - 2 * tags, 0)
    return Formatting(tags, deepest, signs, text.count("\n") + 1)


def clean_comment(text: str) -> str:
    """Return safe HTML for a comment: allowed tags kept, others shown as text, URLs linked."""
    if not formatting(text).is_within_bounds():
        # The form refuses these; anything else (an import, a staff edit) keeps its words as
        # plain text, escaped here without any parser: nothing is left for bleach to allow.
        return _paragraphs(html_escape(text, quote=False))
    # First pass: the visitor's markup, with anything not allowed escaped into visible text.
    escaped = _clean(text, COMMENT_TAGS, COMMENT_ATTRIBUTES)
    # Second pass re-balances tags that paragraph breaks may have split.
    laid_out = _clean(_paragraphs(escaped), COMMENT_TAGS | LAYOUT_TAGS, COMMENT_ATTRIBUTES)
    return _linker.linkify(laid_out)


def _image_source_is_web(tag: str, name: str, value: str) -> bool:
    if tag == "img" and name == "src":
        return urlsplit(value).scheme.lower() in {"http", "https"}
    return name in ARTICLE_ATTRIBUTES.get(tag, [])


def render_article(source: str) -> str:
    """Render an article's Markdown to HTML and strip anything outside the article allow-list."""
    html = markdown.markdown(source, extensions=["tables", "sane_lists"])
    cleaned = bleach.clean(
        html,
        tags=ARTICLE_TAGS,
        attributes=_image_source_is_web,
        protocols=ARTICLE_PROTOCOLS,
        strip=True,
    )
    return _article_linker.linkify(cleaned)


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
