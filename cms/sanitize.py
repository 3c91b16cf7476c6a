"""The only module that imports bleach: what may enter stored HTML, and how links leave it.

Comment text is hostile until an editor has read it, and editors read it too: everything
a visitor types passes through ``clean_comment`` before it is stored, and templates mark
only that stored output as safe.
"""

import re
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


def clean_comment(text: str) -> str:
    """Return safe HTML for a comment: allowed tags kept, others shown as text, URLs linked."""
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


class _ReadText(HTMLParser):
    """Collect only the words a reader sees in article HTML: no tags, no link targets."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # Alt text is what a reader without the image is given: words of the article too.
        alt = dict(attrs).get("alt") if tag == "img" else None
        self.parts.append(f" {alt} " if alt else " ")

    def handle_endtag(self, tag: str) -> None:
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


class _LinksAsText(HTMLParser):
    """Rebuild stored comment HTML with every link turned into its words and its target."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.href: str | None = None
        self.link_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self._end_link()  # links do not nest; an unclosed one ends here
            self.href, self.link_text = dict(attrs).get("href") or "", []
        else:
            # Kept as written: the final clean below decides what survives.
            self.parts.append(self.get_starttag_text() or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self._end_link()
        else:
            self.parts.append(f"</{tag}>")

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
        if target.strip() == "".join(self.link_text).strip():
            # A bare URL: its words already are its target; show them once, marked.
            del self.parts[len(self.parts) - len(self.link_text) :]
            self.parts.append(marked)
        else:
            self.parts.append(f" {marked}")

    def close(self) -> None:
        super().close()
        self._end_link()


def links_as_text(html: str) -> str:
    """Show stored comment HTML with links as plain text and their target, none clickable.

    A moderator reading a pending comment sees where each link goes without following it.
    """
    parser = _LinksAsText()
    parser.feed(html)
    parser.close()
    tags = (COMMENT_TAGS - {"a"}) | LAYOUT_TAGS | {"span"}
    attributes = {"abbr": ["title"], "span": ["class"]}
    return bleach.clean("".join(parser.parts), tags=tags, attributes=attributes)
