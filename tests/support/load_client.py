"""A small HTTP load client: many commenters posting at once, each from its own browser.

Threads with http.client, nothing more: each commenter reads the article once (its session
cookie, CSRF token and form stamp, as a browser keeps them), then posts its share of the
comments, each with a unique text, and records what the server answered.
"""

import http.client
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from html import unescape
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

_FIELD = re.compile(r'<input[^>]*\bname="(csrf_token|shown)"[^>]*>')
_VALUE = re.compile(r'\bvalue="([^"]*)"')


@dataclass
class Answer:
    """One post: the unique text sent, and the HTTP status it got (0 when none came)."""

    text: str
    status: int
    error: str = ""


@dataclass
class Results:
    answers: list[Answer] = field(default_factory=list)
    seconds: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, answer: Answer) -> None:
        with self.lock:
            self.answers.append(answer)

    def statuses(self) -> dict[int, int]:
        """Count the answers by HTTP status."""
        counts: dict[int, int] = {}
        for answer in self.answers:
            counts[answer.status] = counts.get(answer.status, 0) + 1
        return counts

    def texts_with(self, status: int) -> set[str]:
        return {a.text for a in self.answers if a.status == status}


class Commenter:
    """One browser: a connection, a cookie jar, and the form's hidden fields."""

    def __init__(self, base_url: str, slug: str, timeout: float) -> None:
        address = urlsplit(base_url)
        self.connection = http.client.HTTPConnection(
            address.hostname, address.port, timeout=timeout
        )
        self.slug = slug
        self.cookies: dict[str, str] = {}
        self.hidden: dict[str, str] = {}

    def request(self, method: str, path: str, body: str | None = None) -> tuple[int, str]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        text = response.read().decode()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response.status, text

    def open_article(self) -> None:
        """Read the article as a browser does, keeping the form's token and stamp."""
        status, page = self.request("GET", f"/{self.slug}/")
        if status != 200:
            raise RuntimeError(f"the article answered {status}")
        for tag in _FIELD.finditer(page):
            value = _VALUE.search(tag.group(0))
            self.hidden[tag.group(1)] = unescape(value.group(1)) if value else ""
        if "csrf_token" not in self.hidden:
            raise RuntimeError("the article has no comment form")

    def post(self, text: str, number: int) -> int:
        """Post one comment; return the status the server answered."""
        form = {
            **self.hidden,
            "author": f"Load tester {number}",
            "email": f"load{number}@example.net",
            "url": "",
            "comment": text,
            "comment_parent": "0",
        }
        status, _ = self.request("POST", f"/{self.slug}/comments", urlencode(form))
        return status


def post_comments(
    base_url: str,
    slug: str,
    clients: int,
    total: int,
    text: Callable[[int], str],
    timeout: float = 30.0,
    stop: threading.Event | None = None,
    deadline: float = 300.0,
) -> Results:
    """Post ``total`` comments from ``clients`` concurrent commenters; wait for them all.

    ``timeout`` bounds each request, ``deadline`` the whole run.
    """
    results = Results()
    stop = stop or threading.Event()

    def work(client: int) -> None:
        browser = Commenter(base_url, slug, timeout)
        try:
            browser.open_article()
        except (OSError, http.client.HTTPException, RuntimeError) as error:
            results.add(Answer(f"client {client} opening", 0, repr(error)))
            return
        for n in range(client, total, clients):
            if stop.is_set():
                return
            try:
                results.add(Answer(text(n), browser.post(text(n), n)))
            except (OSError, http.client.HTTPException) as error:
                # No answer: the comment may or may not be stored; only a 303 promises it.
                results.add(Answer(text(n), 0, repr(error)))
                browser.connection.close()

    threads = [threading.Thread(target=work, args=(c,), daemon=True) for c in range(clients)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=max(deadline - (time.perf_counter() - began), 0))
    results.seconds = time.perf_counter() - began
    if any(thread.is_alive() for thread in threads):
        raise TimeoutError("some commenters never finished")
    return results
