"""Which site an export came from: WordPress ids are that site's own, so imports key by it."""

from urllib.parse import urlsplit


def site_key(address: str) -> str:
    """Return one name for a site however its address was written: host and path, lowercase.

    http and https, "www." and a trailing slash do not make another site.
    """
    parts = urlsplit(address.strip())
    host = (parts.hostname or "").removeprefix("www.")
    return (host + parts.path.rstrip("/")).lower()[:200]
