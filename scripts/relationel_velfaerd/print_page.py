"""The printable site (udskriv/): every page of the nav joined into one, the source of the whole-site PDF.

The hooks add ``udskriv.md`` as a generated page (outside the nav and the search
index) and, when MkDocs builds it (every other page's HTML is made by then),
set its content to ``combined``: a cover (overrides/print-cover.html), a table of
contents, and one ``<section class="print-page" id="KEY">`` per page in nav
order, with a heading for each nav section. Within a page's section every id
gets the page's key as prefix (``fn:x`` on Metodeskiftet becomes
``kapitler-metodeskiftet-fn:x``), and every link is rewritten to match: a link
to a place on the same page or on another printed page becomes a link within
the print page, any other relative link (a PDF, an asset) is rebased to
udskriv/. The glossary's marks are left out: on paper they explain nothing.

Hand-written, in place of mkdocs-print-site-plugin 2.9, which the site used
before: the plugin took a fifth of every build (about 1 s of 5 s, mostly its
id pass, which rescans the page for every id); that pass only saw ids of an
element starting a line, so footnote ids in running text were left bare,
duplicated across pages and the targets of dead links; its inline script and
style had to be moved to files for the Content-Security-Policy and its assets
taken out of every other page; and its table of contents was copied in by
script, so without JavaScript there was none. Here the page is built by the
site's own templates like every other page, with no script of its own.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass

from markupsafe import Markup, escape

from relationel_velfaerd.conventions import PRINT_PAGE
from relationel_velfaerd.glossary import without_marks

SOURCE = PRINT_PAGE  # the generated page; its address is udskriv/
TITLE = "Hele Relationel velfærd til udskrift"
CONTENTS_TITLE = "Indhold"
COVER_ID = "udskrift-forside"
CONTENTS_ID = "udskrift-indhold"
# Front matter of the generated page: not in the search index (every page is there on its own),
# no nav sidebar (the page has its own table of contents).
FRONT_MATTER = (
    f"---\ntitle: {TITLE}\n"
    "description: Alle sitets sider samlet på én side, til udskrift og som kilde til sitets PDF.\n"
    "search:\n  exclude: true\nhide:\n  - navigation\n---\n"
)


@dataclass(frozen=True)
class Part:
    """One entry of the nav in reading order: a page (url and html) or a section heading (both None)."""

    level: int  # 1 for the top of the nav
    title: str  # as HTML: Markup is kept, plain text is escaped
    url: str | None = None
    html: str | None = None


def page_key(url: str) -> str:
    """The print page's id of a page's section: kapitler/metodeskiftet/ -> kapitler-metodeskiftet."""
    return url.strip("/").replace("/", "-") or "index"


def section_key(title: str, taken: set[str]) -> str:
    """A nav section's id: del-<title as a slug>, unique on the page."""
    slug = re.sub(r"[^\w]+", "-", Markup(title).striptags().lower()).strip("-") or "afsnit"
    key, n = f"del-{slug}", 2
    while key in taken:
        key, n = f"del-{slug}-{n}", n + 1
    taken.add(key)
    return key


ID_ATTRIBUTE = re.compile(r'\b(id|for|aria-labelledby|aria-describedby|aria-controls)="([^"]*)"')
URL_ATTRIBUTE = re.compile(r'\b(href|src|xlink:href)="([^"]*)"')
CSS_REFERENCE = re.compile(r"url\(#([^)\s]+)\)")  # inline SVG: marker-end="url(#arrow)"
SCHEME = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//)")


def rebased(html: str, url: str, keys: Mapping[str, str], print_url: str) -> str:
    """One page's HTML as a section of the print page: its ids prefixed, its links pointing within it.

    ``url`` is the page's address, ``keys`` maps each printed page's address to
    its key, ``print_url`` is the print page's own address (udskriv/).
    """
    key = keys[url]

    def ids(match: re.Match[str]) -> str:
        names = " ".join(f"{key}-{name}" for name in match.group(2).split())
        return f'{match.group(1)}="{names}"'

    def link(match: re.Match[str]) -> str:
        return f'{match.group(1)}="{_target(match.group(2), url, keys, print_url)}"'

    html = ID_ATTRIBUTE.sub(ids, html)
    html = CSS_REFERENCE.sub(lambda m: f"url(#{key}-{m.group(1)})", html)
    return URL_ATTRIBUTE.sub(link, html)


def _target(value: str, url: str, keys: Mapping[str, str], print_url: str) -> str:
    if not value or SCHEME.match(value):
        return value
    path, hash_mark, fragment = value.partition("#")
    if not path:  # a place on the same page
        return f"#{keys[url]}-{fragment}" if fragment else value
    resolved = posixpath.normpath(posixpath.join(url, path)).lstrip("/")
    resolved = "" if resolved == "." else resolved + ("/" if path.endswith("/") else "")
    if resolved in keys:  # another printed page
        return f"#{keys[resolved]}-{fragment}" if fragment else f"#{keys[resolved]}"
    up = "../" * print_url.count("/")
    return up + resolved + hash_mark + fragment


def anchors(parts: list[Part]) -> list[str]:
    """Each part's id on the print page: its page key, or for a nav section del-<title>."""
    keys = {part.url: page_key(part.url) for part in parts if part.url is not None}
    taken = set(keys.values())
    return [keys[p.url] if p.url is not None else section_key(p.title, taken) for p in parts]


def combined(parts: list[Part], cover: str, print_url: str) -> str:
    """The print page's content: cover, table of contents, then every page and nav section in order."""
    keys = {part.url: page_key(part.url) for part in parts if part.url is not None}
    ids = anchors(parts)
    out = [f'<section id="{COVER_ID}">{cover}</section>', _contents(parts, ids)]
    for part, anchor in zip(parts, ids, strict=True):
        if part.url is None or part.html is None:
            heading = f"<h1>{escape(part.title)}</h1>"
            out.append(f'<section class="print-page print-page--del" id="{anchor}">{heading}</section>')
        else:
            body = rebased(without_marks(part.html), part.url, keys, print_url)
            out.append(f'<section class="print-page" id="{anchor}">{body}</section>')
    return "\n".join(out)


def _contents(parts: list[Part], ids: list[str]) -> str:
    """The table of contents as nested lists, one level per nav level."""
    out = [f'<nav id="{CONTENTS_ID}" aria-labelledby="{CONTENTS_ID}-titel">',
           f'<h1 id="{CONTENTS_ID}-titel">{CONTENTS_TITLE}</h1>']  # fmt: skip
    depth = 0
    for part, anchor in zip(parts, ids, strict=True):
        if part.level > depth:
            out.append("<ul><li>" * (part.level - depth))
        else:
            out.append("</li></ul>" * (depth - part.level) + "</li><li>")
        out.append(f'<a href="#{anchor}">{escape(part.title)}</a>')
        depth = part.level
    out.append("</li></ul>" * depth + "</nav>")
    return "\n".join(out)
