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

import re
from collections.abc import Mapping

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

NAME = "relationel_velfaerd.references"
TOKEN = re.compile(r"⟦reference:([^⟦⟧\s]+)⟧")


def token(key: str) -> str:
    return f"⟦reference:{key}⟧"


def left_over(html: str) -> list[str]:
    """Keys whose token is still in a page's HTML."""
    return TOKEN.findall(html)


def to_html(references: Mapping[str, str], extensions: list[str], configs: Mapping[str, object]) -> dict[str, str]:
    """Key -> the reference's Markdown as inline HTML, converted with these Markdown extensions."""
    md = Markdown(extensions=extensions, extension_configs=dict(configs))  # type: ignore[arg-type]
    out = {}
    for key, text in references.items():
        html = md.reset().convert(text)
        out[key] = html[3:-4] if html.startswith("<p>") and html.endswith("</p>") else html
    return out


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
