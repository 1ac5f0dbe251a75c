"""The one place that knows mkdocs-bibtex from the inside.

mkdocs-bibtex stays the site's bibliography plugin: it parses the ``.bib``
files (pybtex), replaces ``[@key]`` with pandoc-formatted text and footnotes,
and keeps the formatted text in its registry. The site needs four things its
public configuration does not offer, and this module is where they touch the
plugin's internals; nothing else in the project imports ``mkdocs_bibtex``
beyond the citation parser, ``CitationBlock.from_markdown`` (re-exported here):

1. ``use_source_text``: pandoc gets the ``.bib`` files as written. 4.4.0 hands
   pandoc a copy re-serialised by pybtex, which escapes ``_`` in URLs
   (``gv-1838\\_593``) and doubles backslashes; the adapter sets the registry's
   cached ``bib_data_bibtex`` before the first pandoc call.
2. ``format_blocks`` and ``fill``: every citation of the site formatted in one
   pandoc call (``citation_cache.py``), written into the registry's caches, so
   the plugin starts no pandoc of its own (it would start one a page).
3. ``reference``: an entry's formatted reference, for Litteratur, the
   anthology pages and the citation metadata.
4. ``quiet_unknown_key_warnings``: the plugin's page-less warning about an
   unknown key is dropped, because the hooks report the same key with its
   page and line.
5. ``cite_as``: the text the plugin writes as each footnote's reference; the
   site gives it a token that references.py swaps for HTML made once a build.

``PINNED_VERSION`` is the version these were checked against;
tests/test_bibtex_adapter.py fails when another is installed, naming what to
check again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from importlib.metadata import version
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs_bibtex.citation import Citation, CitationBlock
from mkdocs_bibtex.plugin import BibTexPlugin
from mkdocs_bibtex.registry import PandocRegistry

PINNED_VERSION = "4.4.0"
RECHECK = (
    "PandocRegistry.bib_data_bibtex (a cached_property), PandocRegistry._process_with_pandoc(blocks) -> "
    "(inline, reference), the caches _inline_cache and _reference_cache keyed by str(block) and key, "
    "reference_text(), CitationBlock.from_markdown(), and the plugin's warning texts"
)
PLUGIN_LOGGER = "mkdocs.plugins.mkdocs-bibtex"
PLUGIN_WARNINGS = ("Citing unknown reference key", "Error formatting citation")

__all__ = ["Bibliography", "CitationBlock", "block_for", "parse_blocks", "plugin_version", "quiet_unknown_key_warnings"]


def plugin_version() -> str:
    return version("mkdocs-bibtex")


def parse_blocks(markdown: str) -> list[CitationBlock]:
    """The citation blocks of Markdown, read by the plugin's own parser (no code masking here)."""
    return CitationBlock.from_markdown(markdown)


def block_for(key: str) -> CitationBlock:
    return CitationBlock(citations=[Citation(key=key)])


class _DropKeyWarning(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(PLUGIN_WARNINGS)


def quiet_unknown_key_warnings() -> None:
    logger = logging.getLogger(PLUGIN_LOGGER)
    if not any(isinstance(f, _DropKeyWarning) for f in logger.filters):
        logger.addFilter(_DropKeyWarning())


class Bibliography:
    """The bibtex plugin of one build, as the site uses it."""

    def __init__(self, config: MkDocsConfig) -> None:
        plugin = config.plugins.get("bibtex")
        if not isinstance(plugin, BibTexPlugin):
            raise PluginError("The site needs the 'bibtex' plugin (mkdocs-bibtex) in mkdocs.yml.")
        self.plugin = plugin
        root = Path(config.config_file_path).parent
        self.bib_dir = root / str(plugin.config.bib_dir)
        self.csl_file = root / str(plugin.config.csl_file)
        self._references: dict[str, str] = {}  # key -> pandoc's Markdown, whatever the plugin is given

    @property
    def _registry(self) -> PandocRegistry:
        registry = self.plugin.registry
        if not isinstance(registry, PandocRegistry):  # None before on_config, SimpleRegistry without csl_file
            raise PluginError("The 'bibtex' plugin needs csl_file in mkdocs.yml (the site formats with pandoc).")
        return registry

    @property
    def keys(self) -> list[str]:
        return list(self._registry.bib_data.entries)

    def field(self, key: str, name: str) -> str:
        return str(self._registry.bib_data.entries[key].fields.get(name, ""))

    def source_text(self) -> str:
        """The text pandoc reads: the .bib files as written (point 1)."""
        return self._registry.bib_data_bibtex

    def use_source_text(self) -> None:
        text = "\n".join(path.read_text(encoding="utf-8") for path in sorted(self.bib_dir.rglob("*.bib")))
        self._registry.__dict__["bib_data_bibtex"] = text  # replaces the cached_property's value

    def format_blocks(self, blocks: Iterable[CitationBlock]) -> tuple[dict[str, str], dict[str, str]]:
        """One pandoc call: inline text by str(block), references by key (point 2)."""
        return self._registry._process_with_pandoc(list(blocks))

    def fill(self, inline: dict[str, str], reference: dict[str, str]) -> None:
        self._references.update(reference)
        self._registry._inline_cache.update(inline)
        self._registry._reference_cache.update(reference)

    def references(self) -> dict[str, str]:
        """Key -> reference (Markdown) of every entry filled in."""
        return dict(self._references)

    def cite_as(self, text_of: Callable[[str], str]) -> None:
        """The plugin writes ``text_of(key)`` as each footnote's text instead of the reference (point 5)."""
        self._registry._reference_cache.update({key: text_of(key) for key in self._references})

    def citations_alone(self) -> dict[str, str]:
        """Key -> the entry cited on its own, as pandoc wrote it: "(Allentoft 2017)"."""
        return {key: self._registry._inline_cache.get(str(block_for(key)), "") for key in self._references}

    def reference(self, key: str) -> str:
        """The entry's reference as pandoc formatted it (Markdown), formatting it first if needed."""
        if key in self._references:
            return self._references[key]
        registry = self._registry
        if key not in registry._reference_cache:
            registry.validate_citation_blocks([block_for(key)])
        return registry.reference_text(Citation(key=key))
