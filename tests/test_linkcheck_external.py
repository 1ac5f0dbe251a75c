"""The link checker's --external mode against real HTTP servers on 127.0.0.1.

Each test server is the standard library's ThreadingHTTPServer in a thread,
answering per path as programmed here, and recording every request. No
request goes anywhere but 127.0.0.1.
"""

from __future__ import annotations

import json
import socket
import subprocess
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from conftest import run_tool, write_site
from relationel_velfaerd.linkcheck import ExternalChecker, classify, parse_retry_after


@dataclass
class Reply:
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    hang: bool = False  # never answer


# A route answers (method, how many requests this path has had, counting this one).
Route = Callable[[str, int], Reply]


class Meter:
    """Requests in progress, and the most seen at once; may be shared by several servers."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.active = 0
        self.most = 0

    def enter(self) -> None:
        with self.lock:
            self.active += 1
            self.most = max(self.most, self.active)

    def leave(self) -> None:
        with self.lock:
            self.active -= 1


class Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_HEAD(self) -> None:
        self.server.owner.serve(self, "HEAD")

    def do_GET(self) -> None:
        self.server.owner.serve(self, "GET")

    def log_message(self, format: str, *args: object) -> None:
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    owner: Server

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # the checker hangs up after the headers; that is not an error


class Server:
    """An HTTP server on 127.0.0.1 with programmed paths; records (time, method, path) of every request."""

    def __init__(self, routes: dict[str, Route], delay: float = 0.0, meter: Meter | None = None) -> None:
        self.routes = routes
        self.delay = delay
        self.meter = meter or Meter()
        self.lock = threading.Lock()
        self.log: list[tuple[float, str, str]] = []
        self.hits: Counter[str] = Counter()
        self.release = threading.Event()
        self.httpd = _Server(("127.0.0.1", 0), Handler)
        self.httpd.owner = self
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def methods(self, path: str) -> list[str]:
        return [method for _, method, p in self.log if p == path]

    def times(self, path: str) -> list[float]:
        return [t for t, _, p in self.log if p == path]

    def serve(self, handler: BaseHTTPRequestHandler, method: str) -> None:
        path = handler.path
        with self.lock:
            self.hits[path] += 1
            count = self.hits[path]
            self.log.append((time.monotonic(), method, path))
        route = self.routes.get(path)
        reply = route(method, count) if route else Reply(404)
        self.meter.enter()
        try:
            if reply.hang:
                self.release.wait(10)
                return
            time.sleep(self.delay)
        finally:
            self.meter.leave()  # before answering, so the next request cannot overlap this one
        handler.send_response(reply.status)
        for name, value in reply.headers.items():
            handler.send_header(name, value)
        body = b"" if method == "HEAD" else b"<p>hej</p>"
        handler.send_header("Content-Length", str(len(b"<p>hej</p>")))
        handler.end_headers()
        handler.wfile.write(body)

    def close(self) -> None:
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()


def always(status: int, **headers: str) -> Route:
    return lambda method, count: Reply(status, {k.replace("_", "-"): v for k, v in headers.items()})


def redirect(status: int, to: str) -> Route:
    return always(status, Location=to)


def first(times: int, reply: Reply, then: Reply) -> Route:
    return lambda method, count: reply if count <= times else then


def by_method(head: int, get: int) -> Route:
    return lambda method, count: Reply(head if method == "HEAD" else get)


ROUTES: dict[str, Route] = {
    "/ok": always(200),
    "/once": always(200),
    "/permanent": redirect(301, "/ok"),
    "/permanent-308": redirect(308, "/ok"),
    "/temporary": redirect(302, "/temporary-2"),
    "/temporary-2": redirect(307, "/temporary-3"),
    "/temporary-3": redirect(303, "/ok"),
    "/temporary-to-missing": redirect(302, "/missing"),
    "/loop-a": redirect(302, "/loop-b"),
    "/loop-b": redirect(302, "/loop-a"),
    **{f"/chain/{n}": redirect(302, f"/chain/{n + 1}") for n in range(12)},  # /chain/12 is the end
    "/chain/12": always(200),
    "/missing": always(404),
    "/gone": always(410),
    "/bad-request": always(400),
    "/forbidden": always(403),
    "/server-error": always(500),
    "/rate-limited": first(1, Reply(429, {"Retry-After": "1"}), Reply(200)),
    "/always-429": always(429, Retry_After="1"),
    "/wait-an-hour": always(429, Retry_After="3600"),
    "/unavailable": first(2, Reply(503), Reply(200)),
    "/unavailable-retry-after": first(1, Reply(503, {"Retry-After": "1"}), Reply(200)),
    "/head-405": by_method(405, 200),
    "/head-404": by_method(404, 200),
    "/ignored-by-pattern": always(200),
}

# path -> (status, code, detail); "{url}" stands for the server's address
EXPECTED: dict[str, tuple[str, int | None, str | None]] = {
    "/ok": ("ok", 200, None),
    "/once#afsnit": ("ok", 200, None),
    "/once#andet-afsnit": ("ok", 200, None),
    "/permanent": ("redirected", 301, "moved permanently to {url}/ok"),
    "/permanent-308": ("redirected", 308, "moved permanently to {url}/ok"),
    "/temporary": ("ok", 200, None),
    "/temporary-to-missing": ("broken", 404, "server answered 404 Not Found (after redirects to {url}/missing)"),
    "/loop-a": ("broken", 302, "redirect loop"),
    "/chain/1": ("broken", 302, "more than 10 redirects"),
    "/chain/2": ("ok", 200, None),  # exactly 10 redirects
    "/missing": ("broken", 404, "server answered 404 Not Found"),
    "/gone": ("broken", 410, "server answered 410 Gone"),
    "/bad-request": ("broken", 400, "server answered 400 Bad Request"),
    "/forbidden": (
        "transient",
        403,
        "server answered 403 Forbidden; the server may refuse link checkers, check it in a browser",
    ),
    "/server-error": ("transient", 500, "server answered 500 Internal Server Error"),
    "/rate-limited": ("ok", 200, None),
    "/always-429": ("transient", 429, "server answered 429 Too Many Requests"),
    "/wait-an-hour": (
        "transient",
        429,
        "server answered 429 Too Many Requests and asked to wait 3600 s, more than the time left for this run",
    ),
    "/unavailable": ("ok", 200, None),
    "/unavailable-retry-after": ("ok", 200, None),
    "/head-405": ("ok", 200, None),
    "/head-404": ("ok", 200, None),
    "/ignored-by-pattern": ("ignored", None, "matches --ignore"),
}


def linkcheck(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return run_tool("linkcheck", *args)


MAIL = "mailto:redaktion@example.org"  # a link the checker never asks for


def free_port() -> int:
    """A port on 127.0.0.1 with nothing listening: connections to it are refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    s = Server(ROUTES)
    yield s
    s.close()


