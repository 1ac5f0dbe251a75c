"""Check the links and #anchors of a built site, and optionally its links to other sites.

Usage:
    python -m relationel_velfaerd linkcheck SITE_DIR [--external] [--base-url URL] [--timeout SECONDS]
        [--concurrency N] [--cache FILE] [--ignore PATTERN ...] [--json FILE]
        [--docs DIR] [--max-time SECONDS]

Why hand-written: on a generated 300-page Material site on the project's
machine, html-proofer took 140 s and 1.46 GB to check internal links and
anchors, and linkchecker with anchor checks did not finish in 400 s. MkDocs'
own validation (strict build) catches links between Markdown files, but not
links written in templates, theme overrides or generated pages (the 404
page, the Litteratur page, redirects). This checker reads the built HTML
instead, so it sees every link a reader can click. It parses each page once
with lxml, collects its ids once and resolves links with string operations
only, which makes it an order of magnitude faster (see
``python -m benchmarks/linkcheck_speed.py``), and it speaks to contributors in their
terms: the page, the Markdown file it came from, the link as written, and a
reason in plain English.

What is checked:

- always, every ``href`` and ``src`` that points into SITE_DIR: the file must
  exist (a directory URL means its ``index.html``) and a ``#fragment`` must be
  the ``id`` (or ``<a name>``) of an element in the target page. Paths and
  fragments are percent-decoded as UTF-8 (``#l%C3%A6ring`` finds
  ``id="læring"``), query strings are ignored, and ``mailto:``, ``tel:``,
  ``javascript:`` and ``data:`` links are not checked. ``--base-url`` is the
  address the site is published at: absolute links to it count as internal,
  and root-relative links (``/relationel-velfaerd/x/``) resolve against its
  path. Without it, root-relative links resolve against SITE_DIR itself.
- with ``--external``, every ``http(s)`` link to another site: HEAD first,
  GET when HEAD is refused, times out, hangs up or answers an error; at most
  10 redirects, each to an http(s) address; a ``#fragment`` must be an ``id``
  (or ``<a name>``) in the first 2 MB of the page when the page is HTML; at most
  ``--concurrency`` requests at once and 2 at once per host (scheme, name and
  port); ``Retry-After`` is honoured on 429 and 503 within the run's time
  limit (``--max-time``); other transient failures are retried twice with
  back-off; with ``--cache``, a URL found OK in the last 7 days is not asked
  again (with the fragments linked to, if they were found then). ``--timeout``
  bounds each request as a whole (connecting, headers, body), and ``--max-time``
  the whole run, whatever the servers do. Anything a server sends is printed
  with control characters escaped and its length limited.

Each external URL is ``ok``, ``redirected`` (moved permanently: update the
link), ``broken`` (404, 410, other 4xx, unknown host, refused connection,
redirect loop, a redirect to a malformed or non-web address, a missing
``#fragment`` on an HTML page), ``transient`` (timeout, 5xx, 429, 401/403:
servers that refuse robots; listed, never fatal) or ``ignored`` (matches an ``--ignore`` regular
expression, searched in the link as written and in the absolute URL).

Output: one line per problem, ``PAGE (SOURCE): LINK — REASON``, e.g.

    kapitler/x/index.html (docs/kapitler/x.md): ../y/#tillid — no element with id "tillid" in kapitler/y/index.html

then ``N pages, N links, N broken, N transient, N ok in S s``. The Markdown
source comes from the page's edit link, or from a docs folder next to SITE_DIR
(or given with ``--docs``). ``--json FILE`` writes every result, one per
distinct link on a page. Exit status: 0 when nothing is broken, 1 when
something is, 2 for bad usage.
"""

from __future__ import annotations

import argparse
import codecs
import http.client
import io
import json
import os
import posixpath
import re
import socket
import ssl
import sys
import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from http import HTTPStatus
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote, unquote, urljoin, urlsplit

import lxml.etree
import lxml.html

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer, WriteableBuffer

OK = "ok"
REDIRECTED = "redirected"
BROKEN = "broken"
TRANSIENT = "transient"
IGNORED = "ignored"

MAX_REDIRECTS = 10
PER_HOST = 2
RETRIES = 2
BACKOFF = (0.5, 1.5)  # seconds before the first and the second retry
CACHE_DAYS = 7
DEFAULT_TIMEOUT = 10.0
DEFAULT_CONCURRENCY = 8
DEFAULT_MAX_TIME = 300.0
MAX_PAGE = 2_000_000  # bytes of an external HTML page read to look for a #fragment
GRACE = 1.0  # seconds past --max-time after which requests still running are abandoned
USER_AGENT = (
    "Mozilla/5.0 (compatible; relationel-velfaerd-linkcheck/1.0; "
    "+https://github.com/relationel-velfaerd/relationel-velfaerd)"
)
HEADERS = {"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
# Resource hints name a host, not a document.
HINT_RELS = {"preconnect", "dns-prefetch"}
# A URL scheme ("https:", "mailto:") at the start of a link; the link is a string, not HTML.
SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
# The address a page is treated as having when no --base-url is given; .invalid never resolves.
PLACEHOLDER_BASE = "https://linkcheck.invalid/"
WHITESPACE = " \t\n\r\f"

_PARSER = lxml.html.HTMLParser(encoding="utf-8")
_LOWER = "translate(@rel, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')"
_HINT = " or ".join(f"contains(concat(' ', normalize-space({_LOWER}), ' '), ' {rel} ')" for rel in sorted(HINT_RELS))
# Strings only: no Python object for each element, which is most of the time saved.
_LINKS = lxml.etree.XPath(f"//@href[not(parent::base)][not(parent::link[{_HINT}])] | //@src", smart_strings=False)
_IDS = lxml.etree.XPath("//@id | //a/@name", smart_strings=False)
_EDIT = lxml.etree.XPath("//a[contains(@href, '/edit/')]")
_META = lxml.etree.XPath("//meta[@http-equiv]")
_BASE = lxml.etree.XPath("//base/@href", smart_strings=False)


# --- results ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Result:
    """The verdict on one distinct link of one page."""

    page: str  # path of the HTML file in the site, e.g. "kapitler/x/index.html"
    source: str | None  # its Markdown source, e.g. "docs/kapitler/x.md"
    url: str  # the link exactly as written in href/src
    status: str  # ok | redirected | broken | transient | ignored
    code: int | None = None  # the HTTP status code that decided an external link
    detail: str | None = None  # the reason, in plain English

    def line(self) -> str:
        where = f"{self.page} ({self.source})" if self.source else self.page
        return f"{where}: {self.url} — {self.detail}"


@dataclass
class Report:
    pages: int
    results: list[Result]
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)  # advice printed to stderr

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def failed(self) -> bool:
        return any(r.status == BROKEN for r in self.results)

    def problems(self) -> list[Result]:
        """Broken links first, then moved ones, then those that could not be checked."""
        order = {BROKEN: 0, REDIRECTED: 1, TRANSIENT: 2}
        return sorted((r for r in self.results if r.status in order), key=lambda r: order[r.status])

    def summary(self) -> str:
        return (
            f"{self.pages} pages, {len(self.results)} links, {self.count(BROKEN)} broken, "
            f"{self.count(TRANSIENT)} transient, {self.count(OK)} ok in {self.seconds:.2f} s"
        )

    def to_json(self) -> dict[str, object]:
        keys = ("page", "source", "url", "status", "code", "detail")
        results = [{key: getattr(r, key) for key in keys} for r in self.results]
        return {"pages": self.pages, "links": len(self.results), "results": results}


