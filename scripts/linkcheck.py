"""Check the links and #anchors of a built site, and optionally its links to other sites.

Usage:
    python -m scripts.linkcheck SITE_DIR [--external] [--base-url URL] [--timeout SECONDS]
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
``python -m scripts.bench_linkcheck``), and it speaks to contributors in their
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
  GET when HEAD is refused or answers an error; at most 10 redirects; at most
  ``--concurrency`` requests at once and 2 at once per host (scheme, name and
  port); ``Retry-After`` is honoured on 429 and 503 within the run's time
  limit (``--max-time``); other transient failures are retried twice with
  back-off; with ``--cache``, a URL found OK in the last 7 days is not asked
  again.

Each external URL is ``ok``, ``redirected`` (moved permanently: update the
link), ``broken`` (404, 410, other 4xx, unknown host, refused connection,
redirect loop), ``transient`` (timeout, 5xx, 429, 401/403: servers that refuse
robots; listed, never fatal) or ``ignored`` (matches an ``--ignore`` regular
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
import http.client
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
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from http import HTTPStatus
from pathlib import Path
from urllib.parse import quote, unquote, urljoin, urlsplit

import lxml.etree
import lxml.html

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


@dataclass(frozen=True)
class Answer:
    status: int
    reason: str
    location: str | None
    retry_after: str | None


class OutOfTime(Exception):
    """The run's time limit was reached before a request could be made."""


class TimedOut(Exception):
    """No answer within the request's timeout (in seconds)."""

    def __init__(self, seconds: float) -> None:
        super().__init__(seconds)
        self.seconds = seconds


def parse_retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header: '120' or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, when.timestamp() - time.time())


def _phrase(code: int, reason: str) -> str:
    try:
        return HTTPStatus(code).phrase
    except ValueError:
        return reason.strip()


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

    def check_all(self, urls: Sequence[str]) -> dict[str, Outcome]:
        """Outcomes of distinct URLs, checked in parallel, hosts interleaved."""
        order = _interleave(urls)
        if not order:
            return {}
        workers = min(len(order), self.concurrency * 4, 64)
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="linkcheck") as pool:
            return dict(zip(order, pool.map(self.check, order), strict=True))

    def check(self, url: str) -> Outcome:
        """One URL, retried up to twice when the failure may pass."""
        outcome = self._follow(url)
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
            outcome = self._follow(url)
        return outcome

    @contextmanager
    def _slot(self, host: str) -> Iterator[float]:
        """Wait for a free request slot for ``host``; yields the timeout for the request."""
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

    def request(self, method: str, url: str) -> Answer:
        scheme, hostname, port, path = _request_target(url)
        with self._slot(_host_key(hostname, port, scheme)) as timeout:
            if scheme == "https":
                conn: http.client.HTTPConnection = http.client.HTTPSConnection(
                    hostname, port, timeout=timeout, context=self._ssl
                )
            else:
                conn = http.client.HTTPConnection(hostname, port, timeout=timeout)
            try:
                conn.request(method, path, headers=HEADERS)
                response = conn.getresponse()
                location, retry_after = response.getheader("Location"), response.getheader("Retry-After")
                return Answer(response.status, response.reason or "", location, retry_after)
            except TimeoutError:
                raise TimedOut(timeout) from None
            finally:
                conn.close()

    def _ask(self, method: str, url: str) -> Answer | Outcome:
        """One request; an Outcome when it failed before an answer."""
        try:
            return self.request(method, url)
        except OutOfTime:
            detail = f"not checked: the run's time limit of {_seconds(self.max_time)} s was reached"
            return Outcome(TRANSIENT, None, detail, retry=False)
        except TimedOut as error:
            return Outcome(TRANSIENT, None, f"timed out after {_seconds(error.seconds)} s")
        except socket.gaierror as error:
            if error.errno in (socket.EAI_AGAIN, getattr(socket, "EAI_SYSTEM", None)):
                return Outcome(TRANSIENT, None, "could not look up the server's name (temporary name-service failure)")
            return Outcome(BROKEN, None, f"server not found: no host is called {urlsplit(url).hostname}")
        except ConnectionRefusedError:
            return Outcome(BROKEN, None, "connection refused: no web server answers at this address")
        except ssl.SSLCertVerificationError as error:
            return Outcome(BROKEN, None, f"the site's security certificate is not valid ({error.verify_message})")
        except ssl.SSLError as error:
            return Outcome(TRANSIENT, None, f"the secure connection failed ({error.reason or error})")
        except http.client.InvalidURL:
            return Outcome(BROKEN, None, "not a valid web address")
        except (http.client.HTTPException, OSError) as error:
            return Outcome(TRANSIENT, None, f"the connection failed ({_describe(error)})", try_get=True)
        except ValueError:
            return Outcome(BROKEN, None, "not a valid web address")

    def _follow(self, url: str) -> Outcome:
        """Ask for ``url`` and follow its redirects; classify where it ends."""
        current, method = url, "HEAD"
        seen = {url}
        moved_to: str | None = None  # where a leading run of permanent redirects leads
        moved_code: int | None = None
        permanent = True
        redirects = 0
        while True:
            answer = self._ask(method, current)
            if method == "HEAD" and _needs_get(answer):
                method = "GET"  # HEAD refused or unreliable; GET from now on
                answer = self._ask(method, current)
            if isinstance(answer, Outcome):
                return _after_redirects(answer, current, redirects)
            code = answer.status
            if 300 <= code < 400 and code != 304 and answer.location:
                following = urljoin(current, answer.location.strip()).partition("#")[0]
                if permanent and code in (301, 308):
                    moved_to, moved_code = following, moved_code or code
                else:
                    permanent = False
                if following in seen:
                    return Outcome(BROKEN, code, "redirect loop", retry=False)
                redirects += 1
                if redirects > MAX_REDIRECTS:
                    return Outcome(BROKEN, code, f"more than {MAX_REDIRECTS} redirects", retry=False)
                if urlsplit(following).scheme not in ("http", "https"):
                    return Outcome(OK, code, f"redirects to {following}, which is not checked")
                seen.add(following)
                current = following
                continue
            outcome = classify(code, answer.reason)
            if code in (429, 503):
                outcome = replace(outcome, retry_after=parse_retry_after(answer.retry_after))
            if outcome.status == OK and moved_to is not None:
                return Outcome(REDIRECTED, moved_code, f"moved permanently to {moved_to}")
            return _after_redirects(outcome, current, redirects)


