"""Every link a role can reach from the front page and the back-office home
answers that role with a page or a redirect: never 403, 404 or 500 (issue 11).

A link that a page shows to a role is a promise that the role may follow it.
The crawl follows same-site links breadth first with the test client, as the
role, visiting at most a few URLs of each shape (`/admin/registry/certificate/
<id>/change/` is one shape), so a list of 7,000 rows costs three visits.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterator
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest

# (role, URL regex) → why it is still broken. An entry that starts working
# fails the test, so this list only ever shrinks.
KNOWN_BROKEN: dict[tuple[str, str], str] = {}

# Links that are not pages: they end the session, download files made on
# demand, or switch the language by POST.
NOT_PAGES = re.compile(
    r"^/(static|media)/|logout|/i18n/|\.(pdf|xlsx|csv|zip|png|svg|ico)(\?|$)|/api/v1/(?!docs)")
PER_SHAPE = 3
MAX_PAGES = 400


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def _links(html: str) -> Iterator[str]:
    parser = _Links()
    parser.feed(html)
    for href in parser.hrefs:
        url, _ = urldefrag(href)
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or not url.startswith("/"):
            continue
        if not NOT_PAGES.search(url):
            yield url


def _shape(url: str) -> str:
    path = urlsplit(url).path
    return re.sub(r"/[0-9A-Za-z_-]*\d[0-9A-Za-z_-]*(?=/|$)", "/<id>", path)


def crawl(client, starts: list[str]) -> dict[str, tuple[int, str]]:
    """{url: (status, the page that linked it)} for every URL visited."""
    seen: dict[str, tuple[int, str]] = {}
    shapes: dict[str, int] = {}
    queue = deque((url, "(start)") for url in starts)
    while queue and len(seen) < MAX_PAGES:
        url, origin = queue.popleft()
        if url in seen:
            continue
        shape = _shape(url)
        if shapes.get(shape, 0) >= PER_SHAPE:
            continue
        shapes[shape] = shapes.get(shape, 0) + 1
        response = client.get(url)
        seen[url] = (response.status_code, origin)
        if response.status_code == 200 and response.get("Content-Type", "").startswith(
                "text/html"):
            queue.extend((link, url) for link in _links(response.content.decode()))
    return seen


ROLES = ["anonymous", "supervisor", "admin_user", "cb_alice", "inspector", "dept_user",
         "enterprise_user", "security_admin", "audit_admin", "lab_staff"]


@pytest.mark.slow
@pytest.mark.parametrize("role", ROLES)
def test_every_link_a_role_is_shown_answers_that_role(role, request, client_for, cert_a, cert_b):
    user = None if role == "anonymous" else request.getfixturevalue(role)
    client = client_for(user)
    starts = ["/"] + (["/admin/"] if user is not None and user.is_staff else [])
    visited = crawl(client, starts)
    assert len(visited) > 3, visited
    broken = {url: found for url, found in visited.items() if found[0] >= 400}
    unexplained = {url: found for url, found in broken.items()
                   if not any(r == role and re.search(p, url) for r, p in KNOWN_BROKEN)}
    assert not unexplained, "\n".join(
        f"{status} {url} (linked from {origin})" for url, (status, origin) in
        sorted(unexplained.items()))
    for (known_role, pattern), why in KNOWN_BROKEN.items():
        if known_role == role and any(re.search(pattern, url) for url in visited):
            assert any(re.search(pattern, url) for url in broken), (
                f"{pattern} works now for {role}; remove it from KNOWN_BROKEN ({why})")