@dataclass(frozen=True)
class Options:
    external: bool = False
    base_url: str | None = None
    timeout: float = DEFAULT_TIMEOUT
    concurrency: int = DEFAULT_CONCURRENCY
    cache: Path | None = None
    ignore: Sequence[re.Pattern[str] | str] = ()  # regular expressions searched in each link
    docs: Path | None = None
    max_time: float = DEFAULT_MAX_TIME


# --- reading the site -------------------------------------------------------------------


@dataclass
class Page:
    path: str
    links: list[str]  # distinct href/src values in document order
    ids: set[str]
    source: str | None = None
    refresh: str | None = None  # <meta http-equiv="refresh"> target: a redirect page
    base: str | None = None  # <base href>


def parse_page(data: bytes, path: str) -> Page:
    """Links, ids, edit link and redirect target of one HTML page (read as UTF-8)."""
    try:
        root = lxml.html.document_fromstring(data, parser=_PARSER)
    except (lxml.etree.ParserError, ValueError):  # an empty file
        return Page(path, [], set())
    page = Page(path, list(dict.fromkeys(_LINKS(root))), set(_IDS(root)))
    edits = _EDIT(root)
    edits.sort(key=lambda a: "md-content__button" not in (a.get("class") or ""))
    for anchor in edits:
        page.source = _source_from_edit_link(anchor.get("href") or "")
        if page.source:
            break
    for meta in _META(root):
        if (meta.get("http-equiv") or "").lower() == "refresh":
            _, _, target = (meta.get("content") or "").partition(";")
            target = target.strip(WHITESPACE)
            if target[:4].lower() == "url=":
                page.refresh = target[4:].strip(WHITESPACE + "'\"")
            break
    bases = _BASE(root)
    page.base = bases[0].strip(WHITESPACE) if bases else None
    return page


def _source_from_edit_link(href: str) -> str | None:
    """'https://github.com/o/r/edit/main/docs/kapitler/x.md' -> 'docs/kapitler/x.md'."""
    path = unquote(urlsplit(href).path)
    _, found, rest = path.partition("/edit/")
    _, _, source = rest.partition("/")  # drop the branch
    return source if found and source.endswith((".md", ".markdown")) else None


def _source_from_docs(page: str, docs: Path) -> str | None:
    """The Markdown file MkDocs made ``page`` from: kapitler/x/index.html -> docs/kapitler/x.md."""
    folder, _, name = page.rpartition("/")
    stem = name.rsplit(".", 1)[0]
    if stem == "index" and folder:
        candidates = [f"{folder}.md", f"{folder}/index.md", f"{folder}/README.md"]
    elif stem == "index":
        candidates = ["index.md", "README.md"]
    else:
        candidates = [f"{folder}/{stem}.md" if folder else f"{stem}.md"]
    for candidate in candidates:
        if (docs / candidate).is_file():
            return f"{docs.resolve().name}/{candidate}"
    return None


@dataclass
class Site:
    root: Path
    files: set[str]  # every file, as a path relative to the root with "/"
    folders: set[str]
    pages: dict[str, Page]


def read_site(root: Path, docs: Path | None = None) -> Site:
    files: set[str] = set()
    folders: set[str] = set()
    for folder, subfolders, names in os.walk(root):
        rel = os.path.relpath(folder, root)
        prefix = "" if rel == "." else rel.replace(os.sep, "/") + "/"
        folders.update(prefix + name for name in subfolders)
        files.update(prefix + name for name in names)
    pages: dict[str, Page] = {}
    for path in sorted(files):
        if path.endswith((".html", ".htm")):
            page = parse_page((root / path).read_bytes(), path)
            if page.source is None and docs is not None:
                page.source = _source_from_docs(path, docs)
            pages[path] = page
    return Site(root, files, folders, pages)


# --- resolving links ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Target:
    """Where a link points: a path in the site, a URL elsewhere, or nowhere we check."""

    kind: str  # "internal", "outside" (root-relative, but not under the base path), "external", "skip"
    path: str = ""  # internal: decoded path relative to the site root ("" is the home page)
    fragment: str | None = None  # as written, without "#"
    url: str = ""  # external: the absolute URL without fragment; skip: why it is skipped
    absolute: str = ""  # the absolute URL, for --ignore


def _normalize(path: str) -> str:
    """Remove '.' and '..' segments of a site-relative path, keeping a final '/'."""
    last = path.rpartition("/")[2]
    folder = not path or path.endswith("/") or last in (".", "..")
    normal = posixpath.normpath("/" + path).lstrip("/")
    return normal + "/" if folder and normal else normal


