"""axe-core, the accessibility checker, fetched once from the npm registry and cached.

The tarball is pinned by version and by the sha512 integrity the registry publishes for it,
so a changed or corrupted download fails the run instead of checking pages with unknown
code. The cache (.cache/, git-ignored) makes every later run offline.
"""

import base64
import hashlib
import io
import json
import tarfile
import urllib.request
from pathlib import Path

from playwright.sync_api import Page

VERSION = "4.14.1"
TARBALL = f"https://registry.npmjs.org/axe-core/-/axe-core-{VERSION}.tgz"
# From https://registry.npmjs.org/axe-core/4.14.1, dist.integrity.
INTEGRITY = (
    "sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjC"
    "Kg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ=="
)
CACHE = Path(__file__).resolve().parents[2] / ".cache" / f"axe-core-{VERSION}.min.js"

# What the site promises: WCAG 2.2 A and AA, plus axe's best practices.
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def verified(tarball: bytes) -> bytes:
    """Return the tarball if its sha512 matches the pinned integrity, else raise."""
    digest = base64.b64encode(hashlib.sha512(tarball).digest()).decode()
    if f"sha512-{digest}" != INTEGRITY:
        raise RuntimeError(f"axe-core {VERSION} from {TARBALL} does not match its integrity")
    return tarball


def source() -> str:
    """Return axe.min.js, downloading and verifying it on the first run."""
    if not CACHE.exists():
        with urllib.request.urlopen(TARBALL, timeout=60) as response:
            tarball = verified(response.read())
        with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as archive:
            script = archive.extractfile("package/axe.min.js").read()
        CACHE.parent.mkdir(exist_ok=True)
        partial = CACHE.with_suffix(".part")
        partial.write_bytes(script)
        partial.replace(CACHE)
    return CACHE.read_text()


def violations(page: Page) -> list[dict]:
    """Run axe on the page as it is now and return its violations.

    The page's context must be opened with bypass_csp=True: the site's CSP allows only its
    own scripts, and axe is injected from outside.
    """
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=source())
    options = json.dumps({"runOnly": {"type": "tag", "values": TAGS}})
    return page.evaluate(f"async () => (await axe.run(document, {options})).violations")


def report(found: list[dict]) -> str:
    """Describe violations for a person: rule, what it asks, and each element's selector."""
    lines = []
    for violation in found:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"]:
            lines.append(f"    {' '.join(map(str, node['target']))}: {node['failureSummary']}")
    return "\n".join(lines)
