"""Glossary: every term of docs/begreber.md explains itself wherever it is used.

The kept way in Material is the ``abbr`` extension with a glossary file that
pymdownx.snippets appends to every page. It falls short here in three ways,
which this hook adds:

1. Danish inflects: abbreviations match exact, case-sensitive forms only, so
   "samskabelse" would not explain "samskabelsen" or "Samskabelsens". Each
   term lists its forms in its heading (``data-former="..."``); the hook adds
   the capitalised and genitive variants.
2. One source: the definitions are read from docs/begreber.md itself, so the
   glossary page and the tooltips can never disagree.
3. The glossary page lists, under each term, the pages that use it, found in
   the Markdown of every page at build time.

Terms are ``## Term {#id data-former="form, form"}`` headings; the first
paragraph under a heading is its definition (citations and Markdown are
stripped for the tooltip). Abbreviations get ``tabindex="0"`` so keyboard
users can focus a term and see its definition.
"""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.meta import get_data

from scripts import escape

log = logging.getLogger("mkdocs.plugins.glossary")

GLOSSARY = "begreber.md"
TERM = re.compile(r"^## (?P<name>[^{\n]+?) \{(?P<attrs>[^}]*)\}[ \t]*$", re.M)
ID = re.compile(r"#([\w-]+)")
FORMS = re.compile(r'data-former="([^"]*)"')
CITATION = re.compile(r"\s*\[[^\]]*@[^\]]*\]")
LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
FENCE = re.compile(r"^(```|~~~).*?^\1", re.M | re.S)


@dataclass
class Term:
    id: str
    name: str
    forms: list[str]
    definition: str  # plain text, for the tooltip
    line: int


_TERMS: list[Term] = []
_USED_ON: dict[str, list[tuple[str, str]]] = {}  # term id -> [(src_uri, title)]


def _variants(form: str) -> set[str]:
    """A form with its capitalised and genitive variants."""
    out = {form, form[:1].upper() + form[1:]}
    if not form.endswith(("s", "x", "z")):
        out |= {v + "s" for v in list(out)}
    return out


def _plain(markdown: str) -> str:
    text = CITATION.sub("", markdown)
    text = LINK.sub(r"\1", text)
    text = re.sub(r"[*_`]", "", text)
    return " ".join(text.split())


def _parse(markdown: str, where: str) -> list[Term]:
    terms: list[Term] = []
    first_line: dict[str, tuple[str, int]] = {}  # id -> (name, line)
    matches = list(TERM.finditer(markdown))
    for n, match in enumerate(matches):
        line = markdown.count("\n", 0, match.start()) + 1
        ident = ID.search(match.group("attrs"))
        if not ident:
            log.warning(f"{where}:{line}: term '{match.group('name')}' needs an id, e.g. {{#samskabelse}}")
            continue
        if ident.group(1) in first_line:
            other, at = first_line[ident.group(1)]
            log.warning(
                f"{where}:{line}: term '{match.group('name').strip()}' has the id #{ident.group(1)}, which '{other}' "
                f"on line {at} already has; give each term its own id"
            )
            continue
        first_line[ident.group(1)] = (match.group("name").strip(), line)
        end = matches[n + 1].start() if n + 1 < len(matches) else len(markdown)
        body = markdown[match.end() : end].strip()
        definition = _plain(body.split("\n\n", 1)[0]) if body else ""
        if not definition:
            log.warning(f"{where}:{line}: term '{match.group('name')}' has no definition paragraph")
            continue
        name = match.group("name").strip()
        listed = FORMS.search(match.group("attrs"))
        forms = [name] + ([f.strip() for f in listed.group(1).split(",") if f.strip()] if listed else [])
        if name[:1].isupper() and name[1:2].islower():
            forms.append(name[:1].lower() + name[1:])  # "Samskabelse" also as "samskabelse"
        terms.append(Term(ident.group(1), name, forms, definition, line))
    return terms


def _abbreviations() -> str:
    seen: dict[str, str] = {}
    for term in _TERMS:
        for form in sorted(set().union(*(_variants(f) for f in term.forms))):
            seen.setdefault(form, term.definition)
    # One definition per block: as one block of hundreds of lines, every block
    # processor re-tests the shrinking rest after each line, which is quadratic
    # (it made the build 30 s slower).
    return "\n\n".join(f"*[{form}]: {definition}" for form, definition in seen.items())