class Resolver:
    """Resolves links written in pages to targets, with string operations only."""

    def __init__(self, base_url: str | None) -> None:
        base = urlsplit(base_url or PLACEHOLDER_BASE)
        self.base_path = base.path if base.path.endswith("/") else base.path + "/"
        self.origin = f"{base.scheme}://{base.netloc}"
        self.base_url = self.origin + self.base_path
        self.scheme = base.scheme
        self.host = _site_host(base.hostname, base.port)
        self._decoded_base = unquote(self.base_path)
        self._memo: dict[str, Target] = {}  # links whose target does not depend on the page

    def resolve(self, page: str, link: str, base: str | None = None) -> Target:
        """Where ``link``, written in the page at site path ``page``, points."""
        if base is not None:
            return self._with_base_tag(page, link, base)
        if link[:1] == "#":  # the commonest link: a place on the same page
            return Target("internal", page, link[1:], absolute=self.base_url + page + link)
        target = self._memo.get(link)
        if target is None:
            stripped = link.strip(WHITESPACE)
            target = self._resolve(page, stripped)
            if stripped[:1] == "/" or SCHEME.match(stripped):
                self._memo[link] = target
        return target

    def _resolve(self, page: str, link: str) -> Target:
        match = SCHEME.match(link)
        if match:
            scheme = match.group(1).lower()
            if scheme in ("http", "https"):
                return self.absolute(link)
            return Target("skip", url=f"{scheme}: links are not checked")
        if link.startswith("//"):
            return self.absolute(f"{self.scheme}:{link}")
        path, hash_, fragment = link.partition("#")
        path = path.partition("?")[0]
        frag = fragment if hash_ else None
        suffix = f"#{frag}" if frag is not None else ""
        if not path:  # "" or "?query": this page
            return Target("internal", page, frag, absolute=self.base_url + page + suffix)
        if path.startswith("/"):
            rel = self._strip_base(unquote(path))
            if rel is None:
                return Target("outside", unquote(path), frag, absolute=self.origin + link)
        else:
            folder = page.rpartition("/")[0]
            rel = f"{folder}/{unquote(path)}" if folder else unquote(path)
        rel = _normalize(rel)
        return Target("internal", rel, frag, absolute=self.base_url + rel + suffix)

    def _strip_base(self, path: str) -> str | None:
        if path.startswith(self._decoded_base):
            return path[len(self._decoded_base) :]
        if path + "/" == self._decoded_base:
            return ""
        return None

    def absolute(self, url: str) -> Target:
        """An absolute http(s) URL: internal when it is under --base-url, external otherwise."""
        without_fragment, hash_, fragment = url.partition("#")
        frag = fragment if hash_ else None
        try:
            parts = urlsplit(without_fragment)
            host = _site_host(parts.hostname, parts.port)
        except ValueError:  # a bad port or IPv6 address
            return Target("external", url=without_fragment, absolute=url)
        if host == self.host:
            rel = self._strip_base(unquote(parts.path or "/"))
            if rel is not None:
                return Target("internal", _normalize(rel), frag, absolute=url)
        return Target("external", url=without_fragment, fragment=frag, absolute=url)

    def _with_base_tag(self, page: str, link: str, base: str) -> Target:
        """Slow path for the rare page with <base href>: resolve as a browser would."""
        stripped = link.strip(WHITESPACE)
        if SCHEME.match(stripped) and not stripped.lower().startswith(("http:", "https:")):
            return self._resolve(page, stripped)
        page_url = urljoin(self.base_url + quote(page), base.strip(WHITESPACE))
        target = self.absolute(urljoin(page_url, stripped))
        root_relative = stripped.startswith("/") and not stripped.startswith("//")
        return replace(target, kind="outside") if root_relative and target.kind != "internal" else target


def _site_host(hostname: str | None, port: int | None) -> str:
    """The host of the site's own URLs: http:// and https:// on their usual ports are the same site."""
    return (hostname or "").lower() + (f":{port}" if port not in (None, 80, 443) else "")


def _host_key(hostname: str | None, port: int | None, scheme: str) -> str:
    """'host:port', the unit of the per-host limit."""
    default = 443 if scheme.lower() == "https" else 80
    return f"{(hostname or '').lower()}:{port or default}"


# --- checking internal links ----------------------------------------------------------


class InternalChecker:
    def __init__(self, site: Site, resolver: Resolver) -> None:
        self.site = site
        self.resolver = resolver

    def lookup(self, path: str) -> str | None:
        """The file a site path serves: itself, or index.html for a folder."""
        files = self.site.files
        if path == "" or path.endswith("/"):
            candidate = path + "index.html"
        elif path in files:
            return path
        elif path in self.site.folders:
            candidate = path + "/index.html"
        else:
            return None
        return candidate if candidate in files else None

    def missing_anchor(self, file: str, fragment: str, depth: int = 0) -> str | None:
        """None when ``fragment`` leads to an element of ``file``, else the page that lacks it."""
        decoded = unquote(fragment)
        page = self.site.pages.get(file)
        if page is None or fragment in page.ids or decoded in page.ids or decoded.lower() == "top":
            return None  # browsers scroll to the top for "#top" without such an id
        if page.refresh is not None and depth < 5:
            # A redirect page: the browser carries the fragment to the new address.
            target = self.resolver.resolve(file, page.refresh)
            new = self.lookup(target.path) if target.kind == "internal" else None
            if new is None or not new.endswith((".html", ".htm")):
                return None  # the redirect itself is checked as a link of that page
            return self.missing_anchor(new, fragment, depth + 1)
        return file

    def check(self, target: Target) -> tuple[str, str | None]:
        if target.kind == "outside":
            return BROKEN, f"page not found: the link leaves the site, which starts at {self.resolver.base_path}"
        file = self.lookup(target.path)
        if file is None:
            return BROKEN, "page not found"
        if target.fragment and file.endswith((".html", ".htm")):
            lacking = self.missing_anchor(file, target.fragment)
            if lacking is not None:
                return BROKEN, f'no element with id "{unquote(target.fragment)}" in {lacking}'
        return OK, None


# --- checking external links -------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """What a server said about one URL."""

    status: str
    code: int | None = None
    detail: str | None = None
    retry_after: float | None = None  # seconds the server asked us to wait
    retry: bool = True  # worth asking again when transient
    try_get: bool = False  # HEAD failed in a way GET may not
    skip_head: bool = False  # HEAD hung or hung up: retries ask with GET straight away
    ids: frozenset[str] | None = None  # ids and <a name>s of the HTML page, when it was read
    page: str | None = None  # the address of that page (after redirects)
    partial: str | None = None  # why ``ids`` may be incomplete (page too large or too slow)


