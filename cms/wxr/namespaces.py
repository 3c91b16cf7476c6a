"""Prefixes an export uses but never declares: older WordPress.com files write <atom:link>
without declaring atom. WordPress reads them; an XML parser refuses the whole file.

The parse is tried as is; each prefix the parser stops at is declared on the root element,
and the file read again from the start, still streamed, with no DTD and no network. The
streamed parse itself lives here too, with the one short prefix every WordPress namespace
gets, whichever WXR version wrote it.
"""

import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import IO
from xml.etree.ElementTree import Element, ParseError

from defusedxml.ElementTree import iterparse

# WXR 1.1 used http://wordpress.org/export/1.1/, 1.2 http or https; one prefix for all.
_WP_NAMESPACE = re.compile(r"\{https?://wordpress\.org/export/1\.[0-2]/(excerpt/)?\}")
WP = "{wp}"
EXCERPT = "{excerpt}"
# expat's code for "unbound prefix".
UNBOUND_PREFIX = 27
# What the prefixes found in old exports stand for; any other gets a name of its own.
KNOWN = {
    "atom": "http://www.w3.org/2005/Atom",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "excerpt": "http://wordpress.org/export/1.2/excerpt/",
    "wfw": "http://wellformedweb.org/CommentAPI/",
    "wp": "http://wordpress.org/export/1.2/",
}
# Files that need more repairs than this are not exports.
MOST_PREFIXES = 16
_PREFIXED = re.compile(r"([A-Za-z_][\w.\-]*):[A-Za-z_]")
_ROOT = re.compile(rb"<rss(?=[\s>/])")
_ROOT_TAG = re.compile(rb"<rss[\s>/][^>]*>")
_FIRST_TAG = re.compile(r"<[^>]*>?")
_DECLARED = re.compile(r"xmlns:([\w.\-]+)\s*=")
_ENCODING = re.compile(rb"<\?xml[^>]*?\sencoding\s*=\s*[\"']([A-Za-z0-9._\-]+)")
UTF8_NAMES = frozenset({b"utf-8", b"utf8"})
_LINE_END = re.compile(rb"\r\n?|\n")
# How far into the file the root element may start (past the declaration and comments).
ROOT_WITHIN = 64 * 1024
LINE_BLOCK = 64 * 1024


class Declaring:
    """A binary file that declares the given prefixes on its <rss> root element."""

    def __init__(self, source: str | Path, prefixes: tuple[str, ...]) -> None:
        self.file: IO[bytes] = open(source, "rb")  # noqa: SIM115 (closed by close())
        self.prefixes = prefixes
        self.pending = b""
        self.rooted = not prefixes

    def _declarations(self) -> bytes:
        pairs = (f' xmlns:{p}="{KNOWN.get(p, "urn:undeclared:" + p)}"' for p in self.prefixes)
        return "".join(pairs).encode("ascii")

    def read(self, size: int = -1) -> bytes:
        if not self.rooted:
            head = self.file.read(ROOT_WITHIN)
            self.rooted = True
            self.pending = _ROOT.sub(lambda m: m.group(0) + self._declarations(), head, count=1)
        if not self.pending:
            return self.file.read(size)
        if size < 0:
            chunk, self.pending = self.pending + self.file.read(), b""
            return chunk
        chunk, self.pending = self.pending[:size], self.pending[size:]
        return chunk

    def unread(self, data: bytes) -> None:
        """Put back what was read past the end of a line."""
        self.pending = data + self.pending

    def close(self) -> None:
        self.file.close()


def unbound_prefix(error: ParseError, source: str | Path, prefixes: tuple[str, ...]) -> str:
    """Return the prefix an "unbound prefix" error stopped at, or "" for any other error."""
    if getattr(error, "code", None) != UNBOUND_PREFIX:
        return ""
    line_number, column = error.position
    stream = Declaring(source, prefixes)
    try:
        head = stream.read(ROOT_WITHIN) or b""
        root = _ROOT_TAG.search(head)
        # expat counts columns in characters; a UTF-8 character may take four bytes.
        utf8 = _is_utf8(head)
        stream = _reopened(stream, source, prefixes)
        for _ in range(line_number - 1):
            _line(stream, limit=0)
        line = _line(stream, limit=column * (4 if utf8 else 1) + LINE_BLOCK)
        text = line.decode("utf-8" if utf8 else "latin-1", "replace")
        # expat points at the end of what it last read: the culprit is the next tag.
        tag = _FIRST_TAG.search(text[column:])
    finally:
        stream.close()
    if tag is None:
        return ""
    declared = set(
        _DECLARED.findall(tag.group(0) + (root.group(0).decode("latin-1") if root else ""))
    )
    for name in _PREFIXED.findall(tag.group(0)):
        if name not in {"xml", "xmlns", *prefixes} and name not in declared:
            return name
    return ""


def _is_utf8(head: bytes) -> bool:
    """Say whether the file is UTF-8 (declared, or by default), not a one-byte encoding."""
    declared = _ENCODING.match(head.removeprefix(b"\xef\xbb\xbf"))
    return declared is None or declared.group(1).lower().replace(b"_", b"-") in UTF8_NAMES


def _reopened(stream: Declaring, source: str | Path, prefixes: tuple[str, ...]) -> Declaring:
    stream.close()
    return Declaring(source, prefixes)


def _line(stream: Declaring, limit: int) -> bytes:
    """Read one line from the stream, a block at a time, keeping at most ``limit`` bytes.

    A line ends as expat ends one: at CR LF, LF, or a CR alone (old Mac files).
    """
    parts, kept = [], 0
    while chunk := stream.read(LINE_BLOCK):
        end = _LINE_END.search(chunk)
        head = chunk if end is None else chunk[: end.start()]
        if kept < limit:
            parts.append(head[: limit - kept])
            kept += len(parts[-1])
        if end is not None:
            rest = chunk[end.end() :]
            if end.group(0) == b"\r" and not rest:
                # The LF of a CR LF may start the next block.
                rest = stream.read(1).removeprefix(b"\n")
            stream.unread(rest)
            break
    return b"".join(parts)


# Bounded: a hostile file may use any number of distinct tag names.
@lru_cache(maxsize=512)
def short_tag(tag: str) -> str:
    """Give every WordPress namespace one short prefix, whichever WXR version wrote it."""
    match = _WP_NAMESPACE.match(tag)
    if match is None:
        return tag
    return (EXCERPT if match.group(1) else WP) + tag[match.end() :]


def events(
    source: str | Path, undeclared: tuple[str, ...] = ()
) -> Iterator[tuple[str, Element, int]]:
    """Yield (event, element, depth) as the file is parsed, tags shortened, never all at once.

    DTDs and entities are refused, so a file cannot reach other files or blow up in memory.
    Each child of <channel> is dropped once its end has been yielded, so only one item is
    ever held, however long the file.
    """
    depth, channel = 0, None
    stream = Declaring(source, undeclared)
    try:
        for event, element in iterparse(stream, events=("start", "end"), forbid_dtd=True):
            if event == "start":
                depth += 1
                if depth == 2:
                    channel = element
                continue
            element.tag = short_tag(element.tag)
            yield event, element, depth
            if depth == 3 and channel is not None:
                del channel[:]
            depth -= 1
    finally:
        stream.close()