@pytest.fixture(scope="module")
def silent() -> Iterator[Server]:
    """A server that accepts requests and never answers."""
    s = Server({"/never": lambda method, count: Reply(200, hang=True)})
    yield s
    s.close()


@dataclass
class Run:
    proc: subprocess.CompletedProcess[str]
    results: dict[str, dict]
    seconds: float
    refused: str
    never: str


@pytest.fixture(scope="module")
def run(server: Server, silent: Server, tmp_path_factory: pytest.TempPathFactory) -> Run:
    """Every case checked in one run of the command, as CI would run it."""
    tmp = tmp_path_factory.mktemp("external")
    refused, never = f"http://127.0.0.1:{free_port()}/", silent.url("/never")
    site = write_site(tmp / "html", [server.url(path) for path in EXPECTED] + [refused, never, MAIL])
    out = tmp / "results.json"
    started = time.monotonic()
    proc = linkcheck(site, "--external", "--timeout", "1", "--json", out, "--ignore", "ignored-by")
    seconds = time.monotonic() - started
    data = json.loads(out.read_text(encoding="utf-8"))
    return Run(proc, {r["url"]: r for r in data["results"]}, seconds, refused, never)


@pytest.mark.parametrize("path", sorted(EXPECTED))
def test_classifies_each_answer(run: Run, server: Server, path: str) -> None:
    status, code, detail = EXPECTED[path]
    got = run.results[server.url(path)]
    expected_detail = detail.replace("{url}", server.url("")) if detail else None
    assert (got["status"], got["code"], got["detail"]) == (status, code, expected_detail)


