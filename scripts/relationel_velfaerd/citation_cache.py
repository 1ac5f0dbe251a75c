"""Format every citation of the site in one pandoc call, and keep the result.

What it replaces: mkdocs-bibtex 4.4.0 starts a pandoc process for every page
that has a citation it has not formatted yet, about 0.25 s a page; on a
300-page site that is most of the build time.

How: before any page is rendered, the hooks hand this module every citation
block of the site (from the site index) plus one citation of every entry of
the bibliography; it formats those not yet in the cache in one pandoc call
(split over the CPU cores) through the adapter, and the adapter fills the
plugin's caches, so the plugin starts no pandoc of its own. Citing every entry
in the same call also settles disambiguation (2011a/2011b, given names for
shared surnames) once for the whole site instead of page by page.

The result is kept in ``.cache/citations/<hash>.json``. The hash covers the
``.bib`` text pandoc reads, the CSL style, pandoc's version, mkdocs-bibtex's
version and this module's format version, so a stale file can never be read;
deleting the folder is always safe.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pypandoc

from relationel_velfaerd.bibtex_adapter import Bibliography, CitationBlock, block_for, plugin_version

log = logging.getLogger("mkdocs.plugins.citation_cache")

FORMAT_VERSION = "1"  # bump when what is stored changes
CACHE_DIR = Path(".cache") / "citations"


def fingerprint(bib: Bibliography) -> str:
    """Hash of everything the formatted text depends on, besides the citations themselves."""
    digest = hashlib.sha256()
    for part in (
        FORMAT_VERSION,
        pypandoc.get_pandoc_version(),
        plugin_version(),
        bib.source_text(),
        bib.csl_file.read_text(encoding="utf-8"),
    ):
        digest.update(part.encode("utf-8") + b"\0")
    return digest.hexdigest()[:32]


def _format(bib: Bibliography, blocks: list[CitationBlock], per_entry: list[CitationBlock]) -> tuple[dict, dict]:
    """Format blocks with pandoc, split over the cores; each call also cites every entry."""
    workers = max(1, min(os.cpu_count() or 1, len(blocks) // 200 + 1))
    chunks = [blocks[i::workers] for i in range(workers)]
    inline: dict[str, str] = {}
    reference: dict[str, str] = {}
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for chunk_inline, chunk_reference in pool.map(lambda c: bib.format_blocks(per_entry + c), chunks):
            inline.update(chunk_inline)
            reference.update(chunk_reference)
    return inline, reference


def preformat(bib: Bibliography, site_blocks: list[CitationBlock], project: Path) -> None:
    """Make sure every block of the site (with known keys only) and every entry is formatted, from the cache."""
    keys = bib.keys
    known = set(keys)
    per_entry = [block_for(k) for k in keys]
    wanted = {str(b): b for b in per_entry}
    for block in site_blocks:
        if all(c.key in known for c in block.citations):  # unknown keys are reported per page
            wanted.setdefault(str(block), block)
    cache_file = project / CACHE_DIR / f"{fingerprint(bib)}.json"
    stored: dict[str, dict[str, str]] = {"inline": {}, "reference": {}}
    if cache_file.is_file():
        stored = json.loads(cache_file.read_text(encoding="utf-8"))
    missing = [block for raw, block in wanted.items() if raw not in stored["inline"]]
    if missing:
        per_entry_raw = {str(b) for b in per_entry}
        inline, reference = _format(bib, [b for b in missing if str(b) not in per_entry_raw], per_entry)
        stored["inline"].update(inline)
        stored["reference"].update(reference)
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache_file.with_suffix(".tmp")
        tmp.write_text(json.dumps(stored, ensure_ascii=False, sort_keys=True), encoding="utf-8")
        tmp.replace(cache_file)  # atomic: a half-written cache is never read
        log.info(f"Formatted {len(missing)} citation blocks with pandoc; cached in {cache_file}")
    bib.fill(stored["inline"], stored["reference"])
