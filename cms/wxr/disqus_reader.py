"""Read a Disqus export (Admin → Community → Export) into plain records, safely, streamed.

The file holds categories, then threads (one per page that had comments, with its address),
then posts (the comments), each naming its thread and parent by Disqus id. As with the
WordPress reader: no DTD, no entities, and only one record held at a time.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from .reader import NotAnExport

DISQUS = "{http://disqus.com}"
INTERNALS = "{http://disqus.com/disqus-internals}"
DSQ_ID = INTERNALS + "id"
# Disqus ids are digits; a longer one is not Disqus's (and would not fit the key column).
MOST_ID_DIGITS = 40


@dataclass
class Thread:
    """A page that had comments on Disqus: its address, and the identifier the site gave."""

    dsq_id: str
    link: str
    identifier: str
    title: str


@dataclass
class Post:
    """One comment: its thread, its parent (another post), its author and its state."""

    dsq_id: str
    thread: str
    parent: str
    message: str
    created: datetime | None
    name: str
    email: str
    ip: str
    deleted: bool
    spam: bool
    # Only some exports say; None means the export did not, and Disqus showed it.
    approved: bool | None


@dataclass
class DisqusExport:
    """What a Disqus export holds, counted; its records stream from the file on demand."""

    source: str | Path
    thread_count: int
    post_count: int
    # Every thread, by Disqus id, kept while counting: a post may come before its thread.
    threads: dict[str, Thread] = field(default_factory=dict)

    @property
    def records(self) -> Iterator[Thread | Post]:
        """Read the threads and posts one at a time, in the file's order."""
        for element in _children(self.source):
            if element.tag == DISQUS + "thread":
                yield _thread(element)
            elif element.tag == DISQUS + "post":
                yield _post(element)


def _text(element: Element, tag: str) -> str:
    return (element.findtext(DISQUS + tag) or "").strip()


def _flag(element: Element, tag: str) -> bool:
    return _text(element, tag).lower() == "true"


def _id_of(element: Element | None) -> str:
    value = "" if element is None else element.get(DSQ_ID, "").strip()
    return value if value.isascii() and value.isdigit() and len(value) <= MOST_ID_DIGITS else ""


def _date(value: str) -> datetime | None:
    try:
        return datetime.strptime(value.strip(), "%Y-%m-%dT%H:%M:%SZ")
    except ValueError:
        return None


def _thread(element: Element) -> Thread:
    return Thread(
        dsq_id=_id_of(element),
        link=_text(element, "link"),
        identifier=_text(element, "id"),
        title=_text(element, "title"),
    )


def _post(element: Element) -> Post:
    author = element.find(DISQUS + "author")
    approved = _text(element, "isApproved").lower()
    return Post(
        dsq_id=_id_of(element),
        thread=_id_of(element.find(DISQUS + "thread")),
        parent=_id_of(element.find(DISQUS + "parent")),
        message=element.findtext(DISQUS + "message") or "",
        created=_date(_text(element, "createdAt")),
        name=_text(author, "name") or _text(author, "username") if author is not None else "",
        email=_text(author, "email") if author is not None else "",
        ip=_text(element, "ipAddress"),
        deleted=_flag(element, "isDeleted"),
        spam=_flag(element, "isSpam"),
        approved=None if approved not in ("true", "false") else approved == "true",
    )


def _children(source: str | Path) -> Iterator[Element]:
    """Yield each child of the root once it is whole, then let it go."""
    depth, root = 0, None
    try:
        for event, element in iterparse(source, events=("start", "end"), forbid_dtd=True):
            if event == "start":
                depth += 1
                if depth == 1:
                    root = element
                    if element.tag != DISQUS + "disqus":
                        raise NotAnExport("This is not a Disqus export (no <disqus> in it).")
                continue
            if depth == 2 and root is not None:
                yield element
                root.clear()
            depth -= 1
    except (ParseError, DefusedXmlException) as error:
        raise NotAnExport(f"This is not a readable Disqus export: {error}") from None


def read_disqus(source: str | Path) -> DisqusExport:
    """Check a whole Disqus export, count what it holds and keep its threads (one small
    record a page), so that posts can be placed wherever their thread comes in the file."""
    export = DisqusExport(source=source, thread_count=0, post_count=0)
    for element in _children(source):
        if element.tag == DISQUS + "thread":
            export.thread_count += 1
            if (thread := _thread(element)).dsq_id:
                export.threads[thread.dsq_id] = thread
        export.post_count += element.tag == DISQUS + "post"
    return export
