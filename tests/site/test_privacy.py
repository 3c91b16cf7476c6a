"""No public page gives away a commenter's email address or IP address."""

from dataclasses import dataclass
from urllib.parse import quote

import pytest
from flask import Flask

from cms.models import CommentStatus
from tests.support.people import Commenter
from tests.support.site import EDITOR_EMAIL, HEROIN, OPIOID, comments_in_db, last_comment_id


@dataclass
class Person:
    name: str
    email: str
    ip: str
    slug: str
    browser: Commenter | None = None
    comment_id: int = 0

    @property
    def text(self) -> str:
        return f"Words written by {self.name}."


@dataclass
class Thread:
    people: dict[str, Person]
    viewer: Person  # has a pending comment and saved their details in the browser

    @property
    def emails(self) -> list[str]:
        return [p.email for p in self.people.values()] + [EDITOR_EMAIL]

    @property
    def ips(self) -> list[str]:
        return [p.ip for p in self.people.values()]


def _comment(app: Flask, person: Person, parent: Person | None = None, **fields: str) -> None:
    person.browser = Commenter(app.test_client())
    person.browser.client.environ_base["REMOTE_ADDR"] = person.ip
    response = person.browser.post(
        person.slug,
        author=person.name,
        email=person.email,
        comment=person.text,
        comment_parent=parent.comment_id if parent else 0,
        **fields,
    )
    assert response.status_code == 303
    person.comment_id = last_comment_id(app)


@pytest.fixture
def thread(app: Flask, editor) -> Thread:
    """Approved comments and replies on both articles, some pending, one from a saved form."""
    people = {
        p.name: p
        for p in [
            Person("Alice", "alice.k7q@example.net", "198.51.100.11", HEROIN),
            Person("Bruno", "bruno.x3v@example.com", "198.51.100.22", HEROIN),
            Person("Chen", "chen.m4p@example.org", "2001:db8::33", HEROIN),
            Person("Dana", "dana.w8r@example.net", "198.51.100.44", HEROIN),
            Person("Emeka", "emeka.j2s@example.com", "203.0.113.55", OPIOID),
            Person("Fatima", "fatima.h9t@example.org", "203.0.113.66", OPIOID),
            Person("Gus", "gus.b5n@example.net", "203.0.113.77", OPIOID),
            Person("Hana", "hana.z6c@example.com", "203.0.113.88", HEROIN),
        ]
    }
    alice, bruno, chen, dana, emeka, fatima, gus, hana = people.values()
    for person in (alice, bruno, emeka):
        _comment(app, person)
        assert editor.act(person.comment_id, "approve").status_code == 302
    _comment(app, chen, parent=alice)
    _comment(app, dana, parent=bruno)  # a reply left pending
    _comment(app, fatima, parent=emeka)
    for person in (chen, fatima):
        assert editor.act(person.comment_id, "approve").status_code == 302
    _comment(app, gus)  # left pending
    _comment(app, hana, remember="y")  # left pending, details saved in her browser

    stored = {c.id: c for c in comments_in_db(app)}
    for person in people.values():
        assert stored[person.comment_id].author_email == person.email
        assert stored[person.comment_id].author_ip == person.ip
    assert {c.id for c in stored.values() if c.status == CommentStatus.APPROVED} == {
        p.comment_id for p in (alice, bruno, chen, emeka, fatima)
    }
    return Thread(people, viewer=hana)


def _public_pages(thread: Thread) -> list[str]:
    pages = ["/", f"/{HEROIN}/", f"/{OPIOID}/", "/no-such-page/", "/admin/login", "/admin/"]
    for slug in (HEROIN, OPIOID):
        pages += [f"/{slug}/?replytocom={p.comment_id}" for p in thread.people.values()]
    return pages


def _leaks(browser: Commenter, path: str, secrets: list[str]) -> list[str]:
    response = browser.client.get(path)
    assert response.status_code in (200, 302, 404), path
    seen = response.get_data(as_text=True) + "\n".join(
        f"{name}: {value}" for name, value in response.headers.items()
    )
    return [
        f"{secret} on {path}"
        for secret in secrets
        if secret in seen or quote(secret, safe="") in seen
    ]


def test_reader_sees_approved_comments_and_replies_but_no_pending_ones(thread, reader):
    heroin = reader.article(HEROIN).get_data(as_text=True)
    opioid = reader.article(OPIOID).get_data(as_text=True)
    for name in ("Alice", "Bruno", "Chen"):
        assert thread.people[name].text in heroin
    for name in ("Emeka", "Fatima"):
        assert thread.people[name].text in opioid
    for name in ("Dana", "Gus", "Hana"):
        assert thread.people[name].text not in heroin + opioid
    assert "awaiting moderation" not in heroin + opioid


def test_no_email_or_ip_appears_on_any_public_page_for_an_anonymous_reader(thread, reader):
    secrets = thread.emails + thread.ips
    leaks = [leak for path in _public_pages(thread) for leak in _leaks(reader, path, secrets)]
    assert leaks == []


def test_a_commenter_sees_no_email_but_their_own_and_no_ip_on_any_public_page(thread):
    own = thread.viewer.email
    secrets = [email for email in thread.emails if email != own] + thread.ips
    browser = thread.viewer.browser
    leaks = [leak for path in _public_pages(thread) for leak in _leaks(browser, path, secrets)]
    assert leaks == []


@pytest.mark.parametrize("slug", [HEROIN, OPIOID])
def test_a_commenters_own_email_appears_only_in_their_saved_form(thread, slug):
    own = thread.viewer.email
    html = thread.viewer.browser.article(slug).get_data(as_text=True)
    assert html.count(f'value="{own}"') == 1
    assert html.count(own) == 1


def test_pending_author_sees_their_own_pending_comment_but_not_anothers(thread):
    people = thread.people
    heroin = thread.viewer.browser.article(HEROIN).get_data(as_text=True)
    opioid = thread.viewer.browser.article(OPIOID).get_data(as_text=True)
    assert people["Hana"].text in heroin
    assert heroin.count("Your comment is awaiting moderation.") == 1
    assert people["Dana"].text not in heroin
    assert people["Gus"].text not in opioid
    assert "awaiting moderation" not in opioid
    # And the other pending authors do not see hers.
    for name in ("Dana", "Gus"):
        page = people[name].browser.article(HEROIN).get_data(as_text=True)
        assert people["Hana"].text not in page
