"""Which article a Disqus thread belongs to, found by its address, never guessed.

A thread's link is an address the page had: this site's own (/slug/), or, on a site that ran
Disqus under WordPress, a WordPress permalink (/slug/, /YYYY/MM/DD/slug/, /YYYY/MM/slug/,
/?p=ID) or the WordPress plugin's identifier ("123 https://…/?p=123"). Only addresses on
this site or on a WordPress site imported here count; anything else is left unmatched.
"""

import re
from urllib.parse import parse_qs, unquote, urlsplit

from flask import current_app
from sqlalchemy import or_, select

from ..extensions import db
from ..http.bounds import whole_number
from ..models import Article, SlugRedirect
from .disqus_reader import Thread
from .sites import site_key

# WordPress's Disqus plugin names a thread "<post id> <guid>".
_PLUGIN_IDENTIFIER = re.compile(r"^(\d+)\s+(\S+)")
# A dated permalink, under any prefix a permalink structure adds (/p/, /blog/, /archives/).
_DATED = re.compile(r"^(?:[^/]+/)*\d{4}/\d{1,2}(?:/\d{1,2})?/([^/]+)$")
# Permalink structures such as /%postname%.html end the slug with a suffix.
_PAGE_SUFFIX = re.compile(r"\.html?$", re.IGNORECASE)
ID_ARGUMENTS = ("p", "page_id")


class ThreadMatcher:
    """Finds the article of each thread, against the sites this one knows it was."""

    def __init__(self) -> None:
        imported = db.session.scalars(select(Article.source_site).distinct()).all()
        self.ours = site_key(current_app.config.get("SITE_URL") or "")
        # Longest first, so a blog at example.org/blog wins over example.org.
        self.sites = sorted({s for s in (*imported, self.ours) if s}, key=len, reverse=True)

    def article_id(self, thread: Thread) -> int | None:
        """Return the id of the article the thread's address names, or None."""
        found = self._by_link(thread.link)
        if found is None and (plugin := _PLUGIN_IDENTIFIER.match(thread.identifier)):
            # The id is one site's: only taken when its address says which known site.
            site, _ = self._site_of(plugin.group(2))
            if site is not None and (number := whole_number(plugin.group(1))) is not None:
                found = self._by_wordpress_id(number, site)
        return found

    def _site_of(self, link: str) -> tuple[str | None, str]:
        """Return the known site a link is on and the path under it, or (None, "")."""
        key = site_key(link)
        path = urlsplit(link.strip()).path
        for site in self.sites:
            if key == site or key.startswith(site + "/"):
                base = site.partition("/")[2]
                under = path.lstrip("/")[len(base) :] if base else path.lstrip("/")
                return site, unquote(under).strip("/")
        return None, ""

    def _by_link(self, link: str) -> int | None:
        site, path = self._site_of(link)
        if site is None:
            return None
        query = parse_qs(urlsplit(link.strip()).query)
        for name in ID_ARGUMENTS:
            if name in query and (number := whole_number(query[name][0])) is not None:
                return self._by_wordpress_id(number, site)
        dated = _DATED.match(path)
        slug = _PAGE_SUFFIX.sub("", dated.group(1) if dated else path)
        return self._by_slug(slug, site) if slug and "/" not in slug else None

    def _by_wordpress_id(self, wp_id: int, site: str | None) -> int | None:
        query = select(Article.id).where(Article.wp_id == wp_id)
        if site is not None and site in self._imported_sites():
            query = query.where(Article.source_site == site)
        ids = db.session.scalars(query.limit(2)).all()
        # Two blogs' posts with this id, and nothing to tell them apart: not guessed.
        return ids[0] if len(ids) == 1 else None

    def _imported_sites(self) -> set[str]:
        return {s for s in self.sites if s != self.ours}

    def _by_slug(self, slug: str, site: str) -> int | None:
        renamed = select(SlugRedirect.article_id).where(SlugRedirect.old_slug == slug)
        query = select(Article.id).where(
            or_(Article.slug == slug, Article.wp_slug == slug, Article.id.in_(renamed))
        )
        if site != self.ours:
            # Another blog's address names only that blog's articles: a slug that only a
            # second blog has is not this one's.
            query = query.where(Article.source_site == site)
        ids = db.session.scalars(query.order_by(Article.id).limit(1)).all()
        return ids[0] if ids else None
