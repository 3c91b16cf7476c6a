"""What feed readers, search engines and browsers read of the site itself: Atom feeds, the
sitemap, robots.txt and /favicon.ico.

Every list here comes from ``publishing``, the one rule for what the public may see, so a
draft, a scheduled or a private article never reaches a feed reader or a crawler. The feeds
carry commenters' names and sanitized text only: never an email address, IP or website.
"""

import functools
import re
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from flask import Blueprint, abort, current_app, render_template, request, url_for
from sqlalchemy import Select, select
from sqlalchemy.orm import contains_eager
from werkzeug.wrappers import Response

from ..comments import authors
from ..comments import pages as comment_pages
from ..comments.visible import readable_clause
from ..extensions import db
from ..http import policy
from ..http.caching import public_page
from ..models import Article, Category, Comment, utcnow
from ..tokens import external_url
from . import publishing
from .pages import get_article

bp = Blueprint("feeds", __name__)

FEED_SIZE = 20
ATOM = "application/atom+xml"
# Characters XML 1.0 forbids even when escaped; one in a title would break the whole feed.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def site_root() -> str:
    """Return the site's absolute address, from SITE_URL."""
    # Never the Host header (a cache could keep a page whose links point at any host sent);
    # without SITE_URL, links stay relative to the site.
    return external_url("public.index") or url_for("public.index")


def absolute(path: str) -> str:
    """Turn a path from url_for into an absolute URL under the site's public address."""
    return urljoin(site_root(), path.removeprefix(request.script_root).lstrip("/"))


def xml_text(value: str) -> str:
    """Drop the characters XML cannot hold; autoescape still escapes the rest."""
    return _NOT_XML.sub("", value)


def w3c_date(value: datetime) -> str:
    """Format a stored UTC time as RFC 3339, as Atom and sitemaps want it."""
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


def tag_uri(created: datetime, specific: str) -> str:
    """Return a tag: URI (RFC 4151) that names an entry for good, whatever its slug becomes."""
    return f"tag:{urlsplit(site_root()).hostname},{created:%Y-%m-%d}:{specific}"


def public_name(comment: Comment) -> str:
    """Return the name a feed shows for a commenter: the page's rule (cms/comments/authors.py)."""
    # Feeds are copied and kept where nobody can take them back.
    return authors.public_name(comment.author_name)


def last_change(article: Article) -> datetime:
    """Return when an article last changed for readers: a scheduled one changes on going live."""
    return max(article.updated_at, article.published_at)


def newest(times: Iterable[datetime]) -> datetime:
    """Return the latest of ``times``, or now for an empty feed (Atom requires a date)."""
    return max(times, default=utcnow())


def atom(template: str, entries: list[dict], **context: object) -> Response:
    """Render an Atom feed of ``entries`` (newest first); its date is the newest entry's."""
    xml = render_template(
        template,
        entries=entries,
        updated=newest(entry["updated"] for entry in entries),
        **context,
    )
    return Response(xml, mimetype=ATOM)


def article_entry(article: Article) -> dict:
    """Return what a feed says of an article besides its own fields."""
    return {
        "article": article,
        "url": absolute(url_for("public.article", slug=article.slug)),
        "id": tag_uri(article.created_at, f"article-{article.id}"),
        "updated": last_change(article),
    }


def article_feed(query: Select, title: str, self_url: str, page_url: str) -> Response:
    """Answer an Atom feed of the latest public posts ``query`` selects."""
    articles = db.session.scalars(query.limit(FEED_SIZE)).all()
    return atom(
        "feeds/articles.xml",
        [article_entry(a) for a in articles],
        title=title,
        self_url=self_url,
        page_url=page_url,
    )


@bp.get("/feed/")
@public_page()
def posts() -> Response:
    return article_feed(publishing.public_posts(), "", url_for(".posts"), url_for("public.index"))


