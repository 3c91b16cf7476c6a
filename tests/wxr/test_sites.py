"""One name for the site an export came from, however its address was written."""

import pytest

from cms.wxr.sites import site_key


@pytest.mark.parametrize(
    ("address", "key"),
    [
        ("https://blog.example.org", "blog.example.org"),
        ("http://blog.example.org/", "blog.example.org"),
        ("https://www.Blog.Example.org/", "blog.example.org"),
        ("https://example.org/blog/", "example.org/blog"),
        ("  https://example.org/blog  ", "example.org/blog"),
        ("", ""),
        ("not an address", "not an address"),
    ],
)
def test_site_keys(address: str, key: str) -> None:
    assert site_key(address) == key


def test_a_key_fits_its_column() -> None:
    assert len(site_key("https://example.org/" + "a" * 500)) == 200
