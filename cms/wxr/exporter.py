"""Write the site out as a WordPress export (WXR 1.2), so a publisher is never locked in.

WordPress's importer reads it, and so does ours: exporting, importing into an empty site and
exporting again gives the same file apart from its date.
"""

import re
from collections.abc import Iterator
from datetime import datetime
from email.utils import format_datetime
from typing import IO
from urllib.parse import quote
from xml.sax.saxutils import escape, quoteattr

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ..articles import publishing
from ..articles.slugs import slugify
from ..extensions import db
from ..html.text import editable_text
from ..models import (
    Article,
    ArticleStatus,
    Category,
    Comment,
    CommentStatus,
    SourceFormat,
    Tag,
    utcnow,
)
from .import_comments import ID_META, KEY_META
from .importer import MARKDOWN_META, SOURCE_ID_META, SOURCE_SITE_META
from .sites import site_key

NAMESPACES = {
    "excerpt": "http://wordpress.org/export/1.2/excerpt/",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "wfw": "http://wellformedweb.org/CommentAPI/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "wp": "http://wordpress.org/export/1.2/",
}
APPROVED_VALUES = {
    CommentStatus.APPROVED: "1",
    CommentStatus.PENDING: "0",
    CommentStatus.SPAM: "spam",
    CommentStatus.TRASH: "trash",
}
# Characters XML 1.0 cannot hold at all, not even in CDATA.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text(value: str) -> str:
    return escape(_NOT_XML.sub("", value))


def _cdata(value: str) -> str:
    # "]]>" would end the section early; split it across two sections.
    value = _NOT_XML.sub("", value).replace("]]>", "]]]]><![CDATA[>")
    return f"<![CDATA[{value}]]>"


def _date(value: datetime) -> str:
    return value.strftime("%Y-%m-%d %H:%M:%S")


def _site_url() -> str:
    return (current_app.config.get("SITE_URL") or "http://localhost").rstrip("/")


