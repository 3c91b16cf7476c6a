"""How the site shows times to people: every time names its zone, stored times being UTC."""

import re
from datetime import datetime
from urllib.parse import urlsplit

from flask import Flask

from cms.models import CommentStatus
from cms.templating import date_time
from tests.support.html_page import page
from tests.support.people import Commenter, Editor, csrf_token
from tests.support.site import HEROIN, add_comment
from tests.support.smtp import SmtpServer

TEN_PAST_TWO = datetime(2026, 12, 4, 2, 10)


def test_a_time_is_written_with_its_zone() -> None:
    assert date_time(TEN_PAST_TWO) == "December 4, 2026 at 2:10 am UTC"
    assert date_time(datetime(2026, 12, 4, 14, 5)) == "December 4, 2026 at 2:05 pm UTC"


def test_a_comment_on_the_article_page_says_when_it_was_written_and_in_which_zone(
    app: Flask, reader: Commenter
) -> None:
    comment_id = add_comment(app, status=CommentStatus.APPROVED, created_at=TEN_PAST_TWO)
    shown = page(reader.article(HEROIN)).by_id(f"comment-{comment_id}").find("time")
    assert shown.text == "December 4, 2026 at 2:10 am UTC"
    assert shown.attrs["datetime"] == "2026-12-04T02:10:00Z"


def test_the_queue_shows_each_comment_s_time_with_its_zone(app: Flask, editor: Editor) -> None:
    add_comment(app, created_at=TEN_PAST_TWO)
    times = [t.text for t in page(editor.queue()).find("table").find_all("time")]
    assert times == ["December 4, 2026 at 2:10 am UTC"]


def test_your_data_page_shows_when_each_comment_was_written_in_words_and_zone(
    app: Flask, mailbox: SmtpServer, reader: Commenter
) -> None:
    add_comment(app, author_email="sam@example.net", created_at=TEN_PAST_TWO)
    form = reader.client.get("/your-data/").get_data(as_text=True)
    reader.client.post(
        "/your-data/", data={"email": "sam@example.net", "csrf_token": csrf_token(form)}
    )
    [link] = re.findall(
        r"https?://\S+/your-data/\S+", mailbox.to("sam@example.net")[-1].get_content()
    )
    held = page(reader.client.get(urlsplit(link).path)).find("section", cls="held-comment")
    written = held.find("time")
    assert written.text == "December 4, 2026 at 2:10 am UTC"
    assert written.attrs["datetime"] == "2026-12-04T02:10:00Z"
