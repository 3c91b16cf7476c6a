"""WordPress's core shortcodes in imported posts, shown as WordPress showed them, or as links.

WordPress expands [caption], [embed], [audio] and [video] when it shows a post; left as they
are, readers would see the brackets and attributes as text. A gallery needs the old site's
attachment records, which an export does not hold, so it is dropped. Other shortcodes
belonged to plugins: WordPress shows those as written once the plugin is gone, and so do we.
"""

import re
from html import escape

_CAPTION = re.compile(
    r"\[(?:wp_)?caption(?:\s[^\]]*)?\](.*?)\[/(?:wp_)?caption\]", re.IGNORECASE | re.DOTALL
)
_CAPTION_ATTRIBUTE = re.compile(r"""\bcaption=(["'])(.*?)\1""", re.IGNORECASE | re.DOTALL)
# The media first (an image, or a link around one), the caption's text after it.
_CAPTIONED_MEDIA = re.compile(
    r"^\s*((?:<a\s[^>]*>\s*)?<img\s[^>]*>(?:\s*</a>)?)(.*)$", re.IGNORECASE | re.DOTALL
)
_ENCLOSING_MEDIA = re.compile(
    r"\[(embed|audio|video)(\s[^\]]*)?\](.*?)\[/\1\]", re.IGNORECASE | re.DOTALL
)
_SELF_CLOSING_MEDIA = re.compile(r"\[(audio|video)(\s[^\]]*)\]", re.IGNORECASE)
_SOURCE_ATTRIBUTE = re.compile(
    r"""\b(?:src|mp3|m4a|ogg|wav|mp4|m4v|webm|ogv|flv)=(["']?)(https?://[^"'\s\]]+)\1""",
    re.IGNORECASE,
)
_BARE_ADDRESS = re.compile(r"""(^|\s)(https?://[^"'\s\]]+)""", re.IGNORECASE)
_GALLERY = re.compile(r"\[(?:gallery|playlist)(?:\s[^\]]*)?\]", re.IGNORECASE)
_WEB_ADDRESS = re.compile(r"^\s*(https?://\S+)\s*$", re.IGNORECASE)
# A shortcode alone in its paragraph after the paragraph rules ran (shortcode_unautop).
_WRAPPED = re.compile(
    r"<p>\s*(\[(?:wp_)?caption[\s\]].*?\[/(?:wp_)?caption\]|\[(?:gallery|playlist)[^\]]*\])\s*</p>",
    re.IGNORECASE | re.DOTALL,
)


def _caption(match: re.Match) -> str:
    inner = match.group(1)
    media = _CAPTIONED_MEDIA.match(inner)
    if media is None:
        return inner
    text = media.group(2).strip()
    # Old versions put the caption in an attribute rather than after the image.
    attribute = _CAPTION_ATTRIBUTE.search(match.group(0).split("]", 1)[0])
    if not text and attribute:
        text = attribute.group(2)
    caption = f"<figcaption>{text}</figcaption>" if text else ""
    return f"<figure>{media.group(1)}{caption}</figure>"


def _link(address: str) -> str:
    safe = escape(address)
    return f'<a href="{safe}">{safe}</a>'


def _enclosing_media(match: re.Match) -> str:
    inside = _WEB_ADDRESS.match(match.group(3))
    source = _SOURCE_ATTRIBUTE.search(match.group(2) or "")
    if inside:
        return _link(inside.group(1))
    return _link(source.group(2)) if source else match.group(3)


def _self_closing_media(match: re.Match) -> str:
    # [audio src="…"], or the address alone: [audio https://…].
    source = _SOURCE_ATTRIBUTE.search(match.group(2)) or _BARE_ADDRESS.search(match.group(2))
    return _link(source.group(2)) if source else ""


def expand(html: str) -> str:
    """Return post HTML with WordPress's core shortcodes turned into plain HTML.

    Run after the paragraph rules, as WordPress runs them.
    """
    html = _WRAPPED.sub(r"\1", html)
    html = _CAPTION.sub(_caption, html)
    html = _ENCLOSING_MEDIA.sub(_enclosing_media, html)
    html = _SELF_CLOSING_MEDIA.sub(_self_closing_media, html)
    return _GALLERY.sub("", html)
