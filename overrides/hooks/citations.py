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
4. Pandoc reads the ``.bib`` files as written. mkdocs-bibtex 4.4.0 hands
   pandoc a copy re-serialised by pybtex, which escapes ``_`` in URLs
   (``gv-1838\\_593``) and doubles backslashes; the hook sets the registry's
   cached ``bib_data_bibtex`` to the original text before the first call.
"""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs_bibtex.citation import Citation, CitationBlock
from mkdocs_bibtex.plugin import BibTexPlugin
from mkdocs_bibtex.registry import PandocRegistry

from scripts.bibcheck import check_dir
from scripts.danish import sort_key

log = logging.getLogger("mkdocs.plugins.citations")

FULL_BIBLIOGRAPHY = "\\full_bibliography"


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
    """Give pandoc the .bib files as written (point 4 of the module docstring)."""
    plugin = _bibtex(config)
    registry = plugin.registry
    assert isinstance(registry, PandocRegistry), "mkdocs-bibtex needs csl_file (pandoc) in mkdocs.yml"
    bib_dir = Path(config.config_file_path).parent / str(plugin.config.bib_dir)
    registry.__dict__["bib_data_bibtex"] = "\n".join(
        path.read_text(encoding="utf-8") for path in sorted(bib_dir.rglob("*.bib"))
    )


def _display_path(page: Page, config: MkDocsConfig) -> str:
    """The page's source file relative to the project, e.g. docs/kapitler/x.md."""
    if not page.file.abs_src_path:
        return page.file.src_uri
    return os.path.relpath(page.file.abs_src_path, Path(config.config_file_path).parent)


def _source_lines(page: Page, needle: str) -> list[int]:
    """Line numbers in the page's Markdown source (front matter included) that contain needle."""
    if not page.file.abs_src_path:
        return []
    text = Path(page.file.abs_src_path).read_text(encoding="utf-8")
    pattern = re.compile(re.escape(needle) + r"(?![\w:-])")
    return [n for n, line in enumerate(text.splitlines(), 1) if pattern.search(line)]


@event_priority(50)  # before mkdocs-bibtex replaces the citations
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    plugin = _bibtex(config)
    registry = plugin.registry
    assert isinstance(registry, PandocRegistry)
    blocks = CitationBlock.from_markdown(markdown)
    unknown = sorted({c.key for block in blocks for c in block.citations} - set(registry.bib_data.entries))
    for key in unknown:
        where = ", ".join(str(n) for n in _source_lines(page, "@" + key)) or "?"
        log.warning(
            f"{_display_path(page, config)}:{where}: unknown citation key '@{key}'; "
            "add the work to bibliography/*.bib or correct the key"
        )
    if FULL_BIBLIOGRAPHY in markdown:
        markdown = markdown.replace(FULL_BIBLIOGRAPHY, _full_bibliography(plugin))
    return markdown


def _full_bibliography(plugin: BibTexPlugin) -> str:
    """Every entry, formatted by the plugin's pandoc registry, in Danish order."""
    registry = plugin.registry
    assert isinstance(registry, PandocRegistry)
    keys = list(registry.bib_data.entries)
    registry.validate_citation_blocks([CitationBlock(citations=[Citation(key=k)]) for k in keys])
    formatted = {key: registry.reference_text(Citation(key=key)) for key in keys}
    ordered = sorted(keys, key=lambda k: sort_key(formatted[k].replace("*", "")))
    return "\n\n".join(f"{formatted[key]}\n{{: #ref-{key} .litteratur-post }}" for key in ordered)
