"""Imported articles keep WordPress's address where it works here; where it must change,
every address WordPress served answers 301 to the new one."""

from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select

from cms.extensions import db
from cms.models import Article
from tests.support.site import HEROIN
from tests.support.wxr_support import run_import, wxr_file, wxr_item


def _slug(app: Flask, wp_id: int) -> str:
    with app.app_context():
        return db.session.scalar(select(Article.slug).where(Article.wp_id == wp_id))


@pytest.mark.parametrize(
    ("wordpress", "kept"),
    [
        ("my_first_week", "my_first_week"),
        ("caf%c3%a9-talk", "café-talk"),
        ("%e6%88%92%e6%af%92", "戒毒"),
        ("day-2", "day-2"),
    ],
)
def test_a_valid_wordpress_slug_is_kept_as_it_is(
    app: Flask, tmp_path: Path, wordpress: str, kept: str
) -> None:
    run_import(app, wxr_file(tmp_path / "x.xml", wxr_item(3, "Title", wordpress)))
    assert _slug(app, 3) == kept
    assert app.test_client().get(f"/{wordpress}/").status_code == 200


def test_a_slug_another_article_has_moves_and_the_old_addresses_redirect(
    app: Flask, tmp_path: Path
) -> None:
    output = run_import(app, wxr_file(tmp_path / "x.xml", wxr_item(4, "Taken", HEROIN)))
    assert _slug(app, 4) == f"{HEROIN}-2"
    assert "Gave 1 article a new address" in output
    client = app.test_client()
    # The launch article keeps its address; WordPress's own dated address finds the import.
    assert client.get(f"/{HEROIN}/").status_code == 200
    for dated in (f"/2020/05/01/{HEROIN}/", f"/2020/05/{HEROIN}/"):
        moved = client.get(dated)
        assert moved.status_code == 301 and moved.headers["Location"].endswith(f"/{HEROIN}-2/")


def test_a_slug_that_does_not_work_here_is_made_anew_and_redirects(
    app: Flask, tmp_path: Path
) -> None:
    # WordPress writes slugs in lower case; a hand-edited file may not.
    run_import(app, wxr_file(tmp_path / "x.xml", wxr_item(5, "Feed Me", "Feed_Me")))
    assert _slug(app, 5) == "feed-me"
    client = app.test_client()
    for old in ("/Feed_Me/", "/2020/05/01/Feed_Me/", "/2020/05/Feed_Me/"):
        response = client.get(old)
        assert response.status_code == 301 and "/feed-me/" in response.headers["Location"]


def test_a_reserved_slug_gets_a_suffix(app: Flask, tmp_path: Path) -> None:
    run_import(app, wxr_file(tmp_path / "x.xml", wxr_item(6, "Search", "search")))
    assert _slug(app, 6) == "search-2"


def test_a_draft_that_took_a_slug_first_gives_it_to_the_published_post(
    app: Flask, tmp_path: Path
) -> None:
    export = wxr_file(
        tmp_path / "x.xml",
        wxr_item(7, "Early draft", "one-year", status="draft"),
        wxr_item(8, "One year", "one-year"),
    )
    run_import(app, export)
    assert (_slug(app, 8), _slug(app, 7)) == ("one-year", "one-year-2")
    assert app.test_client().get("/one-year/").status_code == 200


def test_redirects_never_reveal_an_unpublished_article(app: Flask, tmp_path: Path) -> None:
    run_import(
        app, wxr_file(tmp_path / "x.xml", wxr_item(9, "Hidden", "Hidden_Post", status="draft"))
    )
    for old in ("/Hidden_Post/", "/2020/05/01/Hidden_Post/", "/2020/05/01/hidden_post/"):
        assert app.test_client().get(old).status_code == 404, old