class Exporter:
    """Numbers everything once, then writes the channel, its topics and its items."""

    def __init__(self) -> None:
        self.site = _site_url()
        self.articles = db.session.scalars(
            select(Article)
            .options(selectinload(Article.categories), selectinload(Article.tags))
            .order_by(Article.id)
        ).all()
        self.logins = self._logins()
        # Articles made here have no WordPress id, and two imported sites may share one:
        # those are numbered after the highest, so no two items share an id.
        offset = db.session.scalar(select(func.max(Article.wp_id))) or 0
        self.post_ids = _numbered(((a.id, a.wp_id) for a in self.articles), offset)
        # In the order a site importing this file stores them (by article), so that site's
        # export numbers them the same.
        comments = select(Comment.id, Comment.wp_id).order_by(Comment.article_id, Comment.id)
        self.comment_ids = _numbered(
            db.session.execute(comments).all(),
            db.session.scalar(select(func.max(Comment.wp_id))) or 0,
        )

    def _logins(self) -> dict[str, str]:
        """Give each byline a WordPress login made from it, unique."""
        logins: dict[str, str] = {}
        for name in sorted({a.author_name for a in self.articles if a.author_name}):
            base = slugify(name) or "author"
            login, number = base, 1
            while login in logins.values():
                number += 1
                login = f"{base}-{number}"
            logins[name] = login
        return logins

    def post_id(self, article: Article) -> int:
        return self.post_ids[article.id]

    def lines(self) -> Iterator[str]:
        """Yield the whole export, a line or a block at a time."""
        yield '<?xml version="1.0" encoding="UTF-8" ?>'
        yield f'<!-- generator="Recovery Notes" created="{_date(utcnow())}" -->'
        attributes = " ".join(f"xmlns:{k}={quoteattr(v)}" for k, v in NAMESPACES.items())
        yield f'<rss version="2.0" {attributes}>'
        yield "<channel>"
        yield from self._channel()
        for article in self.articles:
            yield from self._item(article)
        yield "</channel>"
        yield "</rss>"

    def _channel(self) -> Iterator[str]:
        yield f"<title>{_text(current_app.config.get('SITE_NAME', ''))}</title>"
        yield f"<link>{_text(self.site)}</link>"
        yield "<description></description>"
        yield f"<pubDate>{format_datetime(utcnow())}</pubDate>"
        yield "<language>en</language>"
        yield "<wp:wxr_version>1.2</wp:wxr_version>"
        yield f"<wp:base_site_url>{_text(self.site)}</wp:base_site_url>"
        yield f"<wp:base_blog_url>{_text(self.site)}</wp:base_blog_url>"
        for name, login in self.logins.items():
            yield (
                f"<wp:author><wp:author_login>{_cdata(login)}</wp:author_login>"
                "<wp:author_email></wp:author_email>"
                f"<wp:author_display_name>{_cdata(name)}</wp:author_display_name></wp:author>"
            )
        categories = db.session.scalars(select(Category).order_by(Category.id)).all()
        slugs = {c.id: c.slug for c in categories}
        for c in categories:
            yield (
                f"<wp:category><wp:term_id>{c.id}</wp:term_id>"
                f"<wp:category_nicename>{_cdata(c.slug)}</wp:category_nicename>"
                f"<wp:category_parent>{_cdata(slugs.get(c.parent_id, ''))}</wp:category_parent>"
                f"<wp:cat_name>{_cdata(c.name)}</wp:cat_name>"
                f"<wp:category_description>{_cdata(c.description)}</wp:category_description>"
                "</wp:category>"
            )
        for t in db.session.scalars(select(Tag).order_by(Tag.id)):
            yield (
                f"<wp:tag><wp:term_id>{t.id}</wp:term_id>"
                f"<wp:tag_slug>{_cdata(t.slug)}</wp:tag_slug>"
                f"<wp:tag_name>{_cdata(t.name)}</wp:tag_name>"
                f"<wp:tag_description>{_cdata(t.description)}</wp:tag_description></wp:tag>"
            )

    def _item(self, article: Article) -> Iterator[str]:
        post_id = self.post_id(article)
        yield "<item>"
        yield f"<title>{_text(article.title)}</title>"
        yield f"<link>{_text(f'{self.site}/{quote(article.slug)}/')}</link>"
        yield f"<pubDate>{format_datetime(article.published_at)}</pubDate>"
        yield f"<dc:creator>{_cdata(self.logins.get(article.author_name, ''))}</dc:creator>"
        yield f'<guid isPermaLink="false">{_text(self.site)}/?p={post_id}</guid>'
        yield "<description></description>"
        yield f"<content:encoded>{_cdata(_wordpress_html(article))}</content:encoded>"
        yield f"<excerpt:encoded>{_cdata(article.excerpt)}</excerpt:encoded>"
        yield f"<wp:post_id>{post_id}</wp:post_id>"
        yield f"<wp:post_date>{_cdata(_date(article.published_at))}</wp:post_date>"
        yield f"<wp:post_date_gmt>{_cdata(_date(article.published_at))}</wp:post_date_gmt>"
        discussion = "open" if article.comments_open else "closed"
        yield f"<wp:comment_status>{discussion}</wp:comment_status>"
        yield "<wp:ping_status>closed</wp:ping_status>"
        # WordPress keeps non-ASCII slugs percent-encoded, in lower case.
        yield f"<wp:post_name>{_cdata(quote(article.slug, safe='').lower())}</wp:post_name>"
        yield f"<wp:status>{_status(article)}</wp:status>"
        parent = self.post_ids.get(article.parent_id, 0) if article.parent_id else 0
        yield f"<wp:post_parent>{parent}</wp:post_parent>"
        yield "<wp:menu_order>0</wp:menu_order>"
        yield f"<wp:post_type>{article.kind.value}</wp:post_type>"
        yield f"<wp:post_password>{_cdata(article.post_password)}</wp:post_password>"
        yield f"<wp:is_sticky>{int(article.sticky)}</wp:is_sticky>"
        for domain, topics in (("category", article.categories), ("post_tag", article.tags)):
            for topic in topics:
                attributes = f'domain="{domain}" nicename={quoteattr(topic.slug)}'
                yield f"<category {attributes}>{_cdata(topic.name)}</category>"
        if article.source_format == SourceFormat.MARKDOWN:
            # What our importer reads back, so a move between two sites of ours is exact.
            yield _meta("postmeta", MARKDOWN_META, article.body_markdown)
        yield from self._source(article)
        yield from self._comments(article)
        yield "</item>"

    def _source(self, article: Article) -> Iterator[str]:
        """Name where an imported article first came from, when this file's site and number
        do not: our importer keys by them, so a move through a site of ours adds nothing."""
        if not article.wp_id or not article.source_site:
            return
        if (article.wp_id, article.source_site) == (self.post_id(article), site_key(self.site)):
            return
        yield _meta("postmeta", SOURCE_SITE_META, article.source_site)
        yield _meta("postmeta", SOURCE_ID_META, str(article.wp_id))

    def _comments(self, article: Article) -> Iterator[str]:
        comments = db.session.scalars(
            select(Comment).where(Comment.article_id == article.id).order_by(Comment.id)
        ).all()
        for c in comments:
            parent = self.comment_ids.get(c.parent_id, 0) if c.parent_id else 0
            yield (
                "<wp:comment>"
                f"<wp:comment_id>{self.comment_ids[c.id]}</wp:comment_id>"
                f"<wp:comment_author>{_cdata(c.author_name)}</wp:comment_author>"
                f"<wp:comment_author_email>{_cdata(c.author_email)}</wp:comment_author_email>"
                f"<wp:comment_author_url>{_cdata(c.author_url)}</wp:comment_author_url>"
                f"<wp:comment_author_IP>{_cdata(c.author_ip)}</wp:comment_author_IP>"
                f"<wp:comment_date>{_cdata(_date(c.created_at))}</wp:comment_date>"
                f"<wp:comment_date_gmt>{_cdata(_date(c.created_at))}</wp:comment_date_gmt>"
                # The stored HTML as WordPress keeps comments: paragraphs as blank lines.
                f"<wp:comment_content>{_cdata(editable_text(c.content_html))}</wp:comment_content>"
                f"<wp:comment_approved>{APPROVED_VALUES[c.status]}</wp:comment_approved>"
                f"<wp:comment_type>{_text(c.comment_type)}</wp:comment_type>"
                f"<wp:comment_parent>{parent}</wp:comment_parent>"
                "<wp:comment_user_id>0</wp:comment_user_id>"
                f"{self._comment_key(c)}</wp:comment>"
            )

    def _comment_key(self, comment: Comment) -> str:
        """Say what a comment is keyed by here when its number in this file is not that."""
        if comment.import_key:
            return _meta("commentmeta", KEY_META, comment.import_key)
        if comment.wp_id and comment.wp_id != self.comment_ids[comment.id]:
            return _meta("commentmeta", ID_META, str(comment.wp_id))
        return ""


