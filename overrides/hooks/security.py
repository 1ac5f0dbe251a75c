"""Content-Security-Policy for every page, and a build that fails on script it would block.

No MkDocs or Material plugin writes a CSP, so this hook:

1. gives the templates ``content_security_policy()`` (overrides/main.html
   prints it first in every page's head): the policy of ``scripts.csp``
   with the hashes of the inline scripts in ``scripts.csp.TEMPLATE_SCRIPTS``,
   rendered with the page's own template context, so a hash always matches
   what the page's templates emit and nothing else;
2. checks every built page (and the 404 page) with ``scripts.csp.problems``
   and logs each problem as a warning naming the page's source file, so a
   ``<script>``, an ``onerror=`` or a ``javascript:`` link typed into a page
   fails the strict build instead of being published (where the policy would
   block it anyway).

The print page is rendered by mkdocs-print-site-plugin after every page
event, with a Jinja environment of its own (without this global);
hooks/print_page.py moves the plugin's inline script into a file, adds the
policy and checks that page the same way.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from jinja2 import Environment, pass_context
from jinja2.runtime import Context
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from scripts import csp

log = logging.getLogger("mkdocs.plugins.security")

_serving = False  # set by on_startup: `mkdocs serve` injects an inline live-reload script


def on_startup(command: str, dirty: bool) -> None:
    global _serving
    _serving = command == "serve"


@pass_context
def _content_security_policy(context: Context) -> Markup:
    policy = csp.template_policy(context.environment, context.get_all(), serving=_serving)
    return Markup(policy)  # a policy holds no '"', '<' or '&'


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    env.globals["content_security_policy"] = _content_security_policy
    return env


def check(html: str, where: str) -> None:
    """Log a warning (a failed strict build) for each problem ``scripts.csp`` finds."""
    for problem in csp.problems(html):
        log.warning(f"{where}: {problem}")


def _source(page: Page, config: MkDocsConfig) -> str:
    if not page.file.abs_src_path:
        return page.file.src_uri
    return os.path.relpath(page.file.abs_src_path, Path(config.config_file_path).parent)


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    plugin = config.plugins.get("print-site")
    if plugin is None or page.file.src_uri != plugin.print_page.file.src_uri:  # type: ignore[attr-defined]
        check(output, _source(page, config))
    return output


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    if template_name.endswith(".html"):
        check(output_content, f"overrides/{template_name}")
    return output_content
