"""Slugs: the address form of titles, categories and tags."""

import pytest

from cms.articles.slugs import MAX_LENGTH, slugify


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Relapse", "relapse"),
        ("Café Talk", "cafe-talk"),
        ("  Hello, World!  ", "hello-world"),
        ("snake_case and   spaces", "snake-case-and-spaces"),
        ("Ünïcödé — dash", "unicode-dash"),
        ("日本語", "日本語"),
        ("I Relapsed On Heroin, Now What?", "i-relapsed-on-heroin-now-what"),
        ("---", ""),
        ("", ""),
    ],
)
def test_slugify_makes_a_lowercase_hyphenated_address(text, slug):
    assert slugify(text) == slug


def test_slugify_fits_the_column_and_never_ends_with_a_hyphen():
    slug = slugify("word " * 100)
    assert len(slug) <= MAX_LENGTH
    assert not slug.endswith("-")
