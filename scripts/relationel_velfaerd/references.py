"""Formatted references as HTML made once a build, put into each page by a Markdown extension.

mkdocs-bibtex writes each cited work's reference into the page as a footnote,
``[^key]: Buber, Martin. 1923. *Ich und Du*. …``, and Python-Markdown then
parses that Markdown again on every page that cites the work: the notes were a
fifth of the site's Markdown and more than a fifth of its Markdown time. Here
each reference is converted once (``to_html``), with the site's own Markdown
extensions, and the plugin gets a token instead (``token``, through
bibtex_adapter.py). This extension swaps each token for its HTML through
Python-Markdown's HTML stash before the page is parsed, so the page's HTML is
the same as before and the parser never reads the reference.

The hooks give the extension the HTML in its ``html`` option (MkDocs passes
``mdx_configs`` to each page's Markdown). A token left in a page's HTML, for a
key without HTML, is reported by the hooks (``left_over``) and fails a strict
build, rather than published as text.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from importlib.metadata import version
from pathlib import Path

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

NAME = "relationel_velfaerd.references"
FORMAT_VERSION = "1"  # bump when what the cache stores changes
CACHE_DIR = Path(".cache") / "references"  # in the project, beside citation_cache.CACHE_DIR
TOKEN = re.compile(r"⟦reference:([^⟦⟧\s]+)⟧")


def token(key: str) -> str:
    return f"⟦reference:{key}⟧"


def left_over(html: str) -> list[str]:
    """Keys whose token is still in a page's HTML."""
    return TOKEN.findall(html)


def to_html(
    references: Mapping[str, str], extensions: list[str], configs: Mapping[str, object], cache: Path | None = None
) -> dict[str, str]:
    """Key -> the reference's Markdown as inline HTML, converted with these Markdown extensions.

    With ``cache`` (a folder), the HTML of each reference text is kept in a file named by a hash
    of the extensions, their options and the versions of Python-Markdown and pymdownx, so a
    build converts only references it has not seen (deleting the folder is always safe).
    """
    stored: dict[str, str] = {}
    path = cache / f"{_fingerprint(extensions, configs)}.json" if cache else None
    if path is not None and path.is_file():
        stored = json.loads(path.read_text(encoding="utf-8"))
    missing = {text for text in references.values() if text not in stored}
    if missing:
        md = Markdown(extensions=extensions, extension_configs=dict(configs))  # type: ignore[arg-type]
        for text in missing:
            html = md.reset().convert(text)
            stored[text] = html[3:-4] if html.startswith("<p>") and html.endswith("</p>") else html
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp")
            tmp.write_text(json.dumps(stored, ensure_ascii=False, sort_keys=True), encoding="utf-8")
            tmp.replace(path)  # atomic: a half-written cache is never read
    return {key: stored[text] for key, text in references.items()}


def _fingerprint(extensions: list[str], configs: Mapping[str, object]) -> str:
    def stable(value: object) -> str:  # a function option (toc's slugify) by its name, not its address
        return getattr(value, "__qualname__", type(value).__qualname__)

    options = json.dumps([extensions, configs], sort_keys=True, default=stable)
    text = "\0".join([FORMAT_VERSION, version("markdown"), version("pymdown-extensions"), options])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


class _Swap(Preprocessor):
    def __init__(self, md: Markdown, html: Mapping[str, str]) -> None:
        super().__init__(md)
        self.html = html

    def run(self, lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        if "⟦reference:" not in text:
            return lines

        def swap(match: re.Match[str]) -> str:
            html = self.html.get(match.group(1))
            return match.group(0) if html is None else self.md.htmlStash.store(html)

        return TOKEN.sub(swap, text).split("\n")


class ReferencesExtension(Extension):
    def __init__(self, **kwargs: object) -> None:
        self.config = {"html": [{}, "key -> the reference as HTML (set by the hooks for each build)"]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        # After whitespace normalising (30), before raw HTML blocks are stashed (20).
        md.preprocessors.register(_Swap(md, self.getConfig("html")), "references", 25)


def makeExtension(**kwargs: object) -> ReferencesExtension:
    return ReferencesExtension(**kwargs)
