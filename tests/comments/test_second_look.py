"""The second look's findings: what could identify someone, and the everyday recovery talk
that must not trip it (dates, doses, years, clinic hours, helplines)."""

import pytest
from flask import Flask

from cms.comments.second_look import REMOVED, cleared, findings, looks_like_full_name


def _found(app: Flask, text: str) -> list[tuple[str, str]]:
    with app.app_context():
        return [(f.kind, f.text(text)) for f in findings(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Text me on 415-555-0132 if you need to talk.", [("a phone number", "415-555-0132")]),
        ("My cell is (312) 555-0187.", [("a phone number", "(312) 555-0187")]),
        ("Ring +44 7911 123456 when you land.", [("a phone number", "+44 7911 123456")]),
        ("Write to me at jo.recovery@example.org any time.",
         [("an email address", "jo.recovery@example.org")]),
        ("The meeting is at 1420 Oak Street on Tuesdays.",
         [("a street address", "1420 Oak Street")]),
        ("I live at 22 Maple Ave, come by.", [("a street address", "22 Maple Ave")]),
    ],
)  # fmt: skip
def test_what_is_found(app: Flask, text: str, expected: list[tuple[str, str]]) -> None:
    assert _found(app, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "I relapsed on 12/03/2024 after 14 months.",
        "Day 365 today. Clean since 2019-06-02.",
        "I take 16 mg of buprenorphine and 2 x 4 mg naloxone sprays.",
        "Back in 2008 I was using 3 grams a day.",
        "The clinic is open Mon-Fri 9:00-17:00, Sat 10-14.",
        "Call 988 or text HOME to 741741.",
        "SAMHSA's line is 1-800-662-4357, free and open all night.",
        "It took 3 tries, 2 detoxes and 1 very patient sponsor.",
        "Step 12 of 12, 90 meetings in 90 days.",
        "Version 2.0 of me, 1 day at a time, 24/7.",
    ],
)
def test_everyday_recovery_talk_is_left_alone(app: Flask, text: str) -> None:
    assert _found(app, text) == []


@pytest.mark.parametrize(
    ("name", "full"),
    [("Sam Rivera", True), ("Mary Ellen Jones", True), ("José García", True),
     ("Dana O'Neil", True), ("Dana O’Neil", True), ("Anne-Marie Dupont", True),
     ("Zoë Ångström", True), ("Łukasz Żak", True), ("Sam", False), ("sam r", False),
     ("Jo B.", False), ("Jo B", False), ("Anon 42", False), ("MJ", False), ("José", False),
     ("MJ Smith", False), ("Sam 2", False), ("Sam_Rivera", False), ("Sam -", False),
     ("Dana O''Neil", False)],
)  # fmt: skip
def test_a_full_name_is_noticed(name: str, full: bool) -> None:
    assert looks_like_full_name(name) is full


def test_removing_replaces_each_finding_and_keeps_the_first_name(app: Flask) -> None:
    text = "Call 415-555-0132 or mail jo@example.org."
    with app.app_context():
        assert cleared(text, "Jo Bloggs") == (f"Call {REMOVED} or mail {REMOVED}.", "Jo")