def _needs_get(answer: Answer | Outcome) -> bool:
    """Whether a HEAD answer should be confirmed with GET."""
    if isinstance(answer, Outcome):
        return answer.try_get  # the server hung up on HEAD; a timeout would only repeat itself
    code = answer.status
    if code in (405, 501):
        return True
    if code == 429 or (code == 503 and answer.retry_after):
        return False  # asked to wait: wait, then ask again
    return code >= 400


def _after_redirects(outcome: Outcome, url: str, redirects: int) -> Outcome:
    if redirects and outcome.status != OK and outcome.detail:
        return replace(outcome, detail=f"{outcome.detail} (after redirects to {url})")
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

    def get(self, url: str, now: datetime) -> Outcome | None:
        entry = self.entries.get(url)
        if entry is None or entry.get("status") != OK:
            return None
        age = self._age(entry, now)
        if age is None or not 0 <= age < CACHE_DAYS * 86400:
            return None
        code = entry.get("code")
        return Outcome(OK, code if isinstance(code, int) else None, f"OK when checked on {str(entry['checked'])[:10]}")

    def put(self, url: str, outcome: Outcome, now: datetime) -> None:
        self.entries[url] = {
            "status": outcome.status,
            "code": outcome.code,
            "detail": outcome.detail,
            "checked": now.isoformat(timespec="seconds"),
        }

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
    pending: dict[str, list[int]] = defaultdict(list)  # external URL -> indexes in results
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
                    pending[target.url].append(len(results))
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


def _check_external(
    report: Report, pending: dict[str, list[int]], options: Options, checker: ExternalChecker | None
) -> None:
    now = datetime.now(UTC)
    cache = Cache(options.cache) if options.cache else None
    if cache and cache.warning:
        report.notes.append(f"warning: {cache.warning}")
    outcomes: dict[str, Outcome] = {}
    for url in pending:
        cached = cache.get(url, now) if cache else None
        if cached is not None:
            outcomes[url] = cached
    checker = checker or ExternalChecker(options.timeout, options.concurrency, options.max_time)
    fresh = checker.check_all([url for url in pending if url not in outcomes])
    outcomes.update(fresh)
    if cache:
        for url, outcome in fresh.items():
            cache.put(url, outcome, now)
        try:
            cache.save(now)
        except OSError as error:
            report.notes.append(f"warning: could not write the cache {options.cache} ({error})")
    for url, indexes in pending.items():
        outcome = outcomes[url]
        for index in indexes:
            report.results[index] = replace(
                report.results[index], status=outcome.status, code=outcome.code, detail=outcome.detail
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
        prog="python -m scripts.linkcheck",
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


if __name__ == "__main__":
    sys.exit(main())
