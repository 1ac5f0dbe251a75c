"""Citations: clear errors for bad input, and a complete Litteratur page.

mkdocs-bibtex formats the citations; this hook adds what it lacks:

1. Before the plugin parses the bibliography, every ``.bib`` file is checked
   by ``scripts.bibcheck``; a malformed file fails the build with one line per
   problem (file, line, entry, what to do) instead of a pybtex traceback.
2. A citation of an unknown key fails the build with the page, the line and
   the key. (The plugin's own warning names neither page nor line.)
3. ``\\full_bibliography`` renders every entry of the bibliography in Danish
   alphabetical order, each as a paragraph with the stable anchor
   ``#ref-KEY``. (The plugin renders it as unsorted footnotes whose
   back-links point nowhere.)
4. Anthology pages (front matter ``vaerk: KEY``) get the work's full
   reference under their heading and a "Brugt i" section listing every page
   that cites it, both generated from the bibliography and the citations;
   each Litteratur entry links to its anthology page and to the pages that
   cite it; ``\\antologi_oversigt`` lists the anthology pages by group.
5. Pandoc reads the ``.bib`` files as written. mkdocs-bibtex 4.4.0 hands
   pandoc a copy re-serialised by pybtex, which escapes ``_`` in URLs
   (``gv-1838\\_593``) and doubles backslashes; the hook sets the registry's
   cached ``bib_data_bibtex`` to the original text before the first call.
6. ``[@key]`` and ``\\bibliography`` inside code are shown as typed: before
   mkdocs-bibtex reads the page, '@' and '\\' in code are swapped for
   stand-ins (``scripts.citekeys.mask_code``), and put back in the HTML. A
   citation that a line break runs through is put on one line first (the
   plugin reads one-line citations only), and any ``[@key]`` still in the
   rendered page fails the build with its line.
"""

from __future__ import annotations

import logging
import os
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.meta import get_data
from mkdocs_bibtex.citation import Citation, CitationBlock
from mkdocs_bibtex.plugin import BibTexPlugin
from mkdocs_bibtex.registry import PandocRegistry

from scripts import citekeys, escape
from scripts.bibcheck import check_dir
from scripts.danish import sort_key
from scripts.frontmatter import GROUPS

log = logging.getLogger("mkdocs.plugins.citations")

FULL_BIBLIOGRAPHY = "\\full_bibliography"
WORK_KEY = "vaerk"  # front matter key of an anthology page
ANTHOLOGY_INDEX = "\\antologi_oversigt"
H1 = re.compile(r"^# .*$", re.M)


@dataclass
class _Index:
    """Who cites what, read from every page's Markdown in nav order."""

    titles: dict[str, str] = field(default_factory=dict)  # src_uri -> title, as typed
    cited_by: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))  # key -> src_uris
    work_page: dict[str, str] = field(default_factory=dict)  # key -> anthology page src_uri
    groups: dict[str, list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))  # -> (src, line)


_INDEX = _Index()


