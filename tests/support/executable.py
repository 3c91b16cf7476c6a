"""Find what could run in a browser: parse HTML with html5lib, as a browser would, and list it.

The sanitizer property tests and the hostile-input suite share these checks, so "nothing
executable" means the same thing for a fragment of stored HTML and for a whole page.
"""

import re
from xml.etree.ElementTree import Element

import html5lib

# Elements that run code, load active content, or change how the rest is parsed.
ACTIVE_ELEMENTS = frozenset(
    {
        "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "svg",
        "math", "template", "noscript", "base", "xml", "xmp", "plaintext", "portal",
    }
)  # fmt: skip
# Attributes whose value a browser loads or follows as a URL.
URL_ATTRIBUTES = frozenset(
    {
        "href", "src", "action", "formaction", "data", "poster", "background", "codebase",
        "cite", "longdesc", "lowsrc", "dynsrc", "ping", "manifest", "icon", "srcset",
        "xlink:href", "archive", "profile", "usemap", "classid",
    }
)  # fmt: skip
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
# The site's own scripts, the only ones a whole page may carry.
OWN_SCRIPT = re.compile(r"/static/[\w./-]+\.js(\?[\w=.&-]*)?")
_SCHEME = re.compile(r"([a-z][a-z0-9+.-]*):")
# What the URL parser strips or drops before it reads the scheme (WHATWG URL standard).
_EDGE = "".join(chr(c) for c in range(0x21))
_TAB_OR_NEWLINE = re.compile(r"[\t\n\r]")
_NAMESPACES = {
    "http://www.w3.org/1999/xlink": "xlink:",
    "http://www.w3.org/XML/1998/namespace": "xml:",
    "http://www.w3.org/2000/xmlns/": "xmlns:",
}


def url_scheme(value: str) -> str | None:
    """Return a URL's scheme as a browser reads it (entities already decoded), or None."""
    cleaned = _TAB_OR_NEWLINE.sub("", value.strip(_EDGE))
    match = _SCHEME.match(cleaned.lower())
    return match.group(1) if match else None


def _local(name: str) -> tuple[str, str]:
    """Split html5lib's "{namespace}name" into the namespace and a name such as xlink:href."""
    if name.startswith("{"):
        namespace, _, local = name[1:].partition("}")
        return namespace, _NAMESPACES.get(namespace, "") + local
    return "", name


def _is_own_script(element: Element, tag: str) -> bool:
    src = element.get("src", "")
    inline = (element.text or "").strip()
    return tag == "script" and not inline and bool(OWN_SCRIPT.fullmatch(src))


def _attribute_problems(tag: str, element: Element) -> list[str]:
    problems = []
    for raw_name, value in element.attrib.items():
        name = _local(raw_name)[1].lower()
        if name.startswith("on"):
            problems.append(f"<{tag} {name}> event handler")
        elif name in ("style", "srcdoc"):
            problems.append(f"<{tag} {name}>")
        elif name in URL_ATTRIBUTES or name.endswith(":href"):
            scheme = url_scheme(value)
            if scheme is not None and scheme not in SAFE_SCHEMES:
                problems.append(f"<{tag} {name}={value!r}> {scheme}: URL")
        elif tag == "meta" and name == "http-equiv" and value.strip().lower() == "refresh":
            problems.append("<meta http-equiv=refresh>")
    return problems


def problems(root: Element, allow_own_scripts: bool = False) -> list[str]:
    """List every element and attribute under ``root`` that could run or load code."""
    found = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue  # a comment node: inert
        namespace, tag = _local(element.tag)
        tag = tag.lower()
        if allow_own_scripts and _is_own_script(element, tag):
            continue
        if tag in ACTIVE_ELEMENTS or namespace.endswith(("/svg", "/MathML")):
            found.append(f"<{tag}> element")
        found.extend(_attribute_problems(tag, element))
    return found


def fragment_problems(html: str) -> list[str]:
    """Check HTML meant for the inside of a <div>, such as a stored comment."""
    wrapper = html5lib.parseFragment(html, container="div", namespaceHTMLElements=False)
    return problems(wrapper)


def page_problems(html: str) -> list[str]:
    """Check a whole page, allowing only the site's own /static/ scripts."""
    document = html5lib.parse(html, namespaceHTMLElements=False)
    return problems(document, allow_own_scripts=True)
