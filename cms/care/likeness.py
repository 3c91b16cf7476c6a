"""How much a comment reads like the danger sentences it was taught, by weighed words.

The phrase rules (flags.py) catch what they were written for; people in crisis say it in
more ways than any list holds. This is a linear model over words and short runs of words,
taught offline on the sentence files in sentences_<language>/ (likeness_training.py) and
shipped as its weights, so nothing is downloaded or learned at run time. It stays
explainable: the words that weighed most for its answer are the reason shown.
"""

import json
import math
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

HERE = Path(__file__).parent
NONE = "none"
# The sentence files' kind column, and the kind each names (flags.py's kinds).
KINDS = {
    "suicide": "thoughts of suicide",
    "goodbye": "saying goodbye",
    "overdose": "an overdose happening now",
    "risky_use": "using in a way that risks an overdose",
    "self_harm": "self-harm",
}
# Short forms typed in a hurry, read as their long forms so both weigh the same.
_SHORT_FORMS = {
    "im": "i am", "i'm": "i am", "ive": "i have", "i've": "i have", "ill": "i will",
    "i'll": "i will", "id": "i would", "i'd": "i would", "dont": "do not", "don't": "do not",
    "cant": "can not", "can't": "can not", "cannot": "can not", "wont": "will not",
    "won't": "will not", "didnt": "did not", "didn't": "did not", "isnt": "is not",
    "isn't": "is not", "doesnt": "does not", "doesn't": "does not", "wasnt": "was not",
    "wasn't": "was not", "aint": "am not", "ain't": "am not", "gonna": "going to",
    "wanna": "want to", "gotta": "got to", "u": "you", "ur": "your", "r": "are", "rn":
    "right now", "tn": "tonight", "2nite": "tonight", "tonite": "tonight", "pls": "please",
    "plz": "please", "bc": "because", "cuz": "because", "coz": "because", "idk": "i do not know",
    "kms": "kill myself", "unalive": "kill", "it's": "it is", "its": "it is", "that's":
    "that is", "thats": "that is", "he's": "he is", "she's": "she is", "they're": "they are",
    "you're": "you are", "we're": "we are", "there's": "there is", "what's": "what is",
    "couldn't": "could not", "couldnt": "could not", "shouldn't": "should not",
    "wouldn't": "would not", "wouldnt": "would not", "haven't": "have not", "havent":
    "have not", "hasn't": "has not",
}  # fmt: skip
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_COMMON = frozenset(
    "a an the i me my you your he she it we they this that is am are was be been have has had"
    " do does did not no to of in on at for with and or but so if just will would can could"
    " please think know get got what when all".split()
)
_WORDS = re.compile(r"[a-z0-9']+(?: [a-z0-9']+)*")
_QUOTES = str.maketrans({"’": "'", "‘": "'"})


def words(text: str) -> list[str]:
    """Return the text's words, lower-cased, with short forms spelled out."""
    found = _WORD.findall(text.translate(_QUOTES).lower())
    return " ".join(_SHORT_FORMS.get(w, w) for w in found).split()


def features(text: str, signals: frozenset[str]) -> set[str]:
    """Return what the weights are kept for: the words, the runs of two and three words,
    the runs of four letters (a word misspelt in a hurry still shares most of them), and
    the phrase rules' findings (flags.phrases)."""
    said = words(text)
    found = set(said) | signals
    marked = ["<", *said, ">"]
    for size in (2, 3):
        found.update(" ".join(marked[i : i + size]) for i in range(len(marked) - size + 1))
    for word in said:
        spelt = f"<{word}>"
        found.update(f"#{spelt[i : i + 4]}" for i in range(max(1, len(spelt) - 3)))
    return found


@dataclass(frozen=True)
class Reading:
    """The likeliest kind of danger, how likely, and the words that weighed most for it."""

    kind: str
    chance: float
    words: tuple[str, ...]


@dataclass(frozen=True)
class Weights:
    kinds: tuple[str, ...]
    bias: tuple[float, ...]
    weights: dict[str, tuple[float, ...]]
    threshold: float


def weights_path(language: str) -> Path:
    return HERE / f"likeness_{language}.json"


@cache
def weights_for(language: str) -> Weights | None:
    """Return the weights taught for the language, or None where none were."""
    path = weights_path(language)
    if not path.exists():
        return None
    kept = json.loads(path.read_text(encoding="utf-8"))
    return Weights(
        tuple(kept["kinds"]),
        tuple(kept["bias"]),
        {f: tuple(w) for f, w in kept["weights"].items()},
        kept["threshold"],
    )


def reading(model: Weights, text: str, signals: frozenset[str]) -> Reading | None:
    """Return what these weights read in the text: danger when, all its kinds together, it
    is likelier than the threshold, and then its likeliest kind."""
    present = [f for f in features(text, signals) if f in model.weights]
    scores = list(model.bias)
    for feature in present:
        for i, weight in enumerate(model.weights[feature]):
            scores[i] += weight
    top = max(scores)
    exps = [math.exp(s - top) for s in scores]
    total = sum(exps)
    chances = [e / total for e in exps]
    ordinary = model.kinds.index(NONE)
    if 1 - chances[ordinary] < model.threshold:
        return None
    best = max((i for i in range(len(chances)) if i != ordinary), key=chances.__getitem__)
    # Shown to an editor as the reason: words as written (not letters or the rules'
    # findings), and not "is" or "this" alone, which weigh a little everywhere.
    shown = [
        f
        for f in present
        if _WORDS.fullmatch(f) and set(f.split()) - _COMMON and model.weights[f][best] > 0
    ]
    said = tuple(sorted(shown, key=lambda f: model.weights[f][best], reverse=True)[:3])
    return Reading(model.kinds[best], 1 - chances[ordinary], said)