def _form_pattern(forms: set[str]) -> re.Pattern[str]:
    """Whole-word match of any form; words of a multi-word form may be split by a line break."""
    alternatives = [r"\s+".join(map(re.escape, f.split())) for f in sorted(forms, key=len, reverse=True)]
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)")


def _uses(markdown: str, term: Term) -> bool:
    forms = set().union(*(_variants(f) for f in term.forms))
    return _form_pattern(forms).search(FENCE.sub("", markdown)) is not None


def _join_wrapped_terms(markdown: str) -> str:
    """Put multi-word terms wrapped over two lines on one line, outside code.

    The abbr extension matches a form with single spaces only, so "New Public
    Management" would lose its tooltip where the text wraps inside it.
    """
    forms = {form for term in _TERMS for f in term.forms for form in _variants(f) if " " in form}
    if not forms:
        return markdown
    pattern = _form_pattern(forms)
    parts = re.split(r"(^(?:```|~~~).*?^(?:```|~~~)[^\n]*$)", markdown, flags=re.M | re.S)
    for i in range(0, len(parts), 2):  # even parts are outside code fences
        parts[i] = pattern.sub(lambda m: " ".join(m.group().split()), parts[i])
    return "".join(parts)


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    _TERMS.clear()
    _USED_ON.clear()
    glossary = files.get_file_from_path(GLOSSARY)
    if glossary is None:
        return nav
    where = os.path.relpath(glossary.abs_src_path or GLOSSARY, os.path.dirname(config.config_file_path))
    _TERMS.extend(_parse(glossary.content_string, where))  # front matter has no "## " lines
    for page in nav.pages:
        if page.file.src_uri == GLOSSARY:
            continue
        body, meta = get_data(page.file.content_string)
        title = str(meta.get("title") or page.file.src_uri)
        for term in _TERMS:
            if _uses(body, term):
                _USED_ON.setdefault(term.id, []).append((page.file.src_uri, title))
    return nav


def _usage_line(term: Term) -> str:
    pages = _USED_ON.get(term.id, [])
    if not pages:
        return "*Bruges endnu ikke på andre sider.*"
    links = ", ".join(f"[{escape.markdown_inline(title)}]({src})" for src, title in pages)
    return f"*Bruges på:* {links}"


PARAGRAPH = re.compile(r"\n[ \t]*\n(.+?)(?=\n[ \t]*\n|\Z)", re.S)
NO_TOOLTIPS = {GLOSSARY, "litteratur.md"}  # the glossary explains itself; titles need no tooltips


def _with_usage(markdown: str) -> str:
    """Put the generated "Bruges på" line under each term's definition paragraph."""
    by_id = {t.id: t for t in _TERMS}
    for match in reversed(list(TERM.finditer(markdown))):  # back to front: earlier offsets stay valid
        ident = ID.search(match.group("attrs"))
        term = by_id.get(ident.group(1)) if ident else None
        paragraph = PARAGRAPH.match(markdown, match.end())
        if term and paragraph:
            usage = f"\n\n{_usage_line(term)}\n{{: .begreb-brug }}"
            markdown = markdown[: paragraph.end()] + usage + markdown[paragraph.end() :]
    return markdown


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if not _TERMS:
        return markdown
    if page.file.src_uri == GLOSSARY:
        return _with_usage(markdown)
    if page.file.src_uri in NO_TOOLTIPS:
        return markdown
    return _join_wrapped_terms(markdown) + "\n\n" + _abbreviations() + "\n"


HEADING = re.compile(r"<h([1-6])\b[^>]*>.*?</h\1>", re.S)
ABBR = re.compile(r"<abbr\b[^>]*>(.*?)</abbr>", re.S)


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    # No tooltips in headings: they would show up in the table of contents and
    # in every heading link, and the term is explained in the text below anyway.
    html = HEADING.sub(lambda m: ABBR.sub(r"\1", m.group()), html)
    # Focusable terms: keyboard users see the definition too.
    return html.replace("<abbr title=", '<abbr tabindex="0" title=')