def test_refused_connection_is_broken(run: Run) -> None:
    got = run.results[run.refused]
    assert (got["status"], got["code"]) == ("broken", None)
    assert got["detail"] == "connection refused: no web server answers at this address"


def test_a_server_that_never_answers_times_out_and_is_transient(run: Run, silent: Server) -> None:
    got = run.results[run.never]
    assert (got["status"], got["code"], got["detail"]) == ("transient", None, "timed out after 1 s")
    # HEAD timed out: GET, in case the server answers only that; retried twice, with GET.
    assert silent.methods("/never") == ["HEAD", "GET", "GET", "GET"]


def test_prints_one_line_per_problem_and_fails_on_broken(run: Run, server: Server) -> None:
    assert run.proc.returncode == 1, run.proc.stderr
    lines = run.proc.stdout.splitlines()
    url = server.url
    for line in [
        f"index.html: {url('/missing')} — server answered 404 Not Found",
        f"index.html: {url('/gone')} — server answered 410 Gone",
        f"index.html: {url('/loop-a')} — redirect loop",
        f"index.html: {url('/chain/1')} — more than 10 redirects",
        f"index.html: {url('/permanent')} — moved permanently to {url('/ok')}",
        f"index.html: {run.never} — timed out after 1 s",
        f"index.html: {run.refused} — connection refused: no web server answers at this address",
    ]:
        assert line in lines
    assert not [line for line in lines if url("/ok") in line.split(" — ")[0] or "ignored-by" in line]
    broken = sum(r["status"] == "broken" for r in run.results.values())
    transient = sum(r["status"] == "transient" for r in run.results.values())
    ok = sum(r["status"] == "ok" for r in run.results.values())
    assert lines[-1].startswith(
        f"1 pages, {len(run.results)} links, {broken} broken, {transient} transient, {ok} ok in "
    )
    assert len(lines) == 1 + broken + transient + sum(r["status"] == "redirected" for r in run.results.values())


def test_json_gives_every_link_with_its_code(run: Run, server: Server) -> None:
    results = list(run.results.values())
    assert len(results) == len(EXPECTED) + 3
    assert all(set(r) == {"page", "source", "url", "status", "code", "detail"} for r in results)
    assert run.results["mailto:redaktion@example.org"]["status"] == "ignored"
    assert all(r["page"] == "index.html" and r["source"] is None for r in results)


def test_asks_each_url_once_and_head_first(run: Run, server: Server) -> None:
    assert server.methods("/once") == ["HEAD"]  # one URL, two links with different #fragments
    assert server.hits["/ignored-by-pattern"] == 0
    assert server.methods("/head-405") == ["HEAD", "GET"]  # HEAD refused: GET
    assert server.methods("/head-404") == ["HEAD", "GET"]  # HEAD unreliable: GET confirms
    assert Counter(server.methods("/missing")) == {"HEAD": 2, "GET": 2}  # linked, and redirected to
    assert server.methods("/forbidden") == ["HEAD", "GET"]  # not retried: it will not change
    assert server.methods("/wait-an-hour") == ["HEAD"]  # not waited for: beyond the time limit
    assert server.methods("/chain/11") == ["HEAD", "HEAD"]  # /chain/1 and /chain/2 both pass it


