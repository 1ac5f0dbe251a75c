"""Unique footnote ids on the printable page (udskriv/), so its links work.

mkdocs-print-site-plugin 2.9 joins every page into one and prefixes each
page's ids with the page's key, and rewrites ``#anchor`` links to match. Its
id pass only sees an element whose tag starts the line, so a citation marker
``<sup id="fnref:key">`` in running text keeps its bare id. Several pages
citing one work then share ``fnref:key`` on the print page, while the back
links already point to ``#page-key-fnref:key``: duplicate ids and dead links.

The same happens to the ids of the Litteratur page's entries (``ref-key``),
which the plugin does not prefix at all while it rewrites links to them.

The hooks run ``prefix_ids`` after the plugin has written the page and, inside
each page's section, it gives the page key as prefix to every footnote id (``fn:…``,
``fnref:…``, ``fnref2:…``) and to every other bare id that a link on the
print page expects with the prefix. It also points links to the home page,
which the plugin turns into ``#.``, at the home page's section (``#index``).

``without_print_assets`` takes the plugin's script and stylesheets out of every other page
(the plugin adds them to all of them): only the print page uses them, and on
a phone the unused script alone blocked the main thread for about 0.3 s in
Lighthouse. Chapters print with the site's own print rules (site.css).

The plugin also writes an inline script and an inline style into the print
page, and renders that page with a Jinja environment of its own, so the page
gets no Content-Security-Policy from overrides/main.html. ``with_policy`` moves the
plugin's script and style, exactly as the plugin wrote them, into
``js/print-site-start.js`` and ``css/print-site-headings.css`` beside the
plugin's own files, gives the page the site's policy (computed
as for every other page, from the plugin's template context) and checks it
like every other page.

Remove these when the plugin fixes them.
"""

from __future__ import annotations

import re
from pathlib import Path

from relationel_velfaerd.glossary import MARK_CLASS

SECTION = re.compile(r'<section class="print-page" id="([^"]+)"')
ID = re.compile(r'\bid="([^"]+)"')
LOCAL_LINK = re.compile(r'href="#([^"]+)"')
FOOTNOTE = re.compile(r"fn(?:ref\d*)?:")
# The tag first, then the whitespace before it (see without_print_assets):
# a pattern that starts with ``\s*`` is retried at every blank of Material's
# deeply indented HTML, which cost 8 ms a page.
PRINT_ASSET = re.compile(
    r'<(?:script src="[^"]*\bjs/print-site\.js"></script>'
    r'|link rel="stylesheet" href="[^"]*\bcss/print-site[\w-]*\.css">)'
)


GLOSSARY_MARK = re.compile(rf'<a\b[^>]*\bclass="{MARK_CLASS}"[^>]*>(.*?)</a>', re.S)


def without_glossary_marks(html: str) -> str:
    """The print page without the glossary's marks: on paper they are underlines that explain nothing."""
    return GLOSSARY_MARK.sub(r"\1", html)


def prefix_ids(html: str) -> str:
    """Prefix the bare ids of each page section with the section's key, where they need it."""
    linked = set(LOCAL_LINK.findall(html))
    parts = SECTION.split(html)  # [before, key1, body1, key2, body2, ...]
    out = [parts[0]]
    for key, body in zip(parts[1::2], parts[2::2], strict=True):

        def rename(match: re.Match[str], key: str = key) -> str:
            bare = match.group(1)
            wanted = f"{key}-{bare}"
            if not bare.startswith(f"{key}-") and (FOOTNOTE.match(bare) or wanted in linked):
                return f'id="{wanted}"'
            return match.group(0)

        out.append(f'<section class="print-page" id="{key}"')
        out.append(ID.sub(rename, body))
    return "".join(out).replace('href="#."', 'href="#index"')


# The script mkdocs-print-site-plugin 2.9 puts before </head>: what it calls on load.
PLUGIN_SCRIPT = re.compile(
    r'\s*<script type="text/javascript">\s*(document\.addEventListener\(\'DOMContentLoaded\', function \(\) \{'
    r"[\w();\s]*\}\))\s*</script>\s*(?=</head>)"
)
START_SCRIPT = "print-site-start.js"  # in the plugin's js/ folder
# The <style> its renderer appends to the pages: rules for numbered headings only.
PLUGIN_STYLE = re.compile(r"<style>(\s*(?:\.print-site-enumerate-headings [^{}<]*\{[^{}<]*\}\s*)*)</style>")
HEADING_STYLES = "print-site-headings.css"  # in the plugin's css/ folder


def with_policy(html: str, policy: str, site: Path) -> str:
    """The print page with the plugin's inline script and style moved to files, and the policy first in its head."""
    match = PLUGIN_SCRIPT.search(html)
    if match:
        (site / "js" / START_SCRIPT).write_text(match.group(1) + "\n", encoding="utf-8")
        html = html[: match.start()] + f'<script src="../js/{START_SCRIPT}"></script>' + html[match.end() :]
    match = PLUGIN_STYLE.search(html)
    if match:
        (site / "css" / HEADING_STYLES).write_text(match.group(1).strip() + "\n", encoding="utf-8")
        html = html[: match.start()] + f'<link rel="stylesheet" href="../css/{HEADING_STYLES}">' + html[match.end() :]
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
    return html.replace("<head>", f"<head>\n    {meta}", 1)


def without_print_assets(html: str) -> str:
    """The page without the print-site plugin's script and stylesheets, and the blanks before them."""
    kept, start = [], 0
    for match in PRINT_ASSET.finditer(html):
        kept.append(html[start : match.start()].rstrip())
        start = match.end()
    kept.append(html[start:])
    return "".join(kept)
