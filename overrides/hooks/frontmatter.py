"""Front matter: fail the build on bad front matter, and escape what templates print.

MkDocs warns only when front matter is not YAML at all, and then renders the
page without it. This hook runs ``scripts.frontmatter`` (the same check as
``make check``) on every page before the build and logs each problem as a
warning, which strict mode turns into a failed build. A page that is not
UTF-8 stops the build at once, with its file and line (scripts/textfile.py).

Material's templates print ``page.meta.title``, ``page.meta.description`` and
the nav titles into HTML unescaped (MkDocs' Jinja does not autoescape), so a
title with ``"`` or ``<`` would break the page or inject markup. Before any
page is rendered, the hook HTML-escapes the printed keys
(``scripts.frontmatter.escape_for_templates``).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from scripts import textfile
from scripts.frontmatter import check_page, escape_for_templates

log = logging.getLogger("mkdocs.plugins.frontmatter")


def on_files(files: Files, config: MkDocsConfig) -> Files:
    root = Path(config.config_file_path).parent
    unreadable = []
    for file in files.documentation_pages():
        shown = os.path.relpath(file.abs_src_path, root) if file.abs_src_path else file.src_uri
        try:
            text = textfile.decode(file.content_bytes, shown)
        except textfile.NotUtf8 as err:  # MkDocs would stop later with a traceback naming no file
            unreadable.append(str(err))
            continue
        for problem in check_page(text, file.src_uri, shown):
            log.warning(str(problem))
    if unreadable:
        raise PluginError("\n".join(unreadable))
    return files


@event_priority(-100)  # after every other hook has read the front matter as typed
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    escape_for_templates(page.meta)
    return markdown
