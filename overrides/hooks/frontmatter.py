"""Fail the build on bad front matter, with file, line and key.

MkDocs warns only when front matter is not YAML at all, and then renders the
page without it. This hook runs ``scripts.frontmatter`` (the same check as
``make check``) on every page before the build and logs each problem as a
warning, which strict mode turns into a failed build.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

from scripts.frontmatter import check_page

log = logging.getLogger("mkdocs.plugins.frontmatter")


def on_files(files: Files, config: MkDocsConfig) -> Files:
    root = Path(config.config_file_path).parent
    for file in files.documentation_pages():
        shown = os.path.relpath(file.abs_src_path, root) if file.abs_src_path else file.src_uri
        for problem in check_page(file.content_string, file.src_uri, shown):
            log.warning(str(problem))
    return files
