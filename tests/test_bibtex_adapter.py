"""The one module that knows mkdocs-bibtex's internals was checked against one version of it."""

from __future__ import annotations

from relationel_velfaerd import bibtex_adapter


def test_mkdocs_bibtex_is_the_version_the_adapter_was_checked_against() -> None:
    installed = bibtex_adapter.plugin_version()
    assert installed == bibtex_adapter.PINNED_VERSION, (
        f"mkdocs-bibtex is {installed}, but scripts/relationel_velfaerd/bibtex_adapter.py was checked against "
        f"{bibtex_adapter.PINNED_VERSION}. Re-check what the adapter uses: {bibtex_adapter.RECHECK}; "
        "then build the site, run the tests and set PINNED_VERSION."
    )


def test_the_adapter_parses_citations_with_the_plugin() -> None:
    blocks = bibtex_adapter.parse_blocks("Tekst [@pedersen2011konkurrencestaten, s. 12; @cottam2018radical].")
    assert [[c.key for c in b.citations] for b in blocks] == [["pedersen2011konkurrencestaten", "cottam2018radical"]]
