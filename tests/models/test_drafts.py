"""Comment forms kept for correction: encrypted at rest, one per token, stamped when kept."""

import json

import pytest
from flask import Flask
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from cms.extensions import db
from cms.models import CommentDraft, utcnow

TOKEN_HASH = "cd" * 32
PAYLOAD = json.dumps(
    {"fields": {"email": "day3@example.org", "comment": "Words never published."}, "errors": []}
)


def test_a_draft_reads_back_as_typed_but_is_stored_encrypted(app: Flask) -> None:
    with app.app_context():
        db.session.add(CommentDraft(token_hash=TOKEN_HASH, payload=PAYLOAD))
        db.session.commit()
        raw = db.session.execute(text("SELECT payload FROM comment_drafts")).scalar()
        assert "day3" not in raw and "never published" not in raw
        db.session.expire_all()
        assert json.loads(db.session.get(CommentDraft, TOKEN_HASH).payload) == json.loads(PAYLOAD)


def test_a_draft_is_stamped_when_it_is_kept(app: Flask) -> None:
    with app.app_context():
        before = utcnow()
        db.session.add(CommentDraft(token_hash=TOKEN_HASH, payload=PAYLOAD))
        db.session.commit()
        stamp = db.session.scalar(select(CommentDraft.created_at))
        assert before <= stamp <= utcnow()


def test_one_token_keeps_one_draft(app: Flask) -> None:
    with app.app_context():
        db.session.add(CommentDraft(token_hash=TOKEN_HASH, payload=PAYLOAD))
        db.session.commit()
        db.session.expunge_all()
        db.session.add(CommentDraft(token_hash=TOKEN_HASH, payload="{}"))
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()
        assert db.session.scalars(select(CommentDraft.payload)).all() == [PAYLOAD]


def test_a_draft_is_found_only_by_its_own_token(app: Flask) -> None:
    with app.app_context():
        db.session.add(CommentDraft(token_hash=TOKEN_HASH, payload=PAYLOAD))
        db.session.commit()
        assert db.session.get(CommentDraft, "ef" * 32) is None
        assert db.session.get(CommentDraft, TOKEN_HASH) is not None