def test_retries_transient_failures_twice_with_back_off(run: Run, server: Server) -> None:
    assert server.methods("/server-error") == ["HEAD", "GET"] * 3
    assert server.methods("/always-429") == ["HEAD"] * 3
    assert server.methods("/unavailable") == ["HEAD", "GET", "HEAD"]
    first_try, second_try = server.times("/unavailable")[1:3]
    assert second_try - first_try >= 0.4  # back-off of 0.5 s


@pytest.mark.parametrize("path", ["/rate-limited", "/unavailable-retry-after"])
def test_honours_retry_after(run: Run, server: Server, path: str) -> None:
    times = server.times(path)
    assert server.methods(path) == ["HEAD", "HEAD"]
    assert times[1] - times[0] >= 0.9  # Retry-After: 1


def test_the_whole_run_is_quick(run: Run) -> None:
    # The slowest case: 4 timeouts of 1 s (HEAD, then GET 3 times) and back-offs of 0.5 and 1.5 s.
    assert run.seconds < 15


def test_transient_and_moved_links_do_not_fail_the_run(server: Server, tmp_path: Path) -> None:
    site = write_site(tmp_path / "html", [server.url("/forbidden"), server.url("/permanent"), server.url("/ok"), MAIL])
    proc = linkcheck(site, "--external")
    assert proc.returncode == 0, proc.stdout
    assert proc.stdout.splitlines() == [
        f"index.html: {server.url('/permanent')} — moved permanently to {server.url('/ok')}",
        f"index.html: {server.url('/forbidden')} — server answered 403 Forbidden; "
        "the server may refuse link checkers, check it in a browser",
        proc.stdout.splitlines()[-1],
    ]
    assert proc.stdout.splitlines()[-1].startswith("1 pages, 4 links, 0 broken, 1 transient, 1 ok in ")


def test_without_external_no_request_is_made(tmp_path: Path) -> None:
    s = Server({"/ok": always(200)})
    try:
        proc = linkcheck(write_site(tmp_path / "html", [s.url("/ok")]), "--json", tmp_path / "out.json")
    finally:
        s.close()
    assert proc.returncode == 0 and not s.log
    results = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))["results"]
    assert results[0]["status"] == "ignored"


def test_cache_skips_urls_found_ok_within_7_days(tmp_path: Path) -> None:
    s = Server({"/ok": always(200), "/missing": always(404)})
    site = write_site(tmp_path / "html", [s.url("/ok"), s.url("/missing")])
    cache = tmp_path / "cache" / "links.json"
    try:
        assert linkcheck(site, "--external", "--cache", cache).returncode == 1
        assert s.hits == {"/ok": 1, "/missing": 2}
        proc = linkcheck(site, "--external", "--cache", cache, "--json", tmp_path / "out.json")
        assert proc.returncode == 1
        assert s.hits == {"/ok": 1, "/missing": 4}  # OK comes from the cache; broken is asked again
        results = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))["results"]
        assert results[0]["status"] == "ok" and results[0]["code"] == 200

        entries = json.loads(cache.read_text(encoding="utf-8"))["urls"]
        assert entries[s.url("/ok")]["status"] == "ok"
        assert entries[s.url("/missing")]["status"] == "broken"
        checked = datetime.fromisoformat(entries[s.url("/ok")]["checked"])
        assert abs(datetime.now(UTC) - checked) < timedelta(minutes=1)

        entries[s.url("/ok")]["checked"] = (datetime.now(UTC) - timedelta(days=8)).isoformat()
        cache.write_text(json.dumps({"version": 1, "urls": entries}), encoding="utf-8")
        linkcheck(site, "--external", "--cache", cache)
        assert s.hits["/ok"] == 2  # older than 7 days: asked again
    finally:
        s.close()


