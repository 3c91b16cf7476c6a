"""WordPress's core shortcodes in imported posts, shown as WordPress showed them, or as links.

WordPress expands [caption], [embed], [audio] and [video] when it shows a post; left as they
are, readers would see the brackets and attributes as text. A gallery needs the old site's
attachment records, which an export does not hold, so it is dropped. Other shortcodes
belonged to plugins: WordPress shows those as written once the plugin is gone, and so do we.
"""

import re
from html import escape

from .autop import sub_enclosed

# Openers and closers, paired by sub_enclosed: a lazy pattern from opener to closer would
# try every opener again to the end of a post that never closes them (quadratic).
_CAPTION_OPEN = re.compile(r"\[(?:wp_)?caption(?:\s[^\]]*)?\]", re.IGNORECASE)
_CAPTION_CLOSE = re.compile(r"\[/(?:wp_)?caption\]", re.IGNORECASE)
_CAPTION_ATTRIBUTE = re.compile(r"""\bcaption=(["'])(.*?)\1""", re.IGNORECASE | re.DOTALL)
# The media first (an image, or a link around one), the caption's text after it.
_CAPTIONED_MEDIA = re.compile(
    r"^\s*((?:<a\s[^>]*>\s*)?<img\s[^>]*>(?:\s*</a>)?)(.*)$", re.IGNORECASE | re.DOTALL
)
_MEDIA_OPEN = re.compile(r"\[(embed|audio|video)(\s[^\]]*)?\]", re.IGNORECASE)
_MEDIA_CLOSE = {name: re.compile(rf"\[/{name}\]", re.I) for name in ("embed", "audio", "video")}
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
    r"<p>\s*(?:(\[(?:wp_)?caption[\s\]])|(\[(?:gallery|playlist)[^\]]*\])\s*</p>)", re.IGNORECASE
)
_WRAPPED_CLOSE = re.compile(r"(\[/(?:wp_)?caption\])\s*</p>", re.IGNORECASE)
# A gallery's paragraph is whole in its opener: its "closer" is the empty text after it.
_WRAPPED_WHOLE = re.compile("()")
_WRAPPED_END = re.compile(r"\]\s*</p>", re.IGNORECASE)


def _caption(opener: re.Match, inner: str, _: re.Match) -> str:
    media = _CAPTIONED_MEDIA.match(inner)
    if media is None:
        return inner
    text = media.group(2).strip()
    # Old versions put the caption in an attribute rather than after the image.
    attribute = _CAPTION_ATTRIBUTE.search(opener.group(0).split("]", 1)[0])
    if not text and attribute:
        text = attribute.group(2)
    caption = f"<figcaption>{text}</figcaption>" if text else ""
    return f"<figure>{media.group(1)}{caption}</figure>"


def _link(address: str) -> str:
    safe = escape(address)
    return f'<a href="{safe}">{safe}</a>'


def _enclosing_media(opener: re.Match, inner: str, _: re.Match) -> str:
    inside = _WEB_ADDRESS.match(inner)
    source = _SOURCE_ATTRIBUTE.search(opener.group(2) or "")
    if inside:
        return _link(inside.group(1))
    return _link(source.group(2)) if source else inner


def _media_close(opener: re.Match) -> re.Pattern:
    return _MEDIA_CLOSE[opener.group(1).lower()]


def _wrapped_close(opener: re.Match) -> re.Pattern:
    return _WRAPPED_CLOSE if opener.group(1) else _WRAPPED_WHOLE


def _unwrapped(opener: re.Match, inner: str, closer: re.Match) -> str:
    return (opener.group(1) or opener.group(2)) + inner + closer.group(1)


def _self_closing_media(match: re.Match) -> str:
    # [audio src="…"], or the address alone: [audio https://…].
    source = _SOURCE_ATTRIBUTE.search(match.group(2)) or _BARE_ADDRESS.search(match.group(2))
    return _link(source.group(2)) if source else ""


def expand(html: str) -> str:
    """Return post HTML with WordPress's core shortcodes turned into plain HTML.

    Run after the paragraph rules, as WordPress runs them.
    """
    # Every shortcode ends in "]": none starts after the last one, and looking for one's end
    # from each "[audio " of a post that never closes them would be quadratic.
    last = max((end.end() for end in _WRAPPED_END.finditer(html)), default=0)
    html = sub_enclosed(html, _WRAPPED, _wrapped_close, _unwrapped, last)
    last = html.rfind("]") + 1
    html = sub_enclosed(html, _CAPTION_OPEN, lambda _: _CAPTION_CLOSE, _caption, last)
    last = html.rfind("]") + 1
    html = sub_enclosed(html, _MEDIA_OPEN, _media_close, _enclosing_media, last)
    last = html.rfind("]") + 1
    head = _SELF_CLOSING_MEDIA.sub(_self_closing_media, html[:last])
    return _GALLERY.sub("", head) + html[last:]
