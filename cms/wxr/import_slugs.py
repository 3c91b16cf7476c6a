"""The addresses of imported articles: WordPress's own where it works here, and every address
WordPress served still answering, with a redirect, where it had to change.
"""

from sqlalchemy import select

from ..articles.saving import RESERVED_SLUGS
from ..articles.slugs import MAX_LENGTH, is_valid_slug, slugify
from ..extensions import db
from ..models import Article, SlugRedirect
from .reader import Item


class ImportSlugs:
    """The slugs taken so far, and the old addresses to keep, for one run."""

    def __init__(self) -> None:
        self.taken = set(db.session.scalars(select(Article.slug)))
        self.taken |= set(db.session.scalars(select(SlugRedirect.old_slug)))
        # Unpublished articles of this run, by slug: WordPress lets a published post have
        # the slug a draft holds, so the draft gives it up (drafts have no address to keep).
        self.unpublished: dict[str, Article] = {}
        # (article, the address WordPress served) where the article's slug had to change.
        self.moved: list[tuple[Article, str]] = []

    @staticmethod
    def wanted(item: Item) -> str:
        """Return WordPress's slug when it works as an address here, else one made from it."""
        if is_valid_slug(item.slug):
            return item.slug
        return slugify(item.slug) or slugify(item.title) or f"untitled-{item.wp_id}"

    def give(self, item: Item, article: Article, public: bool) -> None:
        """Give the article its slug, keeping WordPress's where it can."""
        wanted = self.wanted(item)
        if public and wanted in self.unpublished:
            draft = self.unpublished.pop(wanted)
            draft.slug = self._free(wanted)
            self.taken.discard(wanted)
        article.slug = wanted if wanted not in self.taken and wanted not in RESERVED_SLUGS else ""
        article.slug = article.slug or self._free(wanted)
        self.taken.add(article.slug)
        if item.slug != article.slug:
            article.wp_slug = item.slug[:MAX_LENGTH]
        if not public:
            self.unpublished[article.slug] = article
        elif item.slug != article.slug and self._is_free_address(item.slug):
            self.moved.append((article, item.slug))
            self.taken.add(item.slug)

    def _is_free_address(self, slug: str) -> bool:
        return bool(slug) and slug not in self.taken and slug not in RESERVED_SLUGS

    def _free(self, base: str) -> str:
        candidate, number = base, 1
        while candidate in self.taken or candidate in RESERVED_SLUGS:
            number += 1
            suffix = f"-{number}"
            candidate = base[: MAX_LENGTH - len(suffix)].rstrip("-") + suffix
        self.taken.add(candidate)
        return candidate

    def keep_old_addresses(self) -> None:
        """Store the plain addresses WordPress served that changed and are free here."""
        if not self.moved:
            return
        db.session.flush()
        db.session.add_all(
            SlugRedirect(old_slug=old[:MAX_LENGTH], article_id=article.id)
            for article, old in self.moved
        )
        self.moved = []