@bp.get("/category/<slug>/feed/")
@public_page()
def category(slug: str) -> Response:
    topic = db.session.scalar(select(Category).where(Category.slug == slug))
    if topic is None:
        abort(404)
    # Like the category page: the posts filed under this category, not under its children.
    query = publishing.public_posts().where(Article.categories.any(Category.id == topic.id))
    return article_feed(
        query, topic.name, url_for(".category", slug=slug), url_for("topics.category", slug=slug)
    )


def public_comments() -> Select:
    """Select the latest approved comments on public articles, newest first."""
    return (
        select(Comment)
        .join(Comment.article)
        # Each entry names its article: loaded by the same query, not one query per entry.
        .options(contains_eager(Comment.article))
        .where(readable_clause(), publishing.is_public_clause())
        .order_by(Comment.created_at.desc(), Comment.id.desc())
        .limit(FEED_SIZE)
    )


def comment_entry(comment: Comment, layouts: dict[int, comment_pages.Paging]) -> dict:
    """Return what the comments feed says of a comment: its name and text, never an address."""
    # Laid out once per article, however many of its comments the feed holds.
    if comment.article_id not in layouts:
        layouts[comment.article_id] = comment_pages.paging_for(comment.article)
    layout = layouts[comment.article_id]
    url = layout.url(comment_pages.page_of(layout, comment), _anchor=f"comment-{comment.id}")
    return {
        "comment": comment,
        "name": public_name(comment),
        "url": absolute(url),
        "id": tag_uri(comment.created_at, f"comment-{comment.id}"),
        "updated": comment.created_at,
    }


@bp.get("/comments/feed/")
@public_page()
def comments() -> Response:
    found = db.session.scalars(public_comments()).all()
    layouts: dict[int, comment_pages.Paging] = {}
    entries = [comment_entry(c, layouts) for c in found]
    return atom("feeds/comments.xml", entries, self_url=url_for(".comments"))


@bp.get("/<slug>/feed/")
@public_page()
def article_comments(slug: str) -> Response:
    """The comments of one article, as WordPress serves them at /<slug>/feed/."""
    article = get_article(slug)
    found = db.session.scalars(public_comments().where(Comment.article_id == article.id)).all()
    layouts = {article.id: comment_pages.paging_for(article)}
    entries = [comment_entry(c, layouts) for c in found]
    self_url = url_for(".article_comments", slug=article.slug)
    return atom("feeds/comments.xml", entries, self_url=self_url, article=article)


@bp.get("/sitemap.xml")
@public_page()
def sitemap() -> Response:
    """List the index and every public post and page for search engines."""
    articles = db.session.scalars(
        select(Article).where(publishing.is_public_clause()).order_by(Article.published_at.desc())
    ).all()
    entries = [article_entry(a) for a in articles]
    index = (absolute(url_for("public.index")), newest(e["updated"] for e in entries))
    pages = [index, *((e["url"], e["updated"]) for e in entries)]
    return Response(render_template("feeds/sitemap.xml", pages=pages), mimetype="application/xml")


@bp.get("/favicon.ico")
def favicon() -> Response:
    """Answer the browsers that ask for /favicon.ico, whatever a page links to."""
    # From memory rather than a file stream: a few hundred bytes every browser asks for.
    response = Response(_favicon_bytes(current_app.static_folder), mimetype="image/x-icon")
    policy.static_asset(response)
    response.add_etag()
    return response.make_conditional(request)


@functools.cache
def _favicon_bytes(static_folder: str) -> bytes:
    return (Path(static_folder) / "favicon.ico").read_bytes()


@bp.get("/robots.txt")
def robots() -> Response:
    """Let crawlers read the site but not the staff pages or the mailed links."""
    root = urlsplit(site_root()).path
    lines = [
        "User-agent: *",
        "Allow: /",
        f"Disallow: {root}admin/",
        f"Disallow: {root}mail/",
        "",
        f"Sitemap: {absolute(url_for('.sitemap'))}",
    ]
    return Response("\n".join(lines) + "\n", mimetype="text/plain")
