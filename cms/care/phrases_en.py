"""English phrases that signal danger now, by kind, and the talk that only sounds like it.

Each rule is a regular expression over one sentence, lower-cased, with curly quotes made
straight; people in crisis type fast, so the rules take "cant", "im", "wanna" and "rn" as
well as the spelled-out forms. A sentence is flagged when a danger rule matches, unless its
clause (CLAUSE_BREAK cuts "..., but tonight ...") also tells of the past ("last year", "when
I was") or, but for an overdose happening now, of talk that only sounds like danger:
gratitude ("saved my life"), idioms ("dying to"), questions about naloxone or tolerance,
other people's stories. A clause that says now or next (PRESENT: "tonight", "going to",
"can't stop") keeps its danger whatever it also tells. Bare topic words ("suicide",
"self-harm") flag nothing; a first-person statement does. The queue shows the phrase that
matched, so a moderator sees why. Another language is another module with the same names.
"""

from .phrases_en_overdose import OVERDOSE, RISKY_USE, SELF_HARM
from .phrases_en_suicide import GOODBYE, SUICIDE

DANGER: dict[str, list[str]] = {
    "thoughts of suicide": SUICIDE,
    "saying goodbye": GOODBYE,
    "an overdose happening now": OVERDOSE,
    "using in a way that risks an overdose": RISKY_USE,
    "self-harm": SELF_HARM,
}

# The past: it happened, and they are here to tell it. These rule out every kind.
PAST: list[str] = [
    # Not "the last time you'll hear from me", which is a goodbye.
    r"\b(?:last|that|this past) (?:year|month|summer|winter|spring|fall|time)\b(?! (?:you|anyone|y'?all|i'?ll|i will)\b)",
    r"\b(?:years?|months?|weeks?) ago\b",
    r"\b(?:when i was|back (?:then|when|in)|in (?:19|20)\d\d|once,|at the time|as a (?:teen|kid|child))\b",
    # "I used to want to die", but not "I'll do what I used to do", which is a plan.
    r"(?<!what i )(?<!like i )\bused to(?: want to| wanna)?\b",
    r"\b(?:in|during) (?:high school|college|my (?:teens|twenties|thirties|twenties))\b",
    r"\b(?:i|we|he|she|they) (?:had|have) (?:been )?(?:through|survived)\b",
    r"\b(?:was|were) (?:once )?(?:suicidal|overdosing)\b",
    r"\bsince (?:then|my|i)\b",
    r"\b(?:i )?(?:survived|recovered from|came back from)\b",
]

# What only might happen: a question, a lesson, a plan for someone else. These rule out
# every kind, as the past does.
HYPOTHETICAL: list[str] = [
    r"\b(?:what to do|what you do|what (?:should|do|would|can) (?:i|you|we) do) (?:if|when)\b",
    r"\b(?:if|in case|whether|when) (?:someone|somebody|a person|anyone|a friend|they|you)\b",
    r"\bhow (?:do|can|would|will) (?:you|i|we) (?:know|tell|spot|recogni[sz]e)\b",
    r"\b(?:what are|know) the (?:signs|symptoms)\b|\b(?:signs|symptoms) (?:of|that)\b",
    # Someone asked whether they ever did: a question put to them, not a statement.
    r"\b(?:asked|asks|ask|asking) (?:me )?(?:if|whether)\b",
    r"\bin case (?:i|we) (?:see|find|come across|meet|run into)\b",
    r"\b(?:should|do|can) (?:i|we|you) (?:keep|carry|have|get|buy)\b.{0,30}\b(?:narcan|naloxone|test strips?)\b",
]

# What only sounds like danger. These rule out every kind but the SPARED ones.
NOT_NOW: list[str] = [
    # Gratitude and hope.
    r"\b(?:saved|save|saving) (?:my|his|her|their|a) (?:life|lives)\b",
    r"\b(?:thank|thanks|grateful|glad) .{0,40}\b(?:alive|here|sober|clean)\b",
    r"\bglad (?:to be|i'?m|i am) (?:alive|here)\b",
    # Idioms.
    r"\b(?:dying to|dying for|dying of laughter|dying laughing|dead set|killing it|kill for|(?<!deserve )(?<!deserves )to die for|could kill|killer|dead tired|dead on my feet)\b",
    r"\boverdos(?:e|ed|ing) on (?:coffee|caffeine|sugar|chocolate|netflix|tv|work|love)\b",
    # Questions and knowledge about staying safe.
    r"\b(?:how|what|where|when|does|do|is|can|should) .{0,60}\b(?:naloxone|narcan|tolerance|fentanyl strips?|test strips?)\b",
    r"\b(?:naloxone|narcan)\b.{0,40}\b(?:kit|carry|carries|training|works?|where to get)\b",
    r"\b(?:prevention|awareness|hotline|helpline|lifeline) (?:month|week|day|number|is)\b",
    # Other people's stories told after the fact.
    r"\b(?:my|his|her|a) (?:friend|brother|sister|son|daughter|mom|mum|dad|partner|cousin) (?:died|passed|overdosed|od'?d|killed (?:him|her)self|took (?:his|her) (?:own )?life)\b",
    r"\blost (?:my|a|his|her|our) \w+ to (?:suicide|an overdose|overdose)\b",
    r"\b(?:his|her|their|[a-z]+'s) suicide\b",
]

# Kinds that gratitude, idioms and others' stories never rule out: "my friend overdosed and
# isn't breathing" is an emergency, and a goodbye often begins "thanks everyone".
SPARED: frozenset[str] = frozenset({"an overdose happening now", "saying goodbye"})

# A sentence naming a song, film or book: what it quotes is a topic, not a statement.
QUOTED_TOPIC = (
    r"\b(?:lyrics?|songs?|sings?|sang|album|track|title|film|movie|book|poem|show|quote|line)\b"
)

# Words that say now or next: a clause holding one keeps its danger, whatever past or
# gratitude it also tells ("My sponsor saved my life once, tonight I'm going to kill myself").
PRESENT: list[str] = [
    r"\b(?:tonight|today|right now|rn|now|this (?:weekend|morning|afternoon|evening|week))\b",
    r"\b(?:tomorrow|going to|gonna|about to|want to|wanna|ready to|plan(?:ning)? to)\b",
    r"\b(?:can'?t|cant|cannot) stop\b|\b(?:keep|still|again|any ?more)\b",
]

# Where one clause ends and the next begins: a semicolon, a dash, or a joining word.
CLAUSE_BREAK = r";|\s[-–—]\s|,?\s(?:but|and|so|yet|though|although|whereas)\s"