@dataclass(frozen=True)
class Answer:
    status: int
    reason: str
    location: str | None
    retry_after: str | None
    content_type: str | None = None
    body: bytes | None = None  # the start of an HTML page, when asked for
    partial: str | None = None  # why ``body`` is not the whole page


class OutOfTime(Exception):
    """The run's time limit was reached before a request could be made."""


class TimedOut(Exception):
    """No answer within the request's timeout (in seconds)."""

    def __init__(self, seconds: float, run_limit: bool = False) -> None:
        super().__init__(seconds)
        self.seconds = seconds
        self.run_limit = run_limit  # cut short by the run's time limit, not by --timeout


def clean(text: str, limit: int = 200) -> str:
    """Text a server sent, safe to print: control and other invisible characters escaped, length limited."""
    safe = "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text)
    return safe if len(safe) <= limit else safe[: limit - 1] + "…"


def parse_retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header: '120' or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, when.timestamp() - time.time())


def _phrase(code: int, reason: str) -> str:
    try:
        return HTTPStatus(code).phrase
    except ValueError:
        return clean(reason.strip(), 100)


def _seconds(value: float) -> str:
    """10.0 -> '10', 0.5 -> '0.5'."""
    return f"{value:.1f}".removesuffix(".0")


def classify(code: int, reason: str = "") -> Outcome:
    """The verdict on a final HTTP answer (no more redirects to follow)."""
    said = f"server answered {code} {_phrase(code, reason)}".rstrip()
    if 200 <= code < 300 or code == 304:
        return Outcome(OK, code)
    if code in (401, 403):
        advice = "the server may refuse link checkers, check it in a browser"
        return Outcome(TRANSIENT, code, f"{said}; {advice}", retry=False)
    if code == 429 or code >= 500:
        return Outcome(TRANSIENT, code, said)
    if 400 <= code < 500:
        return Outcome(BROKEN, code, said)
    if 300 <= code < 400:
        return Outcome(BROKEN, code, f"{said} but did not say where to")
    return Outcome(TRANSIENT, code, said)


def _request_target(url: str) -> tuple[str, str, int | None, str]:
    """Scheme, host, port and the path to send, with anything non-ASCII percent-encoded."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(url)
    safe = "/%:@!$&'()*+,;=-._~"
    path = quote(parts.path or "/", safe=safe)
    if parts.query:
        path += "?" + quote(parts.query, safe=safe + "?")
    return parts.scheme, parts.hostname, parts.port, path


def _redirect_target(current: str, location: str) -> tuple[str, str | None]:
    """The absolute URL a Location header leads to, or why it cannot be followed."""
    raw = location.strip(WHITESPACE)
    shown = clean(raw, 300)
    malformed = f"redirects to a malformed address: {shown}"
    if not raw.isprintable():
        return "", malformed
    try:
        following = urljoin(current, raw).partition("#")[0]
        parts = urlsplit(following)
        parts.port  # noqa: B018 -- raises ValueError for a port that is not a number
    except ValueError:
        return "", malformed
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        return "", f"redirects to {shown}, which is not a web address ({clean(scheme, 20)}:)"
    if not parts.hostname:
        return "", malformed
    return following, None


# A request's deadline covers connecting, the headers and the body. The socket's timeout
# only bounds each read, so a server sending a byte a second never times out; instead,
# before every read (and write) the socket is given only the time left until the deadline.
# That bounds the request to its deadline with no thread to abandon: the request slot
# (2 per host) is held exactly as long as the connection is open, and the socket is
# always closed. Name lookups are the one step this cannot bound; check_all abandons a
# worker still busy shortly after the run's time limit, so the run ends on time anyway.


def _time_left(deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0.001:
        raise TimeoutError("the request's deadline has passed")
    return left


class _DeadlineReader(io.RawIOBase):
    """The reading side of a socket, each read allowed only the time left until the deadline."""

    def __init__(self, owner: _DeadlineSocket) -> None:
        super().__init__()
        self._owner = owner

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: WriteableBuffer) -> int:
        sock = self._owner.sock
        sock.settimeout(_time_left(self._owner.deadline))
        return sock.recv_into(buffer)

    def close(self) -> None:
        if not self.closed:
            self._owner.release()
        super().close()


class _DeadlineSocket:
    """A connected socket whose reads and writes end at a deadline (what http.client uses of it).

    Like a socket with makefile(), it stays open until it and every reader made of it are closed:
    http.client closes the connection as soon as the headers of a "Connection: close" answer are in.
    """

    def __init__(self, sock: socket.socket, deadline: float) -> None:
        self.sock = sock
        self.deadline = deadline
        self._readers = 0
        self._closed = False

    def makefile(self, mode: str = "rb", *args: object, **kwargs: object) -> io.BufferedReader:
        self._readers += 1
        return io.BufferedReader(_DeadlineReader(self))

    def sendall(self, data: ReadableBuffer) -> None:
        self.sock.settimeout(_time_left(self.deadline))  # sendall's timeout is for the whole call
        self.sock.sendall(data)

    def release(self) -> None:
        self._readers -= 1
        if self._closed and not self._readers:
            self.sock.close()

    def close(self) -> None:
        self._closed = True
        if not self._readers:
            self.sock.close()

    def __getattr__(self, name: str) -> object:
        return getattr(self.sock, name)


def _open(address: tuple[str, int], deadline: float) -> socket.socket:
    """Connect to the first address of the host that answers, within the deadline."""
    host, port = address
    error: OSError | None = None
    for family, kind, proto, _, sockaddr in socket.getaddrinfo(host, port, 0, socket.SOCK_STREAM):
        sock = socket.socket(family, kind, proto)
        try:
            sock.settimeout(_time_left(deadline))
            sock.connect(sockaddr)
            sock.settimeout(_time_left(deadline))  # for the TLS handshake, which counts it as a whole
            return sock
        except OSError as failure:
            sock.close()
            if isinstance(failure, TimeoutError):
                raise
            error = failure
    raise error or OSError(f"no address for {host}")


class _HTTPConnection(http.client.HTTPConnection):
    def __init__(self, host: str, port: int | None, deadline: float) -> None:
        super().__init__(host, port, timeout=_time_left(deadline))
        self.deadline = deadline
        self._create_connection = lambda address, *args: _open(address, deadline)  # type: ignore[method-assign]

    def connect(self) -> None:
        super().connect()
        self.sock = _DeadlineSocket(self.sock, self.deadline)  # type: ignore[assignment]


class _HTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host: str, port: int | None, deadline: float, context: ssl.SSLContext) -> None:
        super().__init__(host, port, timeout=_time_left(deadline), context=context)
        self.deadline = deadline
        self._create_connection = lambda address, *args: _open(address, deadline)  # type: ignore[method-assign]

    def connect(self) -> None:
        super().connect()  # the TLS handshake included
        self.sock = _DeadlineSocket(self.sock, self.deadline)  # type: ignore[assignment]


def _is_html(content_type: str | None) -> bool:
    kind = (content_type or "").partition(";")[0].strip().lower()
    return kind in ("text/html", "application/xhtml+xml")


def _read_page(response: http.client.HTTPResponse, seconds: float) -> tuple[bytes, str | None]:
    """At most MAX_PAGE bytes of the body, and why that is not the whole page, if it is not."""
    chunks: list[bytes] = []
    size = 0
    try:
        while True:
            chunk = response.read(min(65536, MAX_PAGE + 1 - size))
            if not chunk:
                return b"".join(chunks), None
            chunks.append(chunk)
            size += len(chunk)
            if size > MAX_PAGE:
                return b"".join(chunks)[:MAX_PAGE], f"the page is larger than {MAX_PAGE // 1_000_000} MB"
    except TimeoutError:
        return b"".join(chunks), f"the page did not arrive in full within {_seconds(seconds)} s"
    except (http.client.HTTPException, OSError) as error:
        return b"".join(chunks), f"the page could not be read in full ({clean(_describe(error), 100)})"


def _anchors(data: bytes, content_type: str | None) -> frozenset[str]:
    """The ids and <a name>s of an HTML page."""
    charset = ""
    for param in (content_type or "").split(";")[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip("'\"")
    try:
        codecs.lookup(charset)
    except LookupError:
        charset = ""
    parser = lxml.html.HTMLParser(encoding=charset) if charset else lxml.html.HTMLParser()
    try:
        root = lxml.html.document_fromstring(data, parser=parser)
    except (lxml.etree.ParserError, ValueError):
        return frozenset()
    return frozenset(str(value) for value in root.xpath("//@id | //a/@name"))


def checkable(fragment: str | None) -> bool:
    """Whether a #fragment of an external link names an element (not '#', '#top' or a text fragment)."""
    return bool(fragment) and not fragment.startswith(":~:") and unquote(fragment).lower() != "top"  # type: ignore[union-attr]


