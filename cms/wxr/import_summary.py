"""What one WordPress import added, found already there and skipped, said in a few lines."""

from collections import Counter
from dataclasses import dataclass, field

CONTENT_TYPES = ("posts", "pages", "comments", "categories", "tags")


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun if n != 1 else noun.rstrip('s')}"


@dataclass
class Summary:
    """What one import added, found already there, and skipped (by reason)."""

    imported: Counter = field(default_factory=Counter)
    existing: Counter = field(default_factory=Counter)
    skipped: Counter = field(default_factory=Counter)
    # Replies whose parents went round in a circle, now each the start of a thread.
    rerooted: int = 0

    def lines(self) -> list[str]:
        """Say what happened, in a few lines for the command's output."""
        counts = ", ".join(_plural(self.imported[k], k) for k in CONTENT_TYPES)
        lines = [f"Imported {counts}."]
        if not sum(self.imported.values()):
            lines = ["Nothing new to import: everything in this file is already here."]
        if extra := [
            _plural(self.imported[f"undefined {k}"], k)
            for k in ("categories", "tags")
            if self.imported[f"undefined {k}"]
        ]:
            lines.append(f"Also added {' and '.join(extra)} that posts use but the file omits.")
        if self.existing:
            already = ", ".join(_plural(self.existing[k], k) for k in CONTENT_TYPES)
            lines.append(f"Already here: {already}.")
        if self.skipped:
            reasons = "; ".join(f"{n} {reason}" for reason, n in sorted(self.skipped.items()))
            lines.append(f"Skipped {sum(self.skipped.values())}: {reasons}.")
        if self.rerooted:
            lines.append(
                f"Re-rooted {_plural(self.rerooted, 'comments')} whose parents went round in a "
                "circle in the file: each now starts a thread of its own."
            )
        return lines
