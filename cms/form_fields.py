"""Form pieces every domain's forms share: length messages, trimming, whole numbers."""

from wtforms import IntegerField
from wtforms.validators import InputRequired, Length, NumberRange


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