def has_anchor(ids: frozenset[str], fragment: str) -> bool:
    decoded = unquote(fragment)
    # GitHub renders README headings as id="user-content-x" and scrolls to #x with a script.
    return any(name in ids for name in (fragment, decoded, f"user-content-{decoded}"))


class ExternalChecker:
    """Asks servers about URLs, politely: limits per host and overall, retries, a time limit."""

    def __init__(
        self,
        timeout: float = DEFAULT_TIMEOUT,
        concurrency: int = DEFAULT_CONCURRENCY,
        max_time: float = DEFAULT_MAX_TIME,
        per_host: int = PER_HOST,
        backoff: Sequence[float] = BACKOFF,
    ) -> None:
        self.timeout = timeout
        self.concurrency = concurrency
        self.max_time = max_time
        self.per_host = per_host
        self.backoff = backoff
        self.deadline = time.monotonic() + max_time
        self._all = threading.BoundedSemaphore(concurrency)
        self._hosts: dict[str, threading.BoundedSemaphore] = {}
        self._lock = threading.Lock()
        self._ssl = ssl.create_default_context()

    def check_all(self, urls: Sequence[str], anchors: Collection[str] = ()) -> dict[str, Outcome]:
        """Outcomes of distinct URLs, checked in parallel, hosts interleaved.

        The pages of URLs in ``anchors`` are read for their ids, to check #fragments. Workers are
        daemon threads: one still busy GRACE seconds after the run's time limit is abandoned.
        """
        order = _interleave(urls)
        if not order:
            return {}
        jobs = deque(order)
        results: dict[str, Outcome] = {}
        done = threading.Condition()
        wanted = set(anchors)

        def work() -> None:
            while True:
                with done:
                    if not jobs:
                        return
                    url = jobs.popleft()
                outcome = self._guarded(url, url in wanted)
                with done:
                    results[url] = outcome
                    done.notify_all()

        workers = min(len(order), self.concurrency * 4, 64)
        for n in range(workers):
            threading.Thread(target=work, name=f"linkcheck-{n}", daemon=True).start()
        with done:
            done.wait_for(lambda: len(results) == len(order), timeout=self.deadline + GRACE - time.monotonic())
            finished = dict(results)
        unfinished = f"not finished: the run's time limit of {_seconds(self.max_time)} s was reached"
        return {url: finished.get(url) or Outcome(TRANSIENT, None, unfinished, retry=False) for url in order}

    def _guarded(self, url: str, want_ids: bool) -> Outcome:
        """``check``, with any unforeseen failure reported for the URL instead of ending the run."""
        try:
            return self.check(url, want_ids)
        except Exception as error:
            detail = clean(f"the check failed ({type(error).__name__}: {error})", 200)
            return Outcome(TRANSIENT, None, detail, retry=False)

    def check(self, url: str, want_ids: bool = False) -> Outcome:
        """One URL, retried up to twice when the failure may pass."""
        outcome = self._follow(url, want_ids)
        method = "HEAD"
        for attempt in range(RETRIES):
            if outcome.status != TRANSIENT or not outcome.retry:
                break
            wait = outcome.retry_after if outcome.retry_after is not None else self.backoff[attempt]
            if time.monotonic() + wait >= self.deadline:
                if outcome.retry_after is not None:
                    asked = f"asked to wait {_seconds(wait)} s, more than the time left for this run"
                    outcome = replace(outcome, detail=f"{outcome.detail} and {asked}")
                break
            time.sleep(wait)
            if outcome.skip_head:
                method = "GET"  # HEAD hung or hung up: it would only do so again
            outcome = self._follow(url, want_ids, method)
        return outcome

    @contextmanager
    def _slot(self, host: str) -> Iterator[float]:
        """Wait for a free request slot for ``host``; yields the time allowed for the request."""
        with self._lock:
            per_host = self._hosts.setdefault(host, threading.BoundedSemaphore(self.per_host))
        if not per_host.acquire(timeout=max(0.0, self.deadline - time.monotonic())):
            raise OutOfTime
        try:
            if not self._all.acquire(timeout=max(0.0, self.deadline - time.monotonic())):
                raise OutOfTime
            try:
                left = self.deadline - time.monotonic()
                if left < 0.1:
                    raise OutOfTime
                yield min(self.timeout, left)
            finally:
                self._all.release()
        finally:
            per_host.release()

    def request(self, method: str, url: str, read_page: bool = False) -> Answer:
        """One request, over within the timeout (or the run's time limit) whatever the server does."""
        scheme, hostname, port, path = _request_target(url)
        with self._slot(_host_key(hostname, port, scheme)) as seconds:
            deadline = time.monotonic() + seconds
            conn: http.client.HTTPConnection | None = None
            response: http.client.HTTPResponse | None = None
            try:
                if scheme == "https":
                    conn = _HTTPSConnection(hostname, port, deadline, self._ssl)
                else:
                    conn = _HTTPConnection(hostname, port, deadline)
                conn.request(method, path, headers=HEADERS)
                response = conn.getresponse()
                answer = Answer(
                    response.status,
                    response.reason or "",
                    response.getheader("Location"),
                    response.getheader("Retry-After"),
                    response.getheader("Content-Type"),
                )
                if read_page and method == "GET" and 200 <= answer.status < 300 and _is_html(answer.content_type):
                    body, partial = _read_page(response, seconds)
                    answer = replace(answer, body=body, partial=partial)
                return answer
            except TimeoutError:
                raise TimedOut(seconds, run_limit=seconds < self.timeout) from None
            finally:
                if response is not None:
                    response.close()
                if conn is not None:
                    conn.close()

    def _ask(self, method: str, url: str, read_page: bool = False) -> Answer | Outcome:
        """One request; an Outcome when it failed before an answer."""
        try:
            return self.request(method, url, read_page)
        except OutOfTime:
            detail = f"not checked: the run's time limit of {_seconds(self.max_time)} s was reached"
            return Outcome(TRANSIENT, None, detail, retry=False)
        except TimedOut as error:
            if error.run_limit:
                detail = f"timed out: the run's time limit of {_seconds(self.max_time)} s was reached"
                return Outcome(TRANSIENT, None, detail, retry=False)
            return Outcome(TRANSIENT, None, f"timed out after {_seconds(error.seconds)} s", try_get=True)
        except socket.gaierror as error:
            if error.errno in (socket.EAI_AGAIN, getattr(socket, "EAI_SYSTEM", None)):
                return Outcome(TRANSIENT, None, "could not look up the server's name (temporary name-service failure)")
            host = clean(urlsplit(url).hostname or "", 100)
            return Outcome(BROKEN, None, f"server not found: no host is called {host}")
        except ConnectionRefusedError:
            return Outcome(BROKEN, None, "connection refused: no web server answers at this address")
        except ssl.SSLCertVerificationError as error:
            return Outcome(
                BROKEN, None, f"the site's security certificate is not valid ({clean(str(error.verify_message), 100)})"
            )
        except ssl.SSLError as error:
            return Outcome(TRANSIENT, None, f"the secure connection failed ({clean(str(error.reason or error), 100)})")
        except http.client.InvalidURL:
            return Outcome(BROKEN, None, "not a valid web address")
        except (http.client.HTTPException, OSError) as error:
            detail = f"the connection failed ({clean(_describe(error), 100)})"
            return Outcome(TRANSIENT, None, detail, try_get=True)
        except ValueError:
            return Outcome(BROKEN, None, "not a valid web address")

    def _follow(self, url: str, want_ids: bool = False, method: str = "HEAD") -> Outcome:
        """Ask for ``url`` and follow its redirects; classify where it ends.

        With ``want_ids``, an HTML page at the end is read (its first MAX_PAGE bytes) for its ids.
        """
        current = url
        seen = {url}
        moved_to: str | None = None  # where a leading run of permanent redirects leads
        moved_code: int | None = None
        permanent = True
        redirects = 0
        skip_head = method == "GET"
        while True:
            answer = self._ask(method, current, want_ids)
            if method == "HEAD" and _needs_get(answer):
                skip_head = isinstance(answer, Outcome)  # HEAD hung or hung up, not merely refused
                method = "GET"  # HEAD refused or unreliable; GET from now on
                answer = self._ask(method, current, want_ids)
            if isinstance(answer, Outcome):
                return replace(_after_redirects(answer, current, redirects), skip_head=skip_head)
            code = answer.status
            if 300 <= code < 400 and code != 304 and answer.location:
                following, problem = _redirect_target(current, answer.location)
                if problem is not None:
                    return _after_redirects(Outcome(BROKEN, code, problem, retry=False), current, redirects)
                if permanent and code in (301, 308):
                    moved_to, moved_code = following, moved_code or code
                else:
                    permanent = False
                if following in seen:
                    return Outcome(BROKEN, code, "redirect loop", retry=False)
                redirects += 1
                if redirects > MAX_REDIRECTS:
                    return Outcome(BROKEN, code, f"more than {MAX_REDIRECTS} redirects", retry=False)
                seen.add(following)
                current = following
                continue
            outcome = classify(code, answer.reason)
            if code in (429, 503):
                outcome = replace(outcome, retry_after=parse_retry_after(answer.retry_after))
            if outcome.status == OK and want_ids:
                outcome = self._with_ids(outcome, answer, current)
            if outcome.status == OK and moved_to is not None:
                detail = f"moved permanently to {clean(moved_to, 300)}"
                return replace(outcome, status=REDIRECTED, code=moved_code, detail=detail)
            return _after_redirects(outcome, current, redirects)

    def _with_ids(self, outcome: Outcome, answer: Answer, url: str) -> Outcome:
        """The outcome with the ids of the HTML page at ``url`` (read with GET if HEAD answered)."""
        if answer.body is None and _is_html(answer.content_type):
            page = self._ask("GET", url, read_page=True)
            if isinstance(page, Outcome):
                reason = f"the page could not be read ({page.detail})"
                return replace(outcome, ids=frozenset(), page=url, partial=reason)
            answer = page
        if answer.body is None:
            return outcome  # not HTML: a #fragment means nothing the checker can see
        return replace(outcome, ids=_anchors(answer.body, answer.content_type), page=url, partial=answer.partial)


