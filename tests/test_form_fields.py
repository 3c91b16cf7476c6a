"""The form pieces every domain shares: length messages, trimming, whole-number fields, widgets."""

import pytest
from werkzeug.datastructures import MultiDict
from wtforms import (
    BooleanField,
    EmailField,
    Form,
    HiddenField,
    IntegerField,
    StringField,
    TextAreaField,
    URLField,
)
from wtforms.validators import DataRequired, Length

from cms import form_fields as drawn
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


# What people and robots type, and attributes as templates pass them: quotes of each kind,
# markup, entities, controls, astral characters, numbers, True and False.
HOSTILE = [
    "",
    "Sam",
    '"><script>alert(1)</script>',
    "' onfocus='alert(1)",
    "&amp; &lt;b&gt; &#34; &quot;",
    "a\nb\r\nc\td\x00e\x1b",
    "😀 שלום ‮ \u2028",
    "   padded   ",
]
ATTRIBUTES = [
    {},
    {"rows": 8, "cols": 45, "maxlength": 65525, "required": True},
    {"aria_invalid": "true", "aria_describedby": "author-notes author-error"},
    {"class_": "x", "data_kind": '"q"', "tabindex": "-1", "autocomplete": "off"},
    {"disabled": False, "readonly": True, "placeholder": "<b>&"},
]


class Drawn(Form):
    """One field of each kind the comment form draws, twice: WTForms' widget and ours."""

    text = StringField()
    area = TextAreaField(validators=[DataRequired(), Length(max=10)])
    box = BooleanField()
    number = IntegerField()
    hidden = HiddenField()
    email = EmailField()
    url = URLField()


OURS = {
    "text": drawn.TextInput(),
    "area": drawn.TextArea(),
    "box": drawn.CheckboxInput(),
    "number": drawn.NumberInput(),
    "hidden": drawn.HiddenInput(),
    "email": drawn.EmailInput(),
    "url": drawn.URLInput(),
}


@pytest.mark.parametrize("typed", HOSTILE)
@pytest.mark.parametrize("attributes", ATTRIBUTES)
def test_the_widgets_draw_what_wtforms_draws_byte_for_byte(typed: str, attributes: dict) -> None:
    form = Drawn(MultiDict({name: typed for name in OURS} | {"box": "y" if typed else ""}))
    form.validate()
    for name, widget in OURS.items():
        field = form[name]
        theirs = field.widget(field, **attributes)
        assert widget(field, **attributes) == theirs
        assert type(widget(field, **attributes)) is type(theirs)


def test_the_textarea_carries_the_flags_its_validators_set() -> None:
    form = Drawn()
    drawn_area = drawn.TextArea()(form.area)
    tag = drawn_area.partition(">")[0].split()
    assert 'maxlength="10"' in tag and "required" in tag
    assert drawn_area == form.area.widget(form.area)
