"""Format every citation of the site in one pandoc call, and keep the result.

What it replaces: mkdocs-bibtex 4.4.0 starts a pandoc process for every page
that has a citation it has not formatted yet (``PandocRegistry.
validate_citation_blocks``), about 0.25 s a page; on a 300-page site that is
most of the build time.

How: before any page is rendered (``on_files``), this hook reads every
citation block of every Markdown page, adds one citation of every entry of
the bibliography, formats them all with the plugin's own
``_process_with_pandoc`` in one call (split over the CPU cores), and fills the
registry's caches, so the plugin finds every citation formatted and starts no
pandoc of its own. Citing every entry in the same call also settles
disambiguation (2011a/2011b, given names for shared surnames) once for the
whole site instead of page by page.

The result is kept in ``.cache/citations/<hash>.json``. The hash covers the
``.bib`` files, the CSL style, pandoc's version, mkdocs-bibtex's version and
this module's format version, so a stale file can never be read; deleting
the folder is always safe. With an unchanged bibliography, a rebuild (``make
serve``, a second CI build) formats only citations it has not seen before.

Remove this hook from mkdocs.yml when upstream batches its pandoc calls; the
site renders the same without it, only slower.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from concurrent.futures import ThreadPoolExecutor
from importlib.metadata import version
from pathlib import Path

import pypandoc
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs_bibtex.citation import Citation, CitationBlock
from mkdocs_bibtex.plugin import BibTexPlugin
from mkdocs_bibtex.registry import PandocRegistry

from scripts import citekeys

log = logging.getLogger("mkdocs.plugins.citation_cache")

FORMAT_VERSION = "1"  # bump when what is stored changes
CACHE_DIR = Path(".cache") / "citations"


def _registry(config: MkDocsConfig) -> tuple[BibTexPlugin, PandocRegistry]:
    plugin = config.plugins["bibtex"]
    assert isinstance(plugin, BibTexPlugin) and isinstance(plugin.registry, PandocRegistry)
    return plugin, plugin.registry


def _fingerprint(config: MkDocsConfig, plugin: BibTexPlugin, registry: PandocRegistry) -> str:
    """Hash of everything the formatted text depends on, besides the citations themselves."""
    root = Path(config.config_file_path).parent
    digest = hashlib.sha256()
    for part in (
        FORMAT_VERSION,
        pypandoc.get_pandoc_version(),
        version("mkdocs-bibtex"),
        registry.bib_data_bibtex,
        (root / str(plugin.config.csl_file)).read_text(encoding="utf-8"),
    ):
        digest.update(part.encode("utf-8") + b"\0")
    return digest.hexdigest()[:32]


def _blocks_of_site(files: Files, keys: list[str]) -> dict[str, CitationBlock]:
    """Every distinct citation block of the site's pages, and one citation per entry."""
    blocks = {str(b): b for b in (CitationBlock(citations=[Citation(key=k)]) for k in keys)}
    for file in files.documentation_pages():
        for block in citekeys.citation_blocks(file.content_string):
            if all(c.key in keys for c in block.citations):  # unknown keys are reported per page
                blocks.setdefault(str(block), block)
    return blocks


def _format(registry: PandocRegistry, blocks: list[CitationBlock], per_entry: list[CitationBlock]) -> tuple[dict, dict]:
    """Format blocks with pandoc, split over the cores; each call also cites every entry."""
    workers = max(1, min(os.cpu_count() or 1, len(blocks) // 200 + 1))
    chunks = [blocks[i::workers] for i in range(workers)]
    inline: dict[str, str] = {}
    reference: dict[str, str] = {}
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for chunk_inline, chunk_reference in pool.map(lambda c: registry._process_with_pandoc(per_entry + c), chunks):
            inline.update(chunk_inline)
            reference.update(chunk_reference)
    return inline, reference


def on_files(files: Files, config: MkDocsConfig) -> Files:
    plugin, registry = _registry(config)
    keys = list(registry.bib_data.entries)
    per_entry = [CitationBlock(citations=[Citation(key=k)]) for k in keys]
    wanted = _blocks_of_site(files, keys)

    cache_file = Path(config.config_file_path).parent / CACHE_DIR / f"{_fingerprint(config, plugin, registry)}.json"
    stored: dict[str, dict[str, str]] = {"inline": {}, "reference": {}}
    if cache_file.is_file():
        stored = json.loads(cache_file.read_text(encoding="utf-8"))
    missing = [block for raw, block in wanted.items() if raw not in stored["inline"]]
    if missing:
        per_entry_raw = {str(b) for b in per_entry}
        inline, reference = _format(registry, [b for b in missing if str(b) not in per_entry_raw], per_entry)
        stored["inline"].update(inline)
        stored["reference"].update(reference)
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache_file.with_suffix(".tmp")
        tmp.write_text(json.dumps(stored, ensure_ascii=False, sort_keys=True), encoding="utf-8")
        tmp.replace(cache_file)  # atomic: a half-written cache is never read
        log.info(f"Formatted {len(missing)} citation blocks with pandoc; cached in {cache_file}")
    registry._inline_cache.update(stored["inline"])
    registry._reference_cache.update(stored["reference"])
    return files
