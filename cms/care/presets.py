"""Help lines by country, for an admin to choose instead of typing them: never a silent
default, since a number that is right in one country is wrong in the next.

Each line's source is the service's own page, read when the preset was written
(December 2026); the README's "Care" section lists them too. Check them for your readers.
"""

from dataclasses import dataclass, replace

from ..comments import discussion
from ..models import User


@dataclass(frozen=True)
class Preset:
    key: str
    name: str
    lines: tuple[str, ...]
    # Where each number comes from, in the lines' order.
    sources: tuple[str, ...]


PRESETS = {
    preset.key: preset
    for preset in (
        Preset(
            "us",
            "United States",
            (
                "In danger now: call 911",
                "988 Suicide & Crisis Lifeline: call or text 988, or chat at https://988lifeline.org/chat/",
                "Crisis Text Line: text HOME to 741741",
                "SAMHSA National Helpline (drugs and alcohol, free, 24/7): call 1-800-662-4357",
            ),
            (
                "https://www.911.gov/",
                "https://988lifeline.org/",
                "https://www.crisistextline.org/",
                "https://www.samhsa.gov/find-help/helplines/national-helpline",
            ),
        ),
        Preset(
            "ca",
            "Canada",
            (
                "In danger now: call 911",
                "9-8-8 Suicide Crisis Helpline: call or text 988",
                "Kids Help Phone: call 1-800-668-6868, or text CONNECT to 686868",
            ),
            (
                "https://www.canada.ca/en/public-health/services/mental-health-services.html",
                "https://988.ca/",
                "https://kidshelpphone.ca/",
            ),
        ),
        Preset(
            "uk-ie",
            "United Kingdom and Ireland",
            (
                "In danger now: call 999 or 112",
                "Samaritans (UK and Ireland, free, 24/7): call 116 123",
                "Shout (UK): text SHOUT to 85258",
                "Text About It (Ireland): text HELLO to 50808",
            ),
            (
                "https://www.gov.uk/guidance/999-and-112-the-uks-national-emergency-numbers",
                "https://www.samaritans.org/how-we-can-help/contact-samaritan/",
                "https://giveusashout.org/",
                "https://text50808.ie/",
            ),
        ),
        Preset(
            "au",
            "Australia",
            (
                "In danger now: call 000",
                "Lifeline: call 13 11 14, or text 0477 13 11 14",
                "National Alcohol and Other Drug Hotline: call 1800 250 015",
            ),
            (
                "https://www.triplezero.gov.au/",
                "https://www.lifeline.org.au/",
                "https://www.health.gov.au/contacts/national-alcohol-and-other-drug-hotline",
            ),
        ),
    )
}


def use(key: str, by: User | None) -> list[str]:
    """Make a country's preset the help lines (audited like any setting); return them."""
    rules = discussion.load()
    discussion.save(replace(rules, help_lines=list(PRESETS[key].lines)), by)
    return list(PRESETS[key].lines)
