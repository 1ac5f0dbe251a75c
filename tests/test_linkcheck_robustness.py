"""The link checker's --external mode against hostile servers on 127.0.0.1.

A raw socket server answers each path as programmed here, byte by byte if
need be: headers that trickle or never end, a HEAD that hangs, malformed or
non-web redirects, control characters, HTML pages with and without the
#fragment linked to. Every run is bounded in time; no request goes anywhere
but 127.0.0.1.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import ROOT, write_site

# (method, path, connection): write the whole answer, or hang, and return.
Behaviour = Callable[[str, str, socket.socket], None]


class RawServer:
    """A TCP server on 127.0.0.1 that reads one request per connection and lets a behaviour answer it."""

    def __init__(self, routes: dict[str, Behaviour]) -> None:
        self.routes = routes
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.log: list[tuple[str, str]] = []
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(0.1)
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def methods(self, path: str) -> list[str]:
        return [method for method, p in self.log if p == path]

    def _accept(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        with conn:
            conn.settimeout(5)
            data = b""
            try:
                while b"\r\n\r\n" not in data:
                    chunk = conn.recv(4096)
                    if not chunk:
                        return
                    data += chunk
                method, path, _ = data.split(b"\r\n", 1)[0].decode("latin-1").split(" ", 2)
                with self.lock:
                    self.log.append((method, path))
                self.routes.get(path, not_found)(method, path, conn)
            except OSError:
                pass  # the checker hung up: that is what it should do with these servers

    def close(self) -> None:
        self.stop.set()
        self.listener.close()


def answer(status: str, headers: dict[str, str], body: bytes = b"") -> Behaviour:
    def behave(method: str, path: str, conn: socket.socket) -> None:
        head = f"HTTP/1.1 {status}\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items())
        head += f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
        conn.sendall(head.encode("latin-1") + (b"" if method == "HEAD" else body))

    return behave


not_found = answer("404 Not Found", {})


def redirect(to: str) -> Behaviour:
    return answer("302 Found", {"Location": to})


def html(body: str) -> Behaviour:
    return answer("200 OK", {"Content-Type": "text/html; charset=utf-8"}, body.encode("utf-8"))


def trickle(data: bytes, every: float) -> Behaviour:
    """Send ``data`` one byte at a time, ``every`` seconds apart."""

    def behave(method: str, path: str, conn: socket.socket) -> None:
        for byte in data:
            conn.sendall(bytes([byte]))
            time.sleep(every)

    return behave


def endless_header(method: str, path: str, conn: socket.socket) -> None:
    """A status line, then one header line that never ends, 20 bytes a second for as long as it is read."""
    conn.sendall(b"HTTP/1.1 200 OK\r\nX-Endless: ")
    for _ in range(20 * 120):
        conn.sendall(b"a")
        time.sleep(0.05)


def hanging_head(method: str, path: str, conn: socket.socket) -> None:
    if method == "HEAD":
        conn.recv(1)  # until the checker hangs up (or 5 s pass)
        return
    html("<p>hej</p>")(method, path, conn)


PAGE = '<!doctype html><title>Side</title><h2 id="afsnit">Afsnit</h2><p><a name="navn">navn</a></p>'
LARGE = "<!doctype html><title>Stor</title>" + "<p>fyld</p>" * 200_000 + '<h2 id="slut">Slut</h2>'
SLOW = b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 60 + b"\r\nContent-Length: 0\r\n\r\n"

ROUTES: dict[str, Behaviour] = {
    "/slow-headers": trickle(SLOW, 0.25),  # 21 s for the headers, 0.25 s between bytes
    "/endless-header": endless_header,
    "/hanging-head": hanging_head,
    "/bad-location": redirect("http://[::1"),
    "/ftp": redirect("ftp://127.0.0.1/fil.txt"),
    "/file": redirect("file:///etc/passwd"),
    "/data": redirect("data:text/html,<p>hej</p>"),
    "/javascript": redirect("javascript:alert(1)"),
    "/bad-port": redirect("http://127.0.0.1:port/"),
    "/control-location": answer("301 Moved Permanently", {"Location": "/side\x1b[2J"}),
    "/page": html(PAGE),
    "/large": html(LARGE),
    "/control-reason": answer("499 Evil\x1b[31m\x07\rred", {}),
}

# link path -> (status, code, detail); "{url}" stands for the server's address
EXPECTED: dict[str, tuple[str, int | None, str | None]] = {
    "/slow-headers": ("transient", None, "timed out after 1 s"),
    "/endless-header": ("transient", None, "timed out after 1 s"),
    "/hanging-head": ("ok", 200, None),
    "/bad-location": ("broken", 302, "redirects to a malformed address: http://[::1"),
    "/ftp": ("broken", 302, "redirects to ftp://127.0.0.1/fil.txt, which is not a web address (ftp:)"),
    "/file": ("broken", 302, "redirects to file:///etc/passwd, which is not a web address (file:)"),
    "/data": ("broken", 302, "redirects to data:text/html,<p>hej</p>, which is not a web address (data:)"),
    "/javascript": ("broken", 302, "redirects to javascript:alert(1), which is not a web address (javascript:)"),
    "/bad-port": ("broken", 302, "redirects to a malformed address: http://127.0.0.1:port/"),
    "/control-location": ("broken", 301, "redirects to a malformed address: /side\\x1b[2J"),
    "/page#afsnit": ("ok", 200, None),
    "/page#navn": ("ok", 200, None),
    "/page#top": ("ok", 200, None),
    "/page#mangler": ("broken", 200, 'no element with id "mangler" in {url}/page'),
    "/large#slut": ("ok", 200, "the page is larger than 2 MB; #slut was not checked"),
    "/control-reason": ("broken", 499, "server answered 499 Evil\\x1b[31m\\x07\\rred"),
}


def linkcheck(*args: str | Path, limit: float) -> tuple[subprocess.CompletedProcess[str], float]:
    """Run the checker as a command; fail the test if it is still running after ``limit`` seconds."""
    started = time.monotonic()
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "relationel_velfaerd", "linkcheck", *map(str, args)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
            timeout=limit,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"the run did not end within {limit} s")
    return proc, time.monotonic() - started


@pytest.fixture(scope="module")
def server() -> Iterator[RawServer]:
    s = RawServer(ROUTES)
    yield s
    s.close()


@dataclass
class Run:
    proc: subprocess.CompletedProcess[str]
    results: dict[str, dict]
    seconds: float


@pytest.fixture(scope="module")
def run(server: RawServer, tmp_path_factory: pytest.TempPathFactory) -> Run:
    """Every case in one run, with a timeout of 1 s a request and a time limit of 20 s for the run."""
    tmp = tmp_path_factory.mktemp("robustness")
    site = write_site(tmp / "html", [server.url(path) for path in EXPECTED])
    out = tmp / "results.json"
    proc, seconds = linkcheck(site, "--external", "--timeout", "1", "--max-time", "20", "--json", out, limit=30)
    assert out.exists(), proc.stderr  # the run did not die
    data = json.loads(out.read_text(encoding="utf-8"))
    return Run(proc, {r["url"]: r for r in data["results"]}, seconds)


@pytest.mark.parametrize("path", sorted(EXPECTED))
def test_classifies_each_hostile_answer(run: Run, server: RawServer, path: str) -> None:
    status, code, detail = EXPECTED[path]
    got = run.results[server.url(path)]
    expected_detail = detail.replace("{url}", server.url("")) if detail else None
    assert (got["status"], got["code"], got["detail"]) == (status, code, expected_detail)


def test_each_request_has_a_deadline(run: Run, server: RawServer) -> None:
    # The slowest cases: 4 requests cut at 1 s (HEAD, then GET 3 times) and back-offs of 0.5 and 1.5 s,
    # though the server goes on sending a byte every 0.25 or 0.05 s.
    assert run.seconds < 6 + 3
    assert server.methods("/slow-headers") == ["HEAD", "GET", "GET", "GET"]


def test_a_hanging_head_is_asked_again_with_get(run: Run, server: RawServer) -> None:
    assert server.methods("/hanging-head") == ["HEAD", "GET"]


def test_the_page_is_read_once_for_all_its_fragments(run: Run, server: RawServer) -> None:
    assert server.methods("/page") == ["HEAD", "GET"]


def test_the_report_has_no_control_characters(run: Run) -> None:
    assert run.proc.returncode == 1  # something is broken
    for line in run.proc.stdout.splitlines() + run.proc.stderr.splitlines():
        assert line.isprintable(), repr(line)
    assert "server answered 499 Evil\\x1b[31m\\x07\\rred" in run.proc.stdout
    assert "note: " in run.proc.stderr and "the page is larger than 2 MB; #slut was not checked" in run.proc.stderr


def test_the_run_has_a_deadline_whatever_the_server_does(server: RawServer, tmp_path: Path) -> None:
    # A header that never ends, and a request timeout far beyond the run's time limit.
    site = write_site(tmp_path / "html", [server.url("/endless-header")])
    out = tmp_path / "out.json"
    proc, seconds = linkcheck(site, "--external", "--timeout", "30", "--max-time", "2", "--json", out, limit=20)
    assert seconds < 2 + 3
    assert proc.returncode == 0, proc.stdout  # not broken, only unchecked
    (result,) = json.loads(out.read_text(encoding="utf-8"))["results"]
    assert (result["status"], result["detail"]) == ("transient", "timed out: the run's time limit of 2 s was reached")


def test_the_cache_remembers_fragments_found(server: RawServer, tmp_path: Path) -> None:
    cache = tmp_path / "links.json"
    site = write_site(tmp_path / "html", [server.url("/page#afsnit")])
    before = len(server.methods("/page"))
    assert linkcheck(site, "--external", "--cache", cache, limit=20)[0].returncode == 0
    assert linkcheck(site, "--external", "--cache", cache, limit=20)[0].returncode == 0
    assert len(server.methods("/page")) == before + 2  # HEAD and GET once; then from the cache
    site = write_site(tmp_path / "html", [server.url("/page#afsnit"), server.url("/page#mangler")])
    proc, _ = linkcheck(site, "--external", "--cache", cache, limit=20)
    assert proc.returncode == 1  # a fragment the cache has not seen: asked again, and missing
    assert len(server.methods("/page")) == before + 4
