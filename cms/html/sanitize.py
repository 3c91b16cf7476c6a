"""The only module that imports bleach: what may enter stored HTML, and how links leave it.

Comment text is hostile until an editor has read it, and editors read it too: everything
a visitor types passes through ``clean_comment`` before it is stored, and templates mark
only that stored output as safe.
"""

import re
import threading
from collections.abc import Callable
from html import escape as html_escape
from urllib.parse import urlsplit

import bleach
import markdown
from bleach import html5lib_shim
from bleach.linkifier import Linker

from . import shortcodes
from .allowed import (
    ARTICLE_ATTRIBUTES,
    ARTICLE_PROTOCOLS,
    ARTICLE_TAGS,
    COMMENT_ATTRIBUTES,
    COMMENT_TAGS,
    LAYOUT_TAGS,
    LINK_REL,
    LINK_SCHEMES,
)
from .autop import autop
from .bounds import formatting

_BLANK_LINES = re.compile(r"\n\s*\n")
# Scripts and styles in WordPress HTML ran or styled there; here their text would show.
_RAW_TEXT = re.compile(r"<(script|style)[\s>].*?</\1\s*>", re.IGNORECASE | re.DOTALL)
# Quotations are blocks of their own: paragraphs go inside them, never around them.
_BLOCKQUOTE_TAG = re.compile(r"(</?blockquote>)")
# Where another site's comment HTML ends a line or a block, so stripping its tags keeps them.
_LINE_END = re.compile(r"<br\s*/?>|</li\s*>|</dt\s*>|</dd\s*>", re.IGNORECASE)
_BLOCK_END = re.compile(
    r"</(?:p|div|h[1-6]|ul|ol|dl|table|tr|pre|figure|section|article)\s*>", re.IGNORECASE
)
# What bleach's passes and the linker would change: markup and entities ("<", ">", "&"),
# the control characters bleach turns into "?" or html5lib drops (NUL) or makes a newline
# ("\r"), and a dot before a letter, which every address the linker finds holds (each
# top-level domain it knows starts with a letter; IGNORECASE matches as its pattern does).
# A comment with none of them comes out of bleach as it went in, paragraphs and all
# (tests/html/test_sanitize_fast_path.py holds the two equal, character by character).
_NEEDS_BLEACH = re.compile(r"[<>&\x00-\x08\x0b-\x1f]|\.[a-z]", re.IGNORECASE)


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


# Cleaners and Linkers each build an html5lib parser, too dear to build twice per comment,
# and bleach's are not safe to share between threads: every thread keeps its own.
_per_thread = threading.local()


class _ThreadLinker:
    """A bleach Linker with these options, one per thread, built on its first use there."""

    def __init__(self, **options: object) -> None:
        self._options = options
        self._linkers = threading.local()

    def linkify(self, text: str) -> str:
        if (linker := getattr(self._linkers, "linker", None)) is None:
            linker = self._linkers.linker = Linker(**self._options)
        return linker.linkify(text)


# The linker re-escapes tags it does not know; <strike> is allowed but not in its list.
_linker = _ThreadLinker(
    callbacks=[_allowed_link],
    parse_email=False,
    recognized_tags=html5lib_shim.HTML_TAGS | COMMENT_TAGS | ARTICLE_TAGS,
)
_article_linker = _ThreadLinker(
    callbacks=[_allowed_article_link],
    parse_email=False,
    recognized_tags=html5lib_shim.HTML_TAGS | ARTICLE_TAGS,
)


def _cleaner(
    tags: frozenset[str], attributes: dict | Callable, protocols: frozenset[str], strip: bool
) -> bleach.Cleaner:
    """Return this thread's Cleaner for these allow-lists, as bleach.clean would build it."""
    cleaners = _per_thread.__dict__.setdefault("cleaners", {})
    # By identity: the cleaner holds the very object, so its id is not reused while cached,
    # and reads the allow-list as it is at each call, as a fresh Cleaner would.
    key = (tags, id(attributes), protocols, strip)
    if (cleaner := cleaners.get(key)) is None:
        cleaner = cleaners[key] = bleach.Cleaner(
            tags=tags, attributes=attributes, protocols=protocols, strip=strip
        )
    return cleaner


def _paragraphs(text: str) -> str:
    """Turn blank-line-separated blocks into paragraphs and single newlines into breaks."""
    text = _BLOCKQUOTE_TAG.sub(r"\n\n\1\n\n", text.replace("\r\n", "\n"))
    blocks = [b.strip() for b in _BLANK_LINES.split(text) if b.strip()]
    return "\n".join(
        b if _BLOCKQUOTE_TAG.fullmatch(b) else "<p>" + b.replace("\n", "<br>\n") + "</p>"
        for b in blocks
    )


def _clean(html: str, tags: frozenset[str], attributes: dict, strip: bool = False) -> str:
    """Clean HTML with bleach against the given allow-lists and the allowed link schemes."""
    return _cleaner(tags, attributes, LINK_SCHEMES, strip).clean(html)


def clean_comment(text: str, strip: bool = False) -> str:
    """Return safe HTML for a comment: allowed tags kept, others shown as text, URLs linked.

    ``strip`` drops the tags not allowed and keeps their text, for comments another site
    already showed rendered (imports); their blocks stay paragraphs and lines.
    """
    if strip:
        text = _BLOCK_END.sub("\n\n", _LINE_END.sub("\n", text))
    if not formatting(text).is_within_bounds():
        # The form refuses these; anything else (an import, a staff edit) keeps its words as
        # plain text, escaped here without any parser: nothing is left for bleach to allow.
        return _paragraphs(html_escape(text, quote=False))
    if not _NEEDS_BLEACH.search(text):
        # Most comments are plain sentences: three html5lib parses would give them back as
        # they are, at about a tenth of a post's CPU.
        return _paragraphs(text)
    return _bleached(text, strip)


def _bleached(text: str, strip: bool) -> str:
    """Clean a comment's markup with bleach, lay out its paragraphs and link its URLs."""
    # First pass: the visitor's markup, with anything not allowed escaped into visible text.
    escaped = _clean(text, COMMENT_TAGS, COMMENT_ATTRIBUTES, strip=strip)
    # Second pass re-balances tags that paragraph breaks may have split.
    laid_out = _clean(_paragraphs(escaped), COMMENT_TAGS | LAYOUT_TAGS, COMMENT_ATTRIBUTES)
    return _linker.linkify(laid_out)


def _image_source_is_web(tag: str, name: str, value: str) -> bool:
    """Allow an article attribute from the allow-list, and images only from the web."""
    if tag == "img" and name == "src":
        return urlsplit(value).scheme.lower() in {"http", "https"}
    return name in ARTICLE_ATTRIBUTES.get(tag, [])


def render_article(source: str, source_format: str = "markdown") -> str:
    """Render an article's source to HTML and strip anything outside the article allow-list.

    Markdown is what editors write here; "html" is what WordPress stored, shown with its own
    paragraph rules and core shortcodes, as the old site showed it.
    """
    if source_format == "html":
        html = shortcodes.expand(autop(_RAW_TEXT.sub("", source)))
    else:
        html = markdown.markdown(source, extensions=["tables", "sane_lists"])
    cleaned = _cleaner(ARTICLE_TAGS, _image_source_is_web, ARTICLE_PROTOCOLS, True).clean(html)
    return _article_linker.linkify(cleaned)
