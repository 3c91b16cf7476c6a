"""A small DOM for tests, so assertions are about elements and visible text, not substrings."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID_TAGS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    parent: Element | None = None
    children: list[Element | str] = field(default_factory=list)

    def iter(self) -> Iterator[Element]:
        """Yield this element and every element inside it, in document order."""
        yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.iter()

    def find_all(self, tag: str | None = None, cls: str | None = None) -> list[Element]:
        return [
            e
            for e in self.iter()
            if (tag is None or e.tag == tag) and (cls is None or cls in e.classes)
        ]

    def find(self, tag: str | None = None, cls: str | None = None) -> Element | None:
        found = self.find_all(tag, cls)
        return found[0] if found else None

    def by_id(self, element_id: str) -> Element | None:
        return next((e for e in self.iter() if e.attrs.get("id") == element_id), None)

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    @property
    def raw_text(self) -> str:
        return "".join(c if isinstance(c, str) else c.raw_text for c in self.children)

    @property
    def text(self) -> str:
        """Return the text as a reader sees it: tags gone, whitespace collapsed."""
        return " ".join(self.raw_text.split())


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.stack = [self.root]

    def _add(self, tag: str, attrs: list[tuple[str, str | None]]) -> Element:
        parent = self.stack[-1]
        element = Element(tag, {k: v or "" for k, v in attrs}, parent)
        parent.children.append(element)
        return element

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = self._add(tag, attrs)
        if tag not in VOID_TAGS:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._add(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        open_tags = [e.tag for e in self.stack]
        if tag in open_tags[1:]:
            while self.stack.pop().tag != tag:
                pass

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse_html(html: str) -> Element:
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


def page(response) -> Element:
    return parse_html(response.get_data(as_text=True))


# --- the comment form, as the visitor sees it ---


def comment_form(doc: Element) -> Element:
    form = doc.by_id("commentform")
    assert form is not None, "the page has no comment form"
    return form


def form_values(doc: Element) -> dict[str, str]:
    """Return what the comment form shows in each field the visitor types into."""
    form = comment_form(doc)
    values = {name: form.by_id(name).attrs.get("value", "") for name in ("author", "email", "url")}
    # A textarea's first newline belongs to the markup, as browsers read it.
    text = form.by_id("comment").raw_text
    values["comment"] = text[2:] if text.startswith("\r\n") else text.removeprefix("\n")
    return values


def form_errors(doc: Element) -> str:
    summary = comment_form(doc).find("div", cls="form-errors")
    return summary.text if summary else ""