def test_an_unreadable_cache_is_rewritten(tmp_path: Path) -> None:
    s = Server({"/ok": always(200)})
    cache = tmp_path / "links.json"
    cache.write_text("{not json", encoding="utf-8")
    try:
        proc = linkcheck(write_site(tmp_path / "html", [s.url("/ok")]), "--external", "--cache", cache)
    finally:
        s.close()
    assert proc.returncode == 0
    assert "unreadable cache" in proc.stderr
    assert s.url("/ok") in json.loads(cache.read_text(encoding="utf-8"))["urls"]


def test_at_most_two_requests_at_once_per_host(tmp_path: Path) -> None:
    s = Server({f"/side/{n}": always(200) for n in range(8)}, delay=0.25)
    try:
        site = write_site(tmp_path / "html", [s.url(f"/side/{n}") for n in range(8)])
        proc = linkcheck(site, "--external", "--concurrency", "8")
    finally:
        s.close()
    assert proc.returncode == 0, proc.stdout
    assert s.meter.most == 2


def test_at_most_concurrency_requests_at_once(tmp_path: Path) -> None:
    meter = Meter()
    servers = [Server({f"/side/{n}": always(200) for n in range(2)}, delay=0.25, meter=meter) for _ in range(4)]
    try:
        site = write_site(tmp_path / "html", [s.url(f"/side/{n}") for s in servers for n in range(2)])
        proc = linkcheck(site, "--external", "--concurrency", "3")
    finally:
        for s in servers:
            s.close()
    assert proc.returncode == 0, proc.stdout
    assert 2 <= meter.most <= 3


def test_the_run_has_a_time_limit(tmp_path: Path) -> None:
    s = Server({f"/side/{n}": (lambda method, count: Reply(200, hang=True)) for n in range(8)})
    site = write_site(tmp_path / "html", [s.url(f"/side/{n}") for n in range(8)])
    out = tmp_path / "out.json"
    try:
        started = time.monotonic()
        proc = linkcheck(site, "--external", "--timeout", "1", "--max-time", "1.5", "--json", out)
        seconds = time.monotonic() - started
    finally:
        s.close()
    assert proc.returncode == 0  # nothing is broken, only unchecked
    assert seconds < 4
    details = [r["detail"] for r in json.loads(out.read_text(encoding="utf-8"))["results"]]
    assert "not checked: the run's time limit of 1.5 s was reached" in details


@pytest.mark.parametrize(
    ("errno", "status", "detail"),
    [
        (socket.EAI_NONAME, "broken", "server not found: no host is called ikke-et-navn.invalid"),
        (socket.EAI_AGAIN, "transient", "could not look up the server's name (temporary name-service failure)"),
    ],
)
def test_unknown_host_is_broken(monkeypatch: pytest.MonkeyPatch, errno: int, status: str, detail: str) -> None:
    def getaddrinfo(*args: object, **kwargs: object) -> list[object]:
        raise socket.gaierror(errno, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)  # no name lookup leaves the machine
    outcome = ExternalChecker(timeout=1, backoff=(0.01, 0.01)).check("https://ikke-et-navn.invalid/side")
    assert (outcome.status, outcome.detail) == (status, detail)


@pytest.mark.parametrize(
    ("code", "status"),
    [
        *[(200, "ok"), (204, "ok"), (401, "transient"), (403, "transient"), (404, "broken"), (410, "broken")],
        *[(418, "broken"), (429, "transient"), (500, "transient"), (502, "transient"), (503, "transient")],
    ],
)
def test_classify(code: int, status: str) -> None:
    assert classify(code).status == status


def test_parse_retry_after() -> None:
    assert parse_retry_after("120") == 120
    assert parse_retry_after(None) is None
    assert parse_retry_after("snart") is None
    in_a_minute = (datetime.now(UTC) + timedelta(seconds=60)).strftime("%a, %d %b %Y %H:%M:%S GMT")
    assert 55 <= (parse_retry_after(in_a_minute) or 0) <= 61
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0
