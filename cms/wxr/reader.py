"""Read a WordPress export (WXR 1.1 or 1.2) into plain records, parsed safely, streamed."""

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote
from xml.etree.ElementTree import Element, ParseError, tostring

from defusedxml import DefusedXmlException

from ..http.bounds import whole_number
from . import namespaces
from .namespaces import EXCERPT, WP
from .sites import file_key, site_key

CONTENT = "{http://purl.org/rss/1.0/modules/content/}"
DC = "{http://purl.org/dc/elements/1.1/}"
NO_DATE = "0000-00-00 00:00:00"
# Where the export names its site, best first: WordPress.com gives every blog one
# base_site_url (https://wordpress.com/), so the blog's own address comes first.
SITE_TAGS = (WP + "base_blog_url", "link", WP + "base_site_url")
_VERSION = re.compile(r"\d+(\.\d+)*")


class NotAnExport(ValueError):
    """Raised when a file is not a WordPress export we can read."""


@dataclass
class Term:
    """A category or tag as the export defines it."""

    slug: str
    name: str
    description: str = ""
    parent: str = ""


@dataclass
class WxrComment:
    wp_id: int
    parent: int
    author: str
    email: str
    url: str
    ip: str
    date: datetime | None
    content: str
    approved: str
    type: str
    # Its wp:commentmeta, by key: our own export keeps what a comment was keyed by here.
    meta: dict[str, str] = field(default_factory=dict)


@dataclass
class Item:
    """One <item>: a post, a page, or something else (attachment, menu item) to skip."""

    wp_id: int
    post_type: str
    status: str
    title: str
    slug: str
    creator: str
    date: datetime | None
    content: str
    excerpt: str
    comments_open: bool
    password: str = ""
    # WordPress's id of the page this one sits under (0: none).
    parent: int = 0
    sticky: bool = False
    # The item's custom fields (wp:postmeta), by key; our own export keeps Markdown here.
    meta: dict[str, str] = field(default_factory=dict)
    # The item's own <category> elements: slug and name, so undefined topics can be made.
    categories: list[Term] = field(default_factory=list)
    tags: list[Term] = field(default_factory=list)
    comments: list[WxrComment] = field(default_factory=list)


@dataclass
class Document:
    """What an export defines up front, and its items, streamed from the file on demand."""

    authors: dict[str, str]
    categories: list[Term]
    tags: list[Term]
    item_count: int
    source: str | Path
    # The site the export came from (wp:base_site_url, else the channel's link): WordPress
    # ids are that site's own.
    site: str = ""
    # Prefixes the file uses but never declares (see namespaces.py).
    undeclared: tuple[str, ...] = ()

    @property
    def items(self) -> Iterator[Item]:
        """Read the items one at a time, from the start of the file."""
        return _items(self.source, self.undeclared)


def _text(element: Element, tag: str) -> str:
    return (element.findtext(tag) or "").strip()


def _int(element: Element, tag: str) -> int:
    """Read an id: plain digits within the database's integer, else 0 (none), as for blank."""
    # An export edited by hand or by a hostile hand may hold 2**70, or "²" (isdigit, not int).
    return whole_number(_text(element, tag)) or 0


def _date(element: Element, gmt_tag: str, local_tag: str) -> datetime | None:
    """Read the GMT date, falling back to the local one when WordPress left it unset."""
    for tag in (gmt_tag, local_tag):
        value = _text(element, tag)
        if value and value != NO_DATE:
            try:
                return datetime.strptime(value, "%Y-%m-%d %H:%M:%S")
            except ValueError:
                continue
    return None


def _comment(element: Element) -> WxrComment:
    return WxrComment(
        wp_id=_int(element, WP + "comment_id"),
        parent=_int(element, WP + "comment_parent"),
        author=_text(element, WP + "comment_author"),
        email=_text(element, WP + "comment_author_email"),
        url=_text(element, WP + "comment_author_url"),
        ip=_text(element, WP + "comment_author_IP"),
        date=_date(element, WP + "comment_date_gmt", WP + "comment_date"),
        content=_markup(element, WP + "comment_content"),
        approved=_text(element, WP + "comment_approved"),
        type=_text(element, WP + "comment_type"),
        meta=_meta(element, WP + "commentmeta"),
    )


def _meta(element: Element, tag: str) -> dict[str, str]:
    """Read custom fields (wp:postmeta, wp:commentmeta) by key."""
    fields = element.findall(tag)
    return {_text(m, WP + "meta_key"): m.findtext(WP + "meta_value") or "" for m in fields}