def _needs_get(answer: Answer | Outcome) -> bool:
    """Whether a HEAD answer should be confirmed with GET."""
    if isinstance(answer, Outcome):
        return answer.try_get  # HEAD hung up or timed out; some servers answer only GET
    code = answer.status
    if code in (405, 501):
        return True
    if code == 429 or (code == 503 and answer.retry_after):
        return False  # asked to wait: wait, then ask again
    return code >= 400


def _after_redirects(outcome: Outcome, url: str, redirects: int) -> Outcome:
    if redirects and outcome.status != OK and outcome.detail:
        return replace(outcome, detail=f"{outcome.detail} (after redirects to {clean(url, 300)})")
    return outcome


def _describe(error: BaseException) -> str:
    if isinstance(error, http.client.RemoteDisconnected | ConnectionResetError):
        return "the server closed it without answering"
    return str(error) or type(error).__name__


def _interleave(urls: Sequence[str]) -> list[str]:
    """Distinct URLs, one host after another, so the first requests go to different hosts."""
    queues: dict[str, deque[str]] = defaultdict(deque)
    for url in dict.fromkeys(urls):
        try:
            parts = urlsplit(url)
            key = _host_key(parts.hostname, parts.port, parts.scheme)
        except ValueError:
            key = ""
        queues[key].append(url)
    order: list[str] = []
    while queues:
        for key in list(queues):
            order.append(queues[key].popleft())
            if not queues[key]:
                del queues[key]
    return order