def _meta(element: str, key: str, value: str) -> str:
    return (
        f"<wp:{element}><wp:meta_key>{key}</wp:meta_key>"
        f"<wp:meta_value>{_cdata(value)}</wp:meta_value></wp:{element}>"
    )


def _numbered(rows, offset: int) -> dict[int, int]:
    """Give each (id, WordPress id) row an export id: its own WordPress id when no row
    before it took that one, else the next after ``offset``."""
    numbers: dict[int, int] = {}
    used: set[int] = set()
    for row_id, wp_id in rows:
        if not wp_id or wp_id in used:
            offset += 1
            wp_id = offset
        used.add(wp_id)
        numbers[row_id] = wp_id
    return numbers


def _wordpress_html(article: Article) -> str:
    """Return the post as WordPress stores it: an import's own HTML, or ours rendered."""
    if article.source_format == SourceFormat.HTML:
        return article.body_markdown
    return article.body_html


def _status(article: Article) -> str:
    """Name the article's status as WordPress does; a scheduled post is "future"."""
    if article.status == ArticleStatus.PRIVATE and article.post_password:
        # Private here only for want of a password form: WordPress shows the form again,
        # from the post's date on if that is still to come.
        return "future" if article.published_at > utcnow() else "publish"
    if article.status == ArticleStatus.PUBLISHED:
        return "future" if publishing.is_scheduled(article) else "publish"
    return article.status.value


def export(out: IO[str]) -> int:
    """Write the whole site to ``out`` as WXR 1.2; return how many articles it holds."""
    exporter = Exporter()
    for line in exporter.lines():
        out.write(line + "\n")
    return len(exporter.articles)
