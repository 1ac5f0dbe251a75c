"""Give Material's search dialog an accessible name.

axe reports ``aria-dialog-name`` (serious) on every page of a default
Material site: ``<div class="md-search" role="dialog">`` has no name for
screen readers to announce. The element sits in ``partials/search.html``,
which has no block to extend, and copying the partial to ``overrides/``
would fork it from Material's updates; so this hook adds the one attribute
to the rendered page.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
NAMED_DIALOG = '<div class="md-search" data-md-component="search" role="dialog" aria-label="Søg på sitet">'


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """Every page made from Markdown."""
    return output.replace(SEARCH_DIALOG, NAMED_DIALOG, 1)


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    """The 404 page is a static template, not a page."""
    return output_content.replace(SEARCH_DIALOG, NAMED_DIALOG, 1)
