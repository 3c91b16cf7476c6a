"""Form pieces every domain's forms share: length messages, trimming, whole numbers, and
widgets that draw a field as WTForms' own do, for less."""

from typing import Any

from markupsafe import Markup, escape
from wtforms import Field, IntegerField, widgets
from wtforms.validators import InputRequired, Length, NumberRange
from wtforms.widgets.core import clean_key


def too_long(label: str, limit: int) -> Length:
    """Refuse more than ``limit`` characters, naming the field and the limit."""
    return Length(max=limit, message=f"{label} must be at most {limit:,} characters.")


def strip(value: str | None) -> str:
    """Trim a one-line answer and drop NUL characters, which PostgreSQL cannot store."""
    return value.replace("\x00", "").strip() if value else ""


class WholeNumberField(IntegerField):
    """A number field whose every bad entry, typed or out of range, gets one plain message."""

    def __init__(self, label: str, low: int, high: int, **kwargs: object) -> None:
        message = f"Enter a whole number from {low} to {high}."
        validators = [InputRequired(message), NumberRange(low, high, message)]
        super().__init__(label, validators=validators, **kwargs)

    def process_formdata(self, valuelist: list[str]) -> None:
        # Leave a non-number as None for NumberRange to explain, instead of a second message.
        try:
            super().process_formdata(valuelist)
        except ValueError:
            self.data = None


def html_params(**attributes: Any) -> Markup:
    """Return the attributes as WTForms' ``html_params`` writes them, byte for byte.

    Its version formats each attribute through ``Markup.format``, which cost more than half
    of drawing the comment form: the form is drawn on every page sent back to a commenter.
    """
    params = []
    for key, value in sorted(attributes.items()):
        if value is True:
            params.append(escape(clean_key(key)))
        elif value is not False:
            # escape() writes a quote as &#34;, so the value cannot leave its quotes.
            params.append(f'{escape(clean_key(key))}="{escape(value)}"')
    return Markup(" ".join(params))


def _drawn(widget: type[widgets.Input]) -> type[widgets.Input]:
    """Return WTForms' ``widget`` with its attributes written by this module's html_params."""
    return type(widget.__name__, (widget,), {"html_params": staticmethod(html_params)})


TextInput = _drawn(widgets.TextInput)
EmailInput = _drawn(widgets.EmailInput)
URLInput = _drawn(widgets.URLInput)
NumberInput = _drawn(widgets.NumberInput)
HiddenInput = _drawn(widgets.HiddenInput)
CheckboxInput = _drawn(widgets.CheckboxInput)


class TextArea(widgets.TextArea):
    """WTForms' textarea, its attributes written by this module's ``html_params``."""

    def __call__(self, field: Field, **attributes: Any) -> Markup:
        attributes.setdefault("id", field.id)
        # The flags a validator set on the field (Flags keeps them as attributes).
        flags = vars(field.flags)
        for flag in self.validation_attrs:
            if flag in flags and flag not in attributes:
                attributes[flag] = flags[flag]
        params = html_params(name=field.name, **attributes)
        # The newline after the tag is the markup's: a browser drops it, keeping the text's own.
        return Markup(f"<textarea {params}>\r\n{escape(field._value())}</textarea>")