class _DropPluginKeyWarning(logging.Filter):
    """Hide mkdocs-bibtex's page-less warning; this hook reports the same key with its page."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(("Citing unknown reference key", "Error formatting citation"))


logging.getLogger("mkdocs.plugins.mkdocs-bibtex").addFilter(_DropPluginKeyWarning())


def _bibtex(config: MkDocsConfig) -> BibTexPlugin:
    plugin = config.plugins.get("bibtex")
    if not isinstance(plugin, BibTexPlugin):
        raise PluginError("The citations hook needs the 'bibtex' plugin in mkdocs.yml.")
    return plugin


@event_priority(100)  # before mkdocs-bibtex parses the .bib files
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    root = Path(config.config_file_path).parent
    problems = check_dir(root / str(_bibtex(config).config.bib_dir))
    if problems:
        lines = "\n".join(f"  {p.display(root)}" for p in problems)
        raise PluginError(f"The bibliography has {len(problems)} problem(s):\n{lines}")
    return config


def on_pre_build(config: MkDocsConfig) -> None:
    """Give pandoc the .bib files as written (point 5 of the module docstring)."""
    plugin = _bibtex(config)
    registry = plugin.registry
    assert isinstance(registry, PandocRegistry), "mkdocs-bibtex needs csl_file (pandoc) in mkdocs.yml"
    bib_dir = Path(config.config_file_path).parent / str(plugin.config.bib_dir)
    registry.__dict__["bib_data_bibtex"] = "\n".join(
        path.read_text(encoding="utf-8") for path in sorted(bib_dir.rglob("*.bib"))
    )


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    """Index the citations and anthology pages of the whole site before any page is rendered."""
    keys = _bibtex(config).registry.bib_data.entries  # type: ignore[union-attr]
    _INDEX.titles.clear()
    _INDEX.cited_by.clear()
    _INDEX.work_page.clear()
    _INDEX.groups.clear()
    for page in nav.pages:
        file = page.file
        body, meta = get_data(file.content_string)
        heading = H1.search(body)
        _INDEX.titles[file.src_uri] = str(meta.get("title") or (heading.group()[2:] if heading else file.src_uri))
        work = meta.get(WORK_KEY)
        where = _display_file(file, config)
        if work is not None:
            if work not in keys:
                fallback = f"{where}: front matter '{WORK_KEY}: {work}' is not a key in bibliography/*.bib"
                log.warning(citekeys.unknown_work(file.content_string, where, set()) or fallback)
            elif work in _INDEX.work_page:
                log.warning(f"{where}: '{work}' already has an anthology page, docs/{_INDEX.work_page[work]}")
            else:
                _INDEX.work_page[work] = file.src_uri
                description = str(meta.get("description", "")).strip()
                _INDEX.groups[str(meta.get("gruppe"))].append((file.src_uri, description))
        for key in sorted({c.key for block in citekeys.citation_blocks(body) for c in block.citations}):
            _INDEX.cited_by[key].append(file.src_uri)
    return nav


def _is_reading(src_uri: str) -> bool:
    """Pages that count as "using" a work: not the anthology, not the Litteratur page."""
    return not src_uri.startswith("antologi/") and src_uri != "litteratur.md"


def _link(from_src: str, to_src: str, anchor: str = "") -> str:
    """A relative Markdown link target between two source files (MkDocs validates it)."""
    return os.path.relpath(to_src, os.path.dirname(from_src) or ".").replace(os.sep, "/") + anchor


def _used_in(key: str, from_src: str) -> list[str]:
    return [
        f"[{escape.markdown_inline(_INDEX.titles[src])}]({_link(from_src, src)})"
        for src in _INDEX.cited_by.get(key, [])
        if _is_reading(src)
    ]


def _anthology_page(markdown: str, page: Page, key: str, registry: PandocRegistry) -> str:
    """The reference under the heading, and "Brugt i" at the end."""
    registry.validate_citation_blocks([CitationBlock(citations=[Citation(key=key)])])
    reference = (
        f'\n<div class="antologi-reference" markdown>\n\n{registry.reference_text(Citation(key=key))}'
        f" [Se i litteraturlisten]({_link(page.file.src_uri, 'litteratur.md', '#ref-' + key)})\n\n</div>\n"
    )
    heading = H1.search(markdown)
    at = heading.end() if heading else 0
    markdown = markdown[:at] + "\n" + reference + markdown[at:]
    used = _used_in(key, page.file.src_uri)
    listing = "\n".join(f"- {link}" for link in used) if used else "Ingen af sitets kapitler henviser endnu til værket."
    section = f"\n\n## Brugt i {{#brugt-i}}\n\nSitets sider, der henviser til værket:\n\n{listing}\n"
    if "\\bibliography" in markdown:
        return markdown.replace("\\bibliography", section.strip() + "\n\n\\bibliography", 1)
    return markdown + section


def _display_file(file: File, config: MkDocsConfig) -> str:
    if not file.abs_src_path:
        return file.src_uri
    return os.path.relpath(file.abs_src_path, Path(config.config_file_path).parent)


@event_priority(50)  # before mkdocs-bibtex replaces the citations
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    markdown = citekeys.prepare(markdown)  # code masked, wrapped citations joined (point 6)
    plugin = _bibtex(config)
    registry = plugin.registry
    assert isinstance(registry, PandocRegistry)
    unknown = citekeys.unknown_keys(markdown, set(registry.bib_data.entries))
    source = Path(page.file.abs_src_path).read_text(encoding="utf-8") if unknown and page.file.abs_src_path else ""
    for key in unknown:
        log.warning(citekeys.message(_display_file(page.file, config), citekeys.lines_citing(source, key), key))
    if FULL_BIBLIOGRAPHY in markdown:
        markdown = markdown.replace(FULL_BIBLIOGRAPHY, _full_bibliography(plugin, page.file.src_uri))
    if ANTHOLOGY_INDEX in markdown:
        markdown = markdown.replace(ANTHOLOGY_INDEX, _anthology_index(page.file.src_uri))
    work = page.meta.get(WORK_KEY)
    if work in _INDEX.work_page and _INDEX.work_page[work] == page.file.src_uri:
        markdown = _anthology_page(markdown, page, work, registry)
    return markdown


@event_priority(50)  # before mkdocs-print-site-plugin copies each page's HTML for the print page
def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    html = citekeys.plain_spans(html)  # pandoc's [sn.dk]{.nocase} in formatted references
    source = page.file.content_string
    for key in citekeys.left_over(html):
        lines = citekeys.lines_citing(source, key)
        where = f"{_display_file(page.file, config)}:{','.join(map(str, lines)) or '?'}"
        log.warning(
            f"{where}: the citation of '@{key}' was not converted and would be published as text; check its brackets"
        )
    for span in citekeys.pandoc_spans(html):
        log.warning(f"{_display_file(page.file, config)}: pandoc markup '{span}' would be published as text")
    return citekeys.unmask_code(html)


def _anthology_index(from_src: str) -> str:
    """The anthology pages by group, one line each: title and description from front matter."""
    sections = []
    for group, heading in GROUPS.items():
        pages = sorted(_INDEX.groups.get(group, []), key=lambda item: sort_key(_INDEX.titles[item[0]]))
        lines = "\n".join(
            f"- [{escape.markdown_inline(_INDEX.titles[src])}]({_link(from_src, src)}) – {escape.markdown_inline(text)}"
            for src, text in pages
        )
        sections.append(f"## {heading} {{#{group}}}\n\n{lines or 'Ingen værker endnu.'}")
    return "\n\n".join(sections)


def _full_bibliography(plugin: BibTexPlugin, from_src: str) -> str:
    """Every entry, formatted by the plugin's pandoc registry, in Danish order, with its links."""
    registry = plugin.registry
    assert isinstance(registry, PandocRegistry)
    keys = list(registry.bib_data.entries)
    registry.validate_citation_blocks([CitationBlock(citations=[Citation(key=k)]) for k in keys])
    formatted = {key: registry.reference_text(Citation(key=key)) for key in keys}
    ordered = sorted(keys, key=lambda k: sort_key(formatted[k].replace("*", "")))
    posts = []
    for key in ordered:
        links = []
        if key in _INDEX.work_page:
            links.append(f"[Om værket]({_link(from_src, _INDEX.work_page[key])})")
        used = _used_in(key, from_src)
        if used:
            links.append("Brugt i " + ", ".join(used))
        extra = f'<br>\n<span class="litteratur-links">{" · ".join(links)}</span>' if links else ""
        # Keys an entry had before (biblatex's `ids` field) keep their published anchors.
        aliases = str(registry.bib_data.entries[key].fields.get("ids", "")).replace(",", " ").split()
        anchors = "".join(f'<span id="ref-{alias}"></span>' for alias in aliases)
        posts.append(f"{anchors}{formatted[key]}{extra}\n{{: #ref-{key} .litteratur-post }}")
    return "\n\n".join(posts)