# --- the cache -------------------------------------------------------------------------------


class Cache:
    """Results of external URLs with the time they were checked; OK ones are trusted for 7 days."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.entries: dict[str, dict[str, object]] = {}
        self.warning: str | None = None
        if path.exists():
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                self.entries = {str(k): v for k, v in data["urls"].items() if isinstance(v, dict)}
            except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
                self.warning = f"ignoring the unreadable cache {path} ({error}); it will be rewritten"

    @staticmethod
    def _age(entry: dict[str, object], now: datetime) -> float | None:
        try:
            checked = datetime.fromisoformat(str(entry["checked"]))
        except (KeyError, ValueError):
            return None
        if checked.tzinfo is None:
            checked = checked.replace(tzinfo=UTC)
        return (now - checked).total_seconds()

    def get(self, url: str, now: datetime, fragments: Collection[str] = ()) -> Outcome | None:
        """A recent OK result, if each of ``fragments`` was also found on the page then."""
        entry = self.entries.get(url)
        if entry is None or entry.get("status") != OK:
            return None
        age = self._age(entry, now)
        if age is None or not 0 <= age < CACHE_DAYS * 86400:
            return None
        found = entry.get("anchors")
        if fragments and not (isinstance(found, dict) and all(found.get(f) is True for f in fragments)):
            return None  # a fragment not checked, or missing, then: ask again
        code = entry.get("code")
        detail = f"OK when checked on {str(entry['checked'])[:10]}"
        return Outcome(OK, code if isinstance(code, int) else None, detail, ids=frozenset(fragments) or None)

    def put(self, url: str, outcome: Outcome, now: datetime, anchors: dict[str, bool] | None = None) -> None:
        entry: dict[str, object] = {
            "status": outcome.status,
            "code": outcome.code,
            "detail": outcome.detail,
            "checked": now.isoformat(timespec="seconds"),
        }
        if anchors:
            entry["anchors"] = anchors
        self.entries[url] = entry

    def save(self, now: datetime) -> None:
        fresh = {}
        for url, entry in sorted(self.entries.items()):
            age = self._age(entry, now)
            if age is not None and age < CACHE_DAYS * 86400:
                fresh[url] = entry
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_name(self.path.name + ".tmp")
        text = json.dumps({"version": 1, "urls": fresh}, ensure_ascii=False, indent=1)
        temporary.write_text(text + "\n", encoding="utf-8")
        os.replace(temporary, self.path)


# --- the whole check -------------------------------------------------------------------------


def _ignored(patterns: Sequence[re.Pattern[str]], *urls: str) -> bool:
    return any(pattern.search(url) for pattern in patterns for url in urls if url)


def check(site: Path, options: Options | None = None, checker: ExternalChecker | None = None) -> Report:
    """Check every page of the built site at ``site``."""
    options = options or Options()
    started = time.perf_counter()
    patterns = [re.compile(p) if isinstance(p, str) else p for p in options.ignore]
    docs = options.docs if options.docs is not None else site / ".." / "docs"
    parsed = read_site(site, docs if docs.is_dir() else None)
    resolver = Resolver(options.base_url)
    internal = InternalChecker(parsed, resolver)
    results: list[Result] = []
    pending: dict[str, list[tuple[int, str | None]]] = defaultdict(list)  # external URL -> (index, #fragment)
    root_relative_broken = 0
    for page in parsed.pages.values():
        for link in page.links:
            target = resolver.resolve(page.path, link, page.base)
            status: str
            detail: str | None = None
            if target.kind == "skip":
                status, detail = IGNORED, target.url
            elif patterns and _ignored(patterns, link, target.absolute):
                status, detail = IGNORED, "matches --ignore"
            elif target.kind == "external":
                if options.external:
                    pending[target.url].append((len(results), target.fragment))
                    status = TRANSIENT  # replaced below
                else:
                    status, detail = IGNORED, "a link to another site; checked only with --external"
            else:
                status, detail = internal.check(target)
                if status == BROKEN and options.base_url is None and link.lstrip(WHITESPACE).startswith("/"):
                    root_relative_broken += 1
            results.append(Result(page.path, page.source, link, status, None, detail))
    report = Report(len(parsed.pages), results)
    if root_relative_broken:
        report.notes.append(
            f"note: {root_relative_broken} broken links start with '/' and were looked up from the top of "
            f"{site}; if the site is published under a path, give it with --base-url "
            "(the site_url of mkdocs.yml)"
        )
    if pending:
        _check_external(report, pending, options, checker)
    report.seconds = time.perf_counter() - started
    return report


def _fragment_verdict(outcome: Outcome, fragment: str | None) -> tuple[str, str] | None:
    """(status, detail) when ``fragment`` changes the URL's verdict: missing on the page, or not checkable."""
    if not checkable(fragment) or outcome.ids is None or outcome.status not in (OK, REDIRECTED):
        return None
    assert fragment is not None
    if has_anchor(outcome.ids, fragment):
        return None
    shown = clean(unquote(fragment), 100)
    if outcome.partial:
        return outcome.status, f"{outcome.partial}; #{shown} was not checked"
    return BROKEN, f'no element with id "{shown}" in {clean(outcome.page or "", 300)}'


