"""Teach the likeness weights (likeness.py) from the sentence files, and tell how the care
check does on writers it was not taught on.

    .venv/bin/pip install -e '.[care-model]'      # scikit-learn, for teaching only
    .venv/bin/python -m cms.care.likeness_training            # teach and write the weights
    .venv/bin/python -m cms.care.likeness_training --evaluate # each file held out in turn

Each line of sentences_<language>/*.tsv is `kind<TAB>comment`, kind being a key of
likeness.KINDS or "none". The site never imports this module: it reads the weights alone.
"""

import argparse
import hashlib
import json
from collections.abc import Callable, Iterable
from pathlib import Path

from . import likeness
from .flags import phrases

Rows = list[tuple[str, str]]
# Regularisation, and the smallest weight worth shipping.
STRENGTH = 2.0
SMALLEST = 0.02
# The chance of danger from which a comment is flagged. Chosen by holding each writer's file
# out in turn (--evaluate), on eight writers: 0.5 caught 93.0% of their danger and flagged
# 4.8% of their ordinary talk, 0.4 caught 94.4% and flagged 6.7%, 0.45 93.4% and 5.9%.
THRESHOLD = 0.45


def sentence_files(language: str) -> list[Path]:
    return sorted((likeness.HERE / f"sentences_{language}").glob("*.tsv"))


def rows_of(path: Path) -> Rows:
    """Return a file's (kind shown, comment) pairs, the kind "none" for ordinary talk."""
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        key, _, comment = line.partition("\t")
        if key != likeness.NONE and key not in likeness.KINDS:
            raise ValueError(f"{path.name}:{number}: unknown kind {key!r}")
        rows.append((likeness.KINDS.get(key, likeness.NONE), comment.strip()))
    return rows


def digest(paths: Iterable[Path]) -> str:
    """Return a fingerprint of the sentence files, kept with the weights taught on them."""
    hashed = hashlib.sha256()
    for path in paths:
        hashed.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return hashed.hexdigest()


def teach(rows: Rows, threshold: float = THRESHOLD) -> likeness.Weights:
    """Return the weights of a logistic regression over each comment's words and runs."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = DictVectorizer()
    seen = vectorizer.fit_transform([dict.fromkeys(_features(c), 1) for _, c in rows])
    model = LogisticRegression(C=STRENGTH, max_iter=5000, class_weight="balanced")
    model.fit(seen, [kind for kind, _ in rows])
    names = vectorizer.get_feature_names_out()
    kept = {
        str(names[column]): tuple(round(float(w), 4) for w in model.coef_[:, column])
        for column in range(len(names))
        if max(abs(model.coef_[:, column])) >= SMALLEST
    }
    bias = tuple(round(float(b), 4) for b in model.intercept_)
    return likeness.Weights(tuple(str(k) for k in model.classes_), bias, kept, threshold)


def _features(text: str) -> set[str]:
    return likeness.features(text, phrases(text)[1])


def flagged_by(weights: likeness.Weights) -> Callable[[str], bool]:
    """Return the care check as the site runs it (flags.flag_for), with these weights."""
    return lambda text: likeness.reading(weights, text, phrases(text)[1]) is not None


def score(check: Callable[[str], bool], rows: Rows) -> tuple[int, int, int, int]:
    """Return danger caught, danger in all, ordinary flagged, ordinary in all."""
    danger = [c for kind, c in rows if kind != likeness.NONE]
    ordinary = [c for kind, c in rows if kind == likeness.NONE]
    return (
        sum(map(check, danger)),
        len(danger),
        sum(map(check, ordinary)),
        len(ordinary),
    )


def evaluate(language: str) -> None:
    """Print, for each file held out in turn, how the rules alone and with the weights do."""
    files = {path.name: rows_of(path) for path in sentence_files(language)}
    totals = [0, 0, 0, 0, 0, 0]
    print(f"{'held out':24} {'rules: caught':>14} {'+ likeness':>11} {'false (rules)':>14}")
    for name, held in files.items():
        rest = [row for other, rows in files.items() if other != name for row in rows]
        alone = score(lambda text: phrases(text)[0] is not None, held)
        both = score(flagged_by(teach(rest)), held)
        for i, figure in enumerate((alone[0], both[0], alone[1], alone[2], both[2], alone[3])):
            totals[i] += figure
        print(
            f"{name:24} {alone[0]:>5}/{alone[1]:<5}  {both[0]:>5}/{alone[1]:<5}"
            f" {both[2]:>4}/{both[3]:<4} ({alone[2]})"
        )
    caught, caught_both, danger, false, false_both, ordinary = totals
    print(
        f"{'all':24} rules {caught / danger:.0%}, with likeness {caught_both / danger:.0%}"
        f" of danger; false flags {false / ordinary:.0%} and {false_both / ordinary:.0%}"
    )


def write(language: str) -> Path:
    """Teach on every sentence file and write the weights the site reads."""
    paths = sentence_files(language)
    weights = teach([row for path in paths for row in rows_of(path)])
    path = likeness.weights_path(language)
    kept = {
        "digest": digest(paths),
        "kinds": weights.kinds,
        "bias": weights.bias,
        "threshold": weights.threshold,
        "weights": dict(sorted(weights.weights.items())),
    }
    path.write_text(json.dumps(kept, ensure_ascii=False, separators=(",", ":")) + "\n")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--language", default="en")
    parser.add_argument("--evaluate", action="store_true")
    options = parser.parse_args()
    if options.evaluate:
        evaluate(options.language)
    else:
        print(write(options.language))


if __name__ == "__main__":
    main()
