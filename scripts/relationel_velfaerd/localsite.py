"""Serve a built site on 127.0.0.1 the way GitHub Pages serves it.

Used by the browser tests (tests/test_browser.py) and the Lighthouse
benchmark (benchmarks/lighthouse_scores.py). Pages are served below the path of
``site_url`` (``/relationel-velfaerd/``), and an unknown address gets the
site's ``404.html`` with status 404, as on GitHub Pages; text is sent
gzip-compressed when the browser asks for it, as Pages does. ``mkdocs
serve`` is not used: it serves the sources, not the built and checked site.

Standard library only (``http.server`` in a thread).
"""

from __future__ import annotations

import functools
import gzip
import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

PREFIX = "/relationel-velfaerd/"  # the path of site_url in mkdocs.yml
CACHE_CONTROL = "max-age=600"  # what GitHub Pages sends
COMPRESSED = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt"}


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site below PREFIX and answers unknown paths with its 404 page."""

    site: Path

    def translate_path(self, path: str) -> str:
        path = urlsplit(path).path
        if not path.startswith(PREFIX):
            return str(self.site / "outside-the-site.missing")  # never a file, so a 404
        return super().translate_path("/" + path[len(PREFIX) :])

    def do_GET(self) -> None:
        """Compress text as GitHub Pages does, so page weights are realistic."""
        file = Path(self.translate_path(self.path))
        if file.is_dir() and self.path.split("?")[0].endswith("/"):
            file = file / "index.html"
        wants_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (wants_gzip and file.suffix in COMPRESSED and file.is_file()):
            super().do_GET()
            return
        body = gzip.compress(file.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(file)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def end_headers(self) -> None:
        self.send_header("Cache-Control", CACHE_CONTROL)
        super().end_headers()

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = self.site / "404.html"
        if code != 404 or not page.exists():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve(site: Path) -> Iterator[str]:
    """Serve SITE on a free loopback port; yield the site's base URL."""
    handler = type("Handler", (SiteHandler,), {"site": site})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}{PREFIX}"
    finally:
        server.shutdown()
        server.server_close()
