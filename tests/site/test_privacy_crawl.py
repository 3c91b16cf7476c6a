"""Crawl every public address the site has and find no trace of any commenter's email.

Comments are posted through the form with unique addresses (approved, pending, spam,
replies, a name that is itself an address); then an anonymous browser follows every link
from the index, plus the feeds, sitemap, robots.txt, search results and error pages, and
looks in every body and header for the addresses, their MD5/SHA-1/SHA-256 and local parts.
"""

import hashlib
import re
from collections import deque
from urllib.parse import urldefrag, urlsplit

from flask import Flask
from flask.testing import FlaskClient

from tests.support.people import Commenter, Editor
from tests.support.site import HEROIN, OPIOID, comments_in_db, set_discussion

# Local parts unlikely anywhere else, so a hit means a leak, not a coincidence.
PEOPLE = {
    "approved": ("Avery", "quillon.approved@example.net", HEROIN),
    "pending": ("Blake", "quillon.pending@example.org", HEROIN),
    "spam": ("Casey", "quillon.spam@example.com", OPIOID),
    "reply": ("Dana", "quillon.reply@example.net", HEROIN),
    "name_is_email": ("quillon.named@example.net", "quillon.hidden@example.net", OPIOID),
    "approved_elsewhere": ("Ellis", "Quillon.Mixed@Example.net ", OPIOID),
}
WORDS = {key: f"zephyrword{n}" for n, key in enumerate(PEOPLE)}
FIXED = [
    "/",
    "/feed/",
    "/comments/feed/",
    "/category/relapse/feed/",
    "/sitemap.xml",
    "/robots.txt",
    "/no-such-page/",
]
LINK = re.compile(r'(?:href|src)="([^"]+)"')


def secrets_of(email: str) -> set[str]:
    """Return what must never be public: the address, its hashes, its local part."""
    canonical = email.strip().lower()
    found = {canonical, canonical.split("@")[0]}
    for algorithm in ("md5", "sha1", "sha256"):
        found.add(hashlib.new(algorithm, canonical.encode()).hexdigest())
    return found


def post_everyone(app: Flask, editor: Editor) -> set[str]:
    """Post each person's comment as they would, moderate it; return all that is secret."""
    for key, (name, email, slug) in PEOPLE.items():
        if key == "reply":
            continue
        extra = {"subject": "I am a robot"} if key == "spam" else {}
        text = f"Words with {WORDS[key]} in them."
        browser = Commenter(app.test_client())
        assert (
            browser.post(slug, author=name, email=email, comment=text, **extra).status_code == 303
        )
        if key in ("approved", "name_is_email", "approved_elsewhere"):
            editor.act(comments_in_db(app)[-1].id, "approve")
    parent = next(c.id for c in comments_in_db(app) if c.author_name == "Avery")
    name, email, slug = PEOPLE["reply"]
    reply = Commenter(app.test_client()).post(
        slug, author=name, email=email, comment=f"Reply {WORDS['reply']}.", comment_parent=parent
    )
    assert reply.status_code == 303
    editor.act(comments_in_db(app)[-1].id, "approve")
    assert {c.status.value for c in comments_in_db(app)} == {"approved", "pending", "spam"}
    return set().union(*(secrets_of(email) for _, email, _ in PEOPLE.values()))


def crawl(client: FlaskClient, start: list[str]) -> dict[str, str]:
    """Fetch every same-site address reachable from `start`; return each one's text."""
    seen, queue, pages = set(start), deque(start), {}
    while queue:
        url = queue.popleft()
        response = client.get(url)
        headers = "\n".join(f"{k}: {v}" for k, v in response.headers.items())
        # Bytes read as Latin-1 so an image (the favicon) is searched too, not skipped.
        pages[url] = headers + "\n" + response.get_data().decode("latin-1")
        response.close()
        for link in LINK.findall(pages[url]):
            target = urldefrag(link.replace("&amp;", "&"))[0]
            parts = urlsplit(target)
            if parts.netloc not in ("", "localhost") or not parts.path.startswith("/"):
                continue
            local = parts.path + (f"?{parts.query}" if parts.query else "")
            if local not in seen:
                seen.add(local)
                queue.append(local)
    return pages


def test_no_public_page_holds_a_commenters_address_or_its_hash(app: Flask, editor: Editor):
    # One comment per page, so the crawl walks every comment page of each article too.
    set_discussion(app, paginate=True, per_page=1)
    secrets = post_everyone(app, editor)
    searches = [f"/search?q={word}" for word in WORDS.values()]
    pages = crawl(app.test_client(), FIXED + searches)
    assert len(pages) > 20, "the crawl should reach the articles, topics and feeds"
    assert any("/comment-page-" in url for url in pages), "comment pages are crawled"
    assert any(WORDS["approved"] in text for text in pages.values()), "approved text is public"
    leaks = [(url, s) for url, text in pages.items() for s in secrets if s in text.lower()]
    assert leaks == []


def test_error_pages_and_their_headers_hold_no_address(app: Flask, editor: Editor):
    secrets = post_everyone(app, editor)
    client = app.test_client()
    answers = [
        client.get("/no-such-page/"),
        client.get(f"/{HEROIN}/comments"),  # 405: the form only accepts POST
        client.post(f"/{HEROIN}/comments", data={"email": "quillon.pending@example.org"}),
        client.get("/mail/unsubscribe/forged"),
    ]
    # The refused post answers 303 to the form as typed (post, redirect, get).
    assert [r.status_code for r in answers] == [404, 405, 303, 400]
    assert answers[2].headers["Location"] == f"/{HEROIN}/#respond"
    for response in answers[:2] + answers[3:]:
        text = str(response.headers) + response.get_data(as_text=True)
        assert [s for s in secrets if s in text.lower()] == []
