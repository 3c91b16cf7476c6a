"""One policy decides which answers are private, and how a private answer looks."""

from pathlib import Path

import pytest

from cms.http.policy import PERSONAL

CMS = Path(__file__).resolve().parents[2] / "cms"
POLICY = CMS / "http" / "policy.py"


@pytest.mark.parametrize(
    "url", ["/mail/confirm/not-a-token", "/mail/comment/approve/x", "/your-data/", "/your-data/x"]
)
def test_a_page_whose_address_is_its_key_is_private_unindexed_and_sends_no_referrer(client, url):
    response = client.get(url)
    assert response.headers["Cache-Control"] == PERSONAL
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["X-Robots-Tag"] == "noindex"


@pytest.mark.parametrize("url", ["/admin/", "/admin/comments", "/admin/account"])
def test_every_staff_page_is_private(editor, url):
    editor.login()
    response = editor.client.get(url)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == PERSONAL


def test_an_answer_to_a_form_is_private(client):
    assert client.post("/no-such-article/comments").headers["Cache-Control"] == PERSONAL


def test_only_the_policy_writes_what_a_private_answer_looks_like():
    writers = [
        path.relative_to(CMS).as_posix()
        for path in CMS.rglob("*.py")
        if PERSONAL in path.read_text() and path != POLICY
    ]
    assert writers == []


def test_only_the_policy_sets_cache_control():
    # A shared cache keeping a personal page is the leak this module exists to prevent.
    writers = [
        path.relative_to(CMS).as_posix()
        for path in CMS.rglob("*.py")
        if "cache_control." in path.read_text() and path != POLICY
    ]
    assert writers == []
