"""What one WordPress import added, found already there and skipped, said in a few lines."""

from collections import Counter
from dataclasses import dataclass, field

CONTENT_TYPES = ("posts", "pages", "comments", "categories", "tags")


# Nouns whose one is not the many without its "s".
SINGULAR = {"categories": "category", "replies": "reply", "addresses": "address"}


def plural(n: int, noun: str) -> str:
    """Say "1 post", "2 posts", "1 category"."""
    return f"{n} {noun if n != 1 else SINGULAR.get(noun, noun.removesuffix('s'))}"


@dataclass
class Summary:
    """What one import added, found already there, and skipped (by reason)."""

    imported: Counter = field(default_factory=Counter)
    existing: Counter = field(default_factory=Counter)
    skipped: Counter = field(default_factory=Counter)
    # Replies whose parents went round in a circle, now each the start of a thread.
    rerooted: int = 0
    # Password-protected posts and pages, imported private, by noun ("posts", "pages").
    protected: Counter = field(default_factory=Counter)
    # The file's name, when the export names no site and its items are keyed by that.
    keyed_by_file: str = ""
    # Articles whose WordPress address had to change here.
    renamed: int = 0

    def lines(self) -> list[str]:
        """Say what happened, in a few lines for the command's output."""
        counts = ", ".join(plural(self.imported[k], k) for k in CONTENT_TYPES)
        lines = [f"Imported {counts}."]
        if not sum(self.imported.values()):
            lines = ["Nothing new to import: everything in this file is already here."]
        if extra := [
            plural(self.imported[f"undefined {k}"], k)
            for k in ("categories", "tags")
            if self.imported[f"undefined {k}"]
        ]:
            lines.append(f"Also added {' and '.join(extra)} that posts use but the file omits.")
        if self.existing:
            already = ", ".join(plural(self.existing[k], k) for k in CONTENT_TYPES)
            lines.append(f"Already here: {already}.")
        lines += self.skipped_lines()
        if self.protected:
            kept = " and ".join(plural(n, noun) for noun, n in sorted(self.protected.items()))
            lines.append(
                f"Kept {kept} private that had a password on WordPress: this site has no "
                "post passwords, so only staff read them here. An export gives WordPress the "
                "passwords back."
            )
        if self.keyed_by_file:
            lines.append(
                "This export names no site (no link, base_blog_url or base_site_url), so its "
                f"items are known by the file's name, {self.keyed_by_file!r}: running it again "
                "under that name adds nothing, but under another name it would all come in again."
            )
        if self.renamed:
            lines.append(
                f"Gave {plural(self.renamed, 'articles')} a new address (WordPress's was "
                "taken here or not usable); WordPress's addresses lead to the new ones."
            )
        return lines + self.rerooted_lines()

    def skipped_lines(self) -> list[str]:
        """Say what was skipped and why, when anything was; every importer's summary ends so."""
        if not self.skipped:
            return []
        reasons = "; ".join(f"{n} {reason}" for reason, n in sorted(self.skipped.items()))
        return [f"Skipped {sum(self.skipped.values())}: {reasons}."]

    def rerooted_lines(self) -> list[str]:
        if not self.rerooted:
            return []
        return [
            f"Re-rooted {plural(self.rerooted, 'comments')} whose parents went round in a "
            "circle in the file: each now starts a thread of its own."
        ]
