"""Which site an export came from: WordPress ids are that site's own, so imports key by it."""

from pathlib import Path
from urllib.parse import urlsplit

# What keys an export that names no site: its file's name, under a prefix no address has.
FILE_PREFIX = "file:"


def site_key(address: str) -> str:
    """Return one name for a site however its address was written: host and path, lowercase.

    http and https, "www." and a trailing slash do not make another site.
    """
    parts = urlsplit(address.strip())
    host = (parts.hostname or "").removeprefix("www.")
    return (host + parts.path.rstrip("/")).lower()[:200]


def file_key(source: str | Path) -> str:
    """Key an export that names no site by its file's name: never "" (which stands for the
    imports made before sites were recorded), never another export's site."""
    return (FILE_PREFIX + Path(str(source)).name.lower())[:200]


def is_file_key(site: str) -> bool:
    return site.startswith(FILE_PREFIX)
