"""The manifest of published URLs: every page and every heading anchor.

Usage:
    python -m relationel_velfaerd urls update SITE_DIR   # rewrite tests/data/urls.txt from a build
    python -m relationel_velfaerd urls check SITE_DIR    # list manifest entries the build lost

Educators link to pages and to headings (``.../vaerdiskiftet/#tillid``). The
manifest in tests/data/urls.txt is committed; the test suite runs ``check``
so that a build that loses one of them fails, unless a redirect keeps it
alive (mkdocs-redirects for a moved page, ``{#old-id}`` or an alias anchor
for a renamed heading). New pages and headings are added with ``update``.
Exit status: 0 when nothing is lost, 1 when something is, 2 for bad usage.
"""

from __future__ import annotations

import sys
from pathlib import Path

import lxml.html

from relationel_velfaerd.conventions import PRINT_PAGE_URL
from relationel_velfaerd.conventions import URL_MANIFEST as MANIFEST

HEADER = (
    "# Every published page and heading anchor; see scripts/relationel_velfaerd/urls.py.\n"
    "# Regenerate after adding pages: make build && python -m relationel_velfaerd urls update site\n"
)
REDIRECT_MARK = 'http-equiv="refresh"'
PRINT_PAGE = PRINT_PAGE_URL  # the page is stable; its anchors follow the pages it joins (print_page.py)


def _pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("index.html") if not p.relative_to(site).parts[:1] == ("search",))


def _url(site: Path, page: Path) -> str:
    rel = page.parent.relative_to(site).as_posix()
    return "" if rel == "." else rel + "/"


def collect(site: Path) -> list[str]:
    """Page URLs (relative to the site root), their heading anchors and Litteratur posts, as url#id lines."""
    lines: list[str] = []
    for page in _pages(site):
        text = page.read_text(encoding="utf-8")
        if REDIRECT_MARK in text:
            continue  # a redirect is not a page of its own
        url = _url(site, page)
        lines.append(url or "/")
        if url == PRINT_PAGE:
            continue
        doc = lxml.html.fromstring(text)
        for heading in doc.cssselect("article h2[id], article h3[id], article .litteratur-post[id]"):
            lines.append(f"{url or '/'}#{heading.get('id')}")
    return lines


def lost(site: Path, manifest: list[str]) -> list[str]:
    """Manifest entries the build at ``site`` no longer serves."""
    missing: list[str] = []
    ids: dict[str, set[str] | None] = {}
    for entry in manifest:
        url, _, anchor = entry.partition("#")
        page = site / ("" if url == "/" else url) / "index.html"
        if url not in ids:
            if not page.is_file():
                ids[url] = set()
                missing.append(entry)
                continue
            text = page.read_text(encoding="utf-8")
            # A page that redirects keeps its old anchors alive: the browser
            # carries the #fragment to the new address.
            ids[url] = (
                None
                if REDIRECT_MARK in text
                else {e.get("id") for e in lxml.html.fromstring(text).iter() if e.get("id")}
            )
        known = ids[url]
        if anchor and known is not None and anchor not in known and entry not in missing:
            missing.append(entry)
    return missing


def read_manifest() -> list[str]:
    return [line for line in MANIFEST.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2 or args[0] not in {"update", "check"} or not Path(args[1]).is_dir():
        print("usage: python -m relationel_velfaerd urls update|check SITE_DIR (a built site)", file=sys.stderr)
        return 2
    site = Path(args[1])
    if args[0] == "update":
        current = collect(site)
        kept = [e for e in read_manifest() if e not in current] if MANIFEST.exists() else []
        if kept and lost(site, kept):
            print("Refusing to drop published URLs; add redirects first:", file=sys.stderr)
            for entry in lost(site, kept):
                print(f"  {entry}", file=sys.stderr)
            return 1
        MANIFEST.write_text(HEADER + "\n".join(sorted(set(current) | set(kept))) + "\n", encoding="utf-8")
        print(f"{MANIFEST}: {len(set(current) | set(kept))} URLs")
        return 0
    missing = lost(site, read_manifest())
    for entry in missing:
        print(f"{entry} — no longer published; add a redirect (mkdocs.yml: redirects) or an {{#old-id}} anchor")
    return 1 if missing else 0
