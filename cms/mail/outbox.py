"""Outgoing mail: written to the outbox with the event it reports, sent after the commit.

Posting a comment only adds rows to the outbox in its own transaction. Once that commit has
happened, the rows are sent from a background thread (inline when MAIL_BACKGROUND is off,
as in tests), so a slow or failing SMTP server can delay mail but never slow, fail or undo
the comment. A failed message is tried again later with a doubling delay, by the next
delivery or by `flask mail send`.

How mail leaves is `backend()`: through MAIL_SERVER, or (MAIL_BACKEND = "file", for
development only) into .eml files marked as not delivered; with neither, mail is off and
`can_send()` is how every page knows not to offer it.
"""

import json
import logging
import re
import smtplib
import ssl
import threading
from datetime import timedelta
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr
from pathlib import Path

from flask import Flask, current_app, has_app_context
from limits import parse
from sqlalchemy import event, select, update
from sqlalchemy.orm import Session

from ..comments import authors
from ..extensions import db, limiter
from ..models import OutboxMail, utcnow
from ..privacy.crypto import email_digest

log = logging.getLogger(__name__)

# Set on a session that added mail, so its commit knows to deliver.
QUEUED = "cms.mail.queued"
THREAD_NAME = "cms-mail"
# One bare address: no name, no list, no spaces or line breaks that could add a recipient.
ONE_ADDRESS = re.compile(r"[^\s@,;:<>()\[\]\"\\]+@[^\s@,;:<>()\[\]\"\\]+")
# Messages taken per delivery run; the rest wait for the next run.
BATCH = 100
# The header and first line of every message the file backend writes.
NOT_DELIVERED = "NOT DELIVERED: written to a file for development"


def backend() -> str:
    """Say how mail leaves: "smtp", "file" (development, nothing delivered) or "off"."""
    config = current_app.config
    if config.get("MAIL_BACKEND") == "file":
        return "file"
    return "smtp" if config.get("MAIL_SERVER") else "off"


def can_send() -> bool:
    """Say whether the site can send mail at all; no page offers mail when it cannot."""
    return backend() != "off"


def one_line(value: str | None) -> str:
    """Fold a field into one plain line: no line breaks, controls or bidi tricks survive.

    Every field a mail body interpolates passes here, names and websites stored or imported
    before they were checked included, so none can start a line of its own. What counts as
    invisible is the comment form's rule (cms/comments/authors.py), applied here to what is stored.
    """
    text = "".join(" " if authors.has_invisible(char) else char for char in value or "")
    return authors.one_line(text)


def quoted(text: str) -> str:
    """Quote a block of someone's text: every line, whatever broke it, starts with "> "."""
    lines = [one_line(line) for line in (text or "").splitlines()] or [""]
    return "\n".join(f"> {line}".rstrip() for line in lines)


def header_safe(value: str) -> str:
    """Put a header value on one line, so text a visitor typed cannot add headers."""
    return " ".join(value.splitlines()).strip()


def has_room(kind: str, key: str, rule: str) -> bool:
    """Count one message of this kind for this key (an address's keyed hash); say whether it
    is still within ``rule`` ("3 per day"), counted where the site's rate limits are.

    Silent on purpose: callers answer the same either way, so a cap stops a flood of mail
    from many networks without telling anyone what was asked for.
    """
    if not limiter.enabled:
        return True
    return limiter.limiter.hit(parse(rule), kind, key)


def queue(
    to: str,
    subject: str,
    body: str,
    headers: dict[str, str] | None = None,
    about: str | None = None,
    comment_id: int | None = None,
) -> None:
    """Add a message to the outbox in the caller's transaction; do nothing when mail is off.

    ``about`` is the address of the commenter the message tells someone else about, so
    erasing that person's data finds it too; ``comment_id`` the comment it tells of, so
    withdrawing that comment takes the message with it.
    """
    if not can_send():
        return
    if not ONE_ADDRESS.fullmatch(to):
        # Forms validate addresses; this guards against anything that could add recipients.
        log.warning("Mail to a malformed address was not queued")
        return
    extra = {name: header_safe(value) for name, value in (headers or {}).items()}
    db.session.add(
        OutboxMail(
            to_address=to,
            to_hash=email_digest(to),
            about_hash=email_digest(about) if about else None,
            comment_id=comment_id,
            subject=header_safe(subject)[:300],
            body=body,
            headers=json.dumps(extra),
        )
    )
    db.session.info[QUEUED] = True


def build_message(mail: OutboxMail) -> EmailMessage:
    """Turn an outbox row into a plain-text message, with no HTML part."""
    sender = current_app.config["MAIL_FROM"]
    domain = parseaddr(sender)[1].rpartition("@")[2] or "localhost"
    message = EmailMessage()
    message["From"] = sender
    message["To"] = mail.to_address
    message["Subject"] = mail.subject
    message["Date"] = formatdate(usegmt=True)
    message["Message-ID"] = make_msgid("outbox", domain=domain)
    # RFC 3834: mail from a machine, so vacation responders stay quiet.
    message["Auto-Submitted"] = "auto-generated"
    for name, value in json.loads(mail.headers or "{}").items():
        message[name] = header_safe(value)
    message.set_content(mail.body)
    return message


