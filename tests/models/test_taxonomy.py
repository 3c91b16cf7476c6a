"""Categories and tags: unique addresses, nesting, and filings that go with either side."""

import pytest
from flask import Flask
from sqlalchemy import delete, insert, select
from sqlalchemy.exc import IntegrityError

from cms.extensions import db
from cms.models import Article, Category, Tag, article_categories, article_tags
from tests.support.factories import add_article, add_topic


def category_id(slug: str) -> int:
    return db.session.scalar(select(Category.id).where(Category.slug == slug))


@pytest.mark.parametrize("model", [Category, Tag], ids=["category", "tag"])
def test_a_new_topic_has_an_empty_description(
    app: Flask, model: type[Category] | type[Tag]
) -> None:
    add_topic(app, model, "Hope")
    with app.app_context():
        topic = db.session.scalar(select(model).where(model.slug == "hope"))
        assert (topic.name, topic.description) == ("Hope", "")


@pytest.mark.parametrize("model", [Category, Tag], ids=["category", "tag"])
def test_two_topics_of_a_kind_cannot_share_an_address(
    app: Flask, model: type[Category] | type[Tag]
) -> None:
    add_topic(app, model, "Hope")
    with app.app_context():
        db.session.add(model(slug="hope", name="Hope again"))
        with pytest.raises(IntegrityError):
            db.session.commit()


def test_a_category_and_a_tag_may_share_an_address(app: Flask) -> None:
    add_topic(app, Category, "Hope")
    add_topic(app, Tag, "Hope")
    with app.app_context():
        assert db.session.scalar(select(Category.name).where(Category.slug == "hope")) == "Hope"
        assert db.session.scalar(select(Tag.name).where(Tag.slug == "hope")) == "Hope"


def test_deleting_a_parent_category_leaves_its_children_at_the_top(app: Flask) -> None:
    add_topic(app, Category, "Family")
    with app.app_context():
        child = Category(slug="parents", name="Parents", parent_id=category_id("family"))
        db.session.add(child)
        db.session.commit()
        db.session.execute(delete(Category).where(Category.slug == "family"))
        db.session.commit()
        db.session.expire_all()
        child = db.session.scalar(select(Category).where(Category.slug == "parents"))
        assert child.parent_id is None


def test_deleting_a_topic_unfiles_its_articles_and_keeps_them(app: Flask) -> None:
    article = add_article(app, "Filed", categories=["Family", "Hope"], tags=["sleep", "work"])
    with app.app_context():
        db.session.execute(delete(Category).where(Category.slug == "family"))
        db.session.execute(delete(Tag).where(Tag.slug == "sleep"))
        db.session.commit()
        stored = db.session.get(Article, article)
        assert [c.name for c in stored.categories] == ["Hope"]
        assert [t.name for t in stored.tags] == ["work"]


def test_deleting_an_article_unfiles_it_and_keeps_its_topics(app: Flask) -> None:
    article = add_article(app, "Filed", categories=["Family"], tags=["sleep"])
    with app.app_context():
        db.session.execute(delete(Article).where(Article.id == article))
        db.session.commit()
        for table in (article_categories, article_tags):
            assert (
                db.session.execute(select(table).where(table.c.article_id == article)).all() == []
            )
        assert db.session.scalar(select(Category.name).where(Category.slug == "family"))
        assert db.session.scalar(select(Tag.name).where(Tag.slug == "sleep"))


def test_an_article_is_filed_under_a_category_once(app: Flask) -> None:
    article = add_article(app, "Filed", categories=["Family"])
    with app.app_context():
        with pytest.raises(IntegrityError):
            db.session.execute(
                insert(article_categories).values(
                    article_id=article, category_id=category_id("family")
                )
            )
