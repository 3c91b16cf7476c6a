"""The allow-lists: which tags, attributes and link schemes stored HTML may carry."""

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
    # Text-level markup WordPress posts carry (footnotes, keys, chemistry), harmless here.
    "sub", "sup", "kbd", "samp", "var", "small", "mark", "ins", "u", "dl", "dt", "dd",
    "caption",
}  # fmt: skip
ARTICLE_ATTRIBUTES = {
    "a": ["href", "title"],
    "abbr": ["title"],
    "img": ["src", "alt", "title", "width", "height"],
    "th": ["scope"],
}
ARTICLE_PROTOCOLS = frozenset({"http", "https", "mailto"})