def _check_external(
    report: Report, pending: dict[str, list[tuple[int, str | None]]], options: Options, checker: ExternalChecker | None
) -> None:
    now = datetime.now(UTC)
    cache = Cache(options.cache) if options.cache else None
    if cache and cache.warning:
        report.notes.append(f"warning: {cache.warning}")
    fragments = {url: sorted({f for _, f in links if checkable(f)}) for url, links in pending.items()}  # type: ignore[misc]
    outcomes: dict[str, Outcome] = {}
    for url in pending:
        cached = cache.get(url, now, fragments[url]) if cache else None
        if cached is not None:
            outcomes[url] = cached
    checker = checker or ExternalChecker(options.timeout, options.concurrency, options.max_time)
    fresh = checker.check_all(
        [url for url in pending if url not in outcomes], [url for url in pending if fragments[url]]
    )
    outcomes.update(fresh)
    if cache:
        for url, outcome in fresh.items():
            ids = outcome.ids
            anchors = (
                {f: has_anchor(ids, f) for f in fragments[url]} if ids is not None and not outcome.partial else None
            )
            cache.put(url, outcome, now, anchors)
        try:
            cache.save(now)
        except OSError as error:
            report.notes.append(f"warning: could not write the cache {options.cache} ({error})")
    for url, links in pending.items():
        outcome = outcomes[url]
        for index, fragment in links:
            status, detail = outcome.status, outcome.detail
            verdict = _fragment_verdict(outcome, fragment)
            if verdict is not None:
                status, detail = verdict
                if outcome.partial:
                    report.notes.append(f"note: {clean(url, 300)}: {detail}")
            report.results[index] = replace(
                report.results[index],
                status=status,
                code=outcome.code,
                detail=clean(detail, 700) if detail is not None else None,
            )


# --- command line -------------------------------------------------------------------------------


def _positive(kind: Callable[[str], float]) -> Callable[[str], float]:
    def parse(text: str) -> float:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
        if value <= 0:
            raise argparse.ArgumentTypeError(f"must be more than 0, not {text}")
        return value

    return parse


def _pattern(text: str) -> re.Pattern[str]:
    try:
        return re.compile(text)
    except re.error as error:
        raise argparse.ArgumentTypeError(f"not a valid regular expression {text!r}: {error}") from None


def _base_url(text: str) -> str:
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise argparse.ArgumentTypeError(f"not a web address (http:// or https://): {text!r}")
    return text


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m relationel_velfaerd linkcheck",
        description="Check the links and #anchors of a built site (and, with --external, links to other sites).",
    )
    parser.add_argument("site", metavar="SITE_DIR", type=Path, help="the built site, e.g. site/")
    parser.add_argument("--external", action="store_true", help="also check http(s) links to other sites")
    parser.add_argument("--base-url", type=_base_url, metavar="URL", help="the address the site is published at")
    parser.add_argument(
        "--timeout",
        type=_positive(float),
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help="per request (default 10)",
    )
    parser.add_argument(
        "--concurrency",
        type=_positive(int),
        default=DEFAULT_CONCURRENCY,
        metavar="N",
        help="requests at once (default 8; 2 per host)",
    )
    parser.add_argument("--cache", type=Path, metavar="FILE", help="remember external results here for 7 days")
    parser.add_argument(
        "--ignore",
        type=_pattern,
        nargs="+",
        action="extend",
        default=[],
        metavar="PATTERN",
        help="skip links matching these regular expressions",
    )
    parser.add_argument("--json", type=Path, metavar="FILE", help="write every result to FILE as JSON")
    parser.add_argument(
        "--docs",
        type=Path,
        metavar="DIR",
        help="the Markdown sources, to name them in messages (default: a docs folder next to SITE_DIR)",
    )
    parser.add_argument(
        "--max-time",
        type=_positive(float),
        default=DEFAULT_MAX_TIME,
        metavar="SECONDS",
        help="time limit for the external checks (default 300)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    site: Path = args.site
    if not site.is_dir():
        parser.error(f"SITE_DIR {site} is not a folder; build the site first (mkdocs build --site-dir {site})")
    if not any(site.rglob("*.htm*")):
        parser.error(f"SITE_DIR {site} has no HTML pages; is it the built site?")
    if args.docs is not None and not args.docs.is_dir():
        parser.error(f"--docs {args.docs} is not a folder")
    options = Options(
        external=args.external,
        base_url=args.base_url,
        timeout=args.timeout,
        concurrency=int(args.concurrency),
        cache=args.cache,
        ignore=args.ignore,
        docs=args.docs,
        max_time=args.max_time,
    )
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="backslashreplace")
    report = check(site, options)
    for result in report.problems():
        print(result.line())
    print(report.summary())
    for note in report.notes:
        print(note, file=sys.stderr)
    if args.json:
        text = json.dumps(report.to_json(), ensure_ascii=False, indent=1)
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(text + "\n", encoding="utf-8")
    return 1 if report.failed else 0
