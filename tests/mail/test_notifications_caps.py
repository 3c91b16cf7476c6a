"""The mail a post sets off at once is capped, so one hostile client cannot flood an inbox:
the private link per confirmed address, and the editors' "needs attention" mail."""

from collections.abc import Callable

import pytest
from flask import Flask

from tests.mail.test_notifications import SAM, subscribe
from tests.support.people import Commenter
from tests.support.smtp import SmtpServer

CARE = "[Recovery Notes] A comment needs attention soon"
OWN = "[Recovery Notes] The link to your comment"


@pytest.fixture
def limited(app_with: Callable[..., Flask], smtp: SmtpServer) -> Flask:
    return app_with(
        RATELIMIT_ENABLED=True,
        COMMENT_RATE_LIMIT="100 per minute",
        COMMENT_ATTEMPT_LIMIT="100 per minute",
        OWN_LINK_MAILS_PER_ADDRESS=2,
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=smtp.port,
        MAIL_TIMEOUT=5,
        MAIL_RETRY_SECONDS=0,
    )


def visitor(app: Flask, n: int) -> Commenter:
    # Each from its own network, as a flood from many would come.
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = f"192.0.2.{n}"
    return Commenter(client)


def test_the_private_link_is_mailed_to_one_address_at_most_so_often(
    limited: Flask, smtp: SmtpServer
) -> None:
    subscribe(visitor(limited, 1), smtp)
    for n in range(2, 6):
        assert visitor(limited, n).post(comment=f"Comment number {n}.").status_code == 303
    assert [m["Subject"] for m in smtp.to(SAM)].count(OWN) == 2


def test_editors_get_one_needs_attention_mail_however_many_come(
    limited: Flask, smtp: SmtpServer
) -> None:
    for n in range(1, 5):
        visitor(limited, n).post(comment=f"I just want to die tonight. ({n})", email="")
    care = [m for m in smtp.messages if m["Subject"] == CARE]
    # One per editor account (the template has one), for the first; the queue has the rest.
    assert len(care) == 1