def _markup(element: Element, tag: str) -> str:
    """Return what an element holds as written: without CDATA, HTML arrives as child
    elements, which findtext would drop; their markup and the text around them is kept."""
    found = element.find(tag)
    if found is None:
        return ""
    return (found.text or "") + "".join(tostring(child, encoding="unicode") for child in found)


def _filed(element: Element) -> Term:
    name = (element.text or "").strip()
    return Term(slug=unquote(element.get("nicename", "")), name=name)


def _item(element: Element) -> Item:
    topics = element.findall("category")
    return Item(
        wp_id=_int(element, WP + "post_id"),
        post_type=_text(element, WP + "post_type"),
        status=_text(element, WP + "status"),
        title=_text(element, "title"),
        # WordPress stores non-ASCII slugs percent-encoded; our addresses hold the characters.
        slug=unquote(_text(element, WP + "post_name")),
        creator=_text(element, DC + "creator"),
        date=_date(element, WP + "post_date_gmt", WP + "post_date"),
        content=_markup(element, CONTENT + "encoded"),
        excerpt=_markup(element, EXCERPT + "encoded"),
        comments_open=_text(element, WP + "comment_status") != "closed",
        password=element.findtext(WP + "post_password") or "",
        parent=_int(element, WP + "post_parent"),
        sticky=_text(element, WP + "is_sticky") == "1",
        meta=_meta(element, WP + "postmeta"),
        categories=[_filed(t) for t in topics if t.get("domain") == "category"],
        tags=[_filed(t) for t in topics if t.get("domain") == "post_tag"],
        comments=[_comment(c) for c in element.findall(WP + "comment")],
    )


def _category(element: Element) -> Term:
    return Term(
        slug=unquote(_text(element, WP + "category_nicename")),
        name=_text(element, WP + "cat_name"),
        description=_text(element, WP + "category_description"),
        parent=unquote(_text(element, WP + "category_parent")),
    )


def _tag(element: Element) -> Term:
    return Term(
        slug=unquote(_text(element, WP + "tag_slug")),
        name=_text(element, WP + "tag_name"),
        description=_text(element, WP + "tag_description"),
    )


def _unreadable(error: Exception) -> NotAnExport:
    return NotAnExport(f"This is not a readable WordPress export: {error}")


def _items(source: str | Path, undeclared: tuple[str, ...]) -> Iterator[Item]:
    try:
        for _, element, depth in namespaces.events(source, undeclared):
            if depth == 3 and element.tag == "item":
                yield _item(element)
    except (ParseError, DefusedXmlException) as error:
        raise _unreadable(error) from None


def read(source: str | Path) -> Document:
    """Check a whole export and read what it defines; its items stay in the file until asked.

    The whole file is read here once, in constant memory, so a broken or hostile one is
    refused before the import changes anything. A prefix the file never declares is
    declared and the file read again (see namespaces.py).
    """
    undeclared: tuple[str, ...] = ()
    while True:
        try:
            return _checked(source, undeclared)
        except ParseError as error:
            prefix = namespaces.unbound_prefix(error, source, undeclared)
            if not prefix or len(undeclared) >= namespaces.MOST_PREFIXES:
                raise _unreadable(error) from None
            undeclared += (prefix,)
        except DefusedXmlException as error:
            raise _unreadable(error) from None


def _checked(source: str | Path, undeclared: tuple[str, ...]) -> Document:
    document = Document(
        authors={}, categories=[], tags=[], item_count=0, source=source, undeclared=undeclared
    )
    root, channel, version, sites = None, None, "", {}
    for _, element, depth in namespaces.events(source, undeclared):
        if depth == 1:
            root = element
        elif depth == 2 and element.tag == "channel":
            channel = element
        elif depth == 3 and element.tag == WP + "wxr_version":
            version = (element.text or "").strip()
        elif depth == 3 and element.tag in SITE_TAGS:
            sites.setdefault(element.tag, (element.text or "").strip())
        elif depth == 3:
            _define(document, element)
    if root is None or root.tag != "rss" or channel is None or not version:
        raise NotAnExport("This is not a WordPress export (no WXR version in it).")
    if not _VERSION.fullmatch(version):
        raise NotAnExport(f"This export's WXR version, {version[:40]!r}, is not a number.")
    named = site_key(next((sites[t] for t in SITE_TAGS if sites.get(t)), ""))
    document.site = named or file_key(source)
    return document


def _define(document: Document, element: Element) -> None:
    """Count an item, or keep what an author, category or tag element defines."""
    if element.tag == "item":
        document.item_count += 1
    elif element.tag == WP + "author":
        login = _text(element, WP + "author_login")
        document.authors[login] = _text(element, WP + "author_display_name")
    elif element.tag == WP + "category":
        document.categories.append(_category(element))
    elif element.tag == WP + "tag":
        document.tags.append(_tag(element))
