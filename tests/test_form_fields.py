"""The form pieces every domain shares: length messages, trimming, and whole-number fields."""

import pytest
from werkzeug.datastructures import MultiDict
from wtforms import Form, StringField

from cms.form_fields import WholeNumberField, strip, too_long


class Sample(Form):
    """A form built only of the shared pieces, filled as a browser would post it."""

    name = StringField("Name", filters=[strip], validators=[too_long("Name", 1200)])
    depth = WholeNumberField("Depth", low=1, high=10)


def submitted(**fields: str) -> Sample:
    form = Sample(MultiDict({"name": "Sam", "depth": "3", **fields}))
    form.validate()
    return form


def test_a_good_answer_is_taken_trimmed_and_as_a_number() -> None:
    form = submitted(name="  Sam Rivera \n", depth="7")
    assert form.errors == {}
    assert (form.name.data, form.depth.data) == ("Sam Rivera", 7)


@pytest.mark.parametrize(("typed", "kept"), [("\x00Sam\x00", "Sam"), ("   ", ""), ("", "")])
def test_strip_drops_nul_characters_and_surrounding_space(typed: str, kept: str) -> None:
    assert submitted(name=typed).name.data == kept


def test_strip_turns_a_missing_answer_into_empty_text() -> None:
    assert strip(None) == ""


def test_an_answer_over_the_limit_is_refused_naming_the_field_and_the_limit() -> None:
    assert submitted(name="x" * 1201).errors == {"name": ["Name must be at most 1,200 characters."]}
    assert submitted(name="x" * 1200).errors == {}


@pytest.mark.parametrize("typed", ["", "abc", "2.5", "0", "11", "-1", "1e3"])
def test_every_bad_number_gets_one_plain_message(typed: str) -> None:
    assert submitted(depth=typed).errors == {"depth": ["Enter a whole number from 1 to 10."]}


@pytest.mark.parametrize(("typed", "number"), [("1", 1), ("10", 10), (" 4 ", 4)])
def test_a_number_within_the_range_is_taken_at_either_end(typed: str, number: int) -> None:
    form = submitted(depth=typed)
    assert form.errors == {}
    assert form.depth.data == number
