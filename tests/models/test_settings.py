"""Stored settings: one row per key, whose JSON value keeps its type."""

import json

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from cms.extensions import db
from cms.models import Setting

VALUES = [True, 30, ["viagra", "casino"], "Call 988 (US)", {"nested": [1, "é"]}, None]


@pytest.mark.parametrize("value", VALUES, ids=lambda v: type(v).__name__)
def test_a_value_comes_back_as_the_json_it_was_stored_as(app: Flask, value: object) -> None:
    with app.app_context():
        db.session.add(Setting(key="a_setting", value=json.dumps(value)))
        db.session.commit()
        db.session.expire_all()
        assert json.loads(db.session.get(Setting, "a_setting").value) == value


def test_a_key_is_stored_once(app: Flask) -> None:
    with app.app_context():
        db.session.add(Setting(key="close_old", value="true"))
        db.session.commit()
        db.session.expunge_all()
        db.session.add(Setting(key="close_old", value="false"))
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()
        assert db.session.get(Setting, "close_old").value == "true"


def test_merging_a_setting_replaces_its_value_in_place(app: Flask) -> None:
    # How settings are saved (cms/comments/discussion.py): merge by key, no second row.
    with app.app_context():
        db.session.merge(Setting(key="per_page", value="50"))
        db.session.commit()
        db.session.merge(Setting(key="per_page", value="20"))
        db.session.commit()
        rows = db.session.execute(
            select(Setting.key, Setting.value).where(Setting.key == "per_page")
        ).all()
        assert [tuple(r) for r in rows] == [("per_page", "20")]
