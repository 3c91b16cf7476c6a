"""The site's icon: linked from every page, and /favicon.ico answering for browsers that ask."""

from flask.testing import FlaskClient

from tests.support.html_page import page


def test_every_page_links_an_icon_that_is_served(client: FlaskClient) -> None:
    icons = page(client.get("/")).find("head").find_all("link", None)
    hrefs = [link.attrs["href"] for link in icons if link.attrs.get("rel") == "icon"]
    assert hrefs == ["/static/favicon.svg", "/favicon.ico"]
    with client.get(hrefs[0]) as svg:
        assert svg.status_code == 200 and svg.mimetype == "image/svg+xml"
        assert b"<script" not in svg.data


def test_favicon_ico_is_an_icon_cached_by_browsers_with_no_cookie(client: FlaskClient) -> None:
    with client.get("/favicon.ico") as response:
        assert response.status_code == 200
        assert response.mimetype in ("image/vnd.microsoft.icon", "image/x-icon")
        assert response.data[:4] == b"\x00\x00\x01\x00"
        assert "Set-Cookie" not in response.headers
        assert response.headers["Cache-Control"] == "public, max-age=86400"
        etag = response.headers["ETag"]
    # Asked again with its validator, it costs nothing: 304, no body.
    with client.get("/favicon.ico", headers={"If-None-Match": etag}) as again:
        assert again.status_code == 304 and again.data == b""