def _write_file(message: EmailMessage, mail_id: int) -> None:
    """Write a message as an .eml file, labelled as not delivered, readable by its owner only."""
    config = current_app.config
    folder = Path(current_app.instance_path, config["MAIL_FILE_DIR"])
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    message["X-Not-Delivered"] = NOT_DELIVERED
    message.set_content(f"{NOT_DELIVERED}\n\n{message.get_content()}")
    stamp = utcnow().strftime("%Y%m%dT%H%M%S")
    path = folder / f"{stamp}-{mail_id}.eml"
    path.touch(mode=0o600)
    path.write_bytes(bytes(message))


def _send(message: EmailMessage, mail_id: int = 0) -> None:
    if backend() == "file":
        _write_file(message, mail_id)
        return
    config = current_app.config
    with smtplib.SMTP(
        config["MAIL_SERVER"], config["MAIL_PORT"], timeout=config["MAIL_TIMEOUT"]
    ) as smtp:
        if config["MAIL_USE_TLS"]:
            smtp.starttls(context=ssl.create_default_context())
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
        # Recipients given explicitly, never read back from headers.
        smtp.send_message(message, to_addrs=[message["To"]])


def _kind(error: Exception) -> str:
    """Describe a failure for the log without the server's text, which may echo an address."""
    if isinstance(error, smtplib.SMTPResponseException):
        return f"{type(error).__name__} {error.smtp_code}"
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        # Its text is the refused addresses themselves.
        return type(error).__name__
    return f"{type(error).__name__}: {error}"


def _claim(mail: OutboxMail) -> bool:
    """Count this attempt and schedule the next one before sending.

    The conditional update lets one sender only take a message, so a background thread
    and `flask mail send` running together never send it twice; and a process that dies
    mid-send has still counted the attempt.
    """
    delay = current_app.config["MAIL_RETRY_SECONDS"] * 2**mail.attempts
    result = db.session.execute(
        update(OutboxMail)
        .where(
            OutboxMail.id == mail.id,
            OutboxMail.attempts == mail.attempts,
            OutboxMail.sent_at.is_(None),
        )
        .values(attempts=mail.attempts + 1, next_attempt_at=utcnow() + timedelta(seconds=delay))
    )
    db.session.commit()
    return result.rowcount == 1


def deliver_due() -> tuple[int, int]:
    """Send every message whose time has come; return how many went and how many failed."""
    due = db.session.scalars(
        select(OutboxMail)
        .where(
            OutboxMail.sent_at.is_(None),
            OutboxMail.attempts < current_app.config["MAIL_MAX_ATTEMPTS"],
            OutboxMail.next_attempt_at <= utcnow(),
        )
        .order_by(OutboxMail.id)
        .limit(BATCH)
    ).all()
    sent = failed = 0
    for mail in due:
        if not _claim(mail):
            continue
        try:
            _send(build_message(mail), mail.id)
        # Any failure, not only SMTP's: one bad message must not hold up the rest.
        except Exception as error:
            failed += 1
            # The kind only: a server's refusal text can echo the recipient's address.
            mail.last_error = _kind(error)[:1000]
            log.warning("Mail %s not sent (attempt %s): %s", mail.id, mail.attempts, _kind(error))
        else:
            sent += 1
            mail.sent_at, mail.last_error = utcnow(), ""
        db.session.commit()
    return sent, failed


def retry_all() -> int:
    """Make every unsent message due now with its attempts reset; return how many."""
    result = db.session.execute(
        update(OutboxMail)
        .where(OutboxMail.sent_at.is_(None))
        .values(attempts=0, next_attempt_at=utcnow())
    )
    db.session.commit()
    return result.rowcount


def deliver_in_context(app: Flask) -> None:
    """Deliver in an app context of its own, so the caller's session is never touched."""
    try:
        with app.app_context():
            deliver_due()
    except Exception:
        # Whatever goes wrong, the messages stay in the outbox for the next run.
        log.exception("Mail delivery stopped early; the outbox keeps the rest")


def _after_commit(session: Session) -> None:
    if not session.info.pop(QUEUED, False) or not has_app_context():
        return
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if app.config["MAIL_BACKGROUND"]:
        threading.Thread(
            target=deliver_in_context, args=(app,), name=THREAD_NAME, daemon=True
        ).start()
    else:
        deliver_in_context(app)


def _after_rollback(session: Session) -> None:
    # Mail added in a transaction that was rolled back is gone: nothing to deliver.
    session.info.pop(QUEUED, None)


BACKENDS = ("smtp", "file")


def init_app(app: Flask) -> None:
    """Deliver after every commit that added mail (the listeners are shared by all apps)."""
    chosen = app.config["MAIL_BACKEND"]
    if chosen not in BACKENDS:
        # A typo must not quietly mean "smtp" or "off": say so before the site serves.
        raise ValueError(f"MAIL_BACKEND must be one of {', '.join(BACKENDS)}, not {chosen!r}")
    if chosen == "file" and not (app.debug or app.testing):
        log.warning("MAIL_BACKEND is 'file': mail is written to files and reaches nobody")
    if not event.contains(db.session, "after_commit", _after_commit):
        event.listen(db.session, "after_commit", _after_commit)
        event.listen(db.session, "after_rollback", _after_rollback)
