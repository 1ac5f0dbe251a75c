"""What the search index leaves out of a page: the notes under Kilder and Begreber's "Bruges på" lines.

Both repeat what readers find in its own place: a work by its entry in
Litteratur and its anthology page, a page by its own text. Indexed, they made
a search for an author list every chapter's Kilder, with "↩↩" as the text
shown, and a page's title find every glossary entry that uses it.

Material's search plugin reads ``page.content`` in its ``on_page_context``.
The hooks hold these parts back just before it (``hold_back``: each becomes an
HTML comment, which the plugin's parser skips) and put them back just after
(``put_back``), so the published page keeps them, byte for byte. Material's
own ``data-search-exclude`` attribute would keep them out of the index too,
but its parser would still read them: held back, they also take about 40 % off
the search plugin's share of a build.
"""

from __future__ import annotations

import re

from relationel_velfaerd.glossary import USAGE_CLASS

# Python-Markdown's notes, and the usage lines glossary.with_usage writes.
HELD_BACK = re.compile(rf'<div class="footnote">.*?</ol>\s*</div>|<p class="{USAGE_CLASS}">.*?</p>', re.S)
MARK = "<!-- relationel-velfaerd: not indexed {} -->"


def hold_back(html: str) -> tuple[str, list[str]]:
    """The page without the parts the index leaves out (a mark in the place of each), and those parts."""
    held: list[str] = []

    def mark(match: re.Match[str]) -> str:
        held.append(match.group())
        return MARK.format(len(held) - 1)

    return HELD_BACK.sub(mark, html), held


def put_back(html: str, held: list[str]) -> str:
    """The page with each held-back part where its mark is."""
    for n, part in enumerate(held):
        html = html.replace(MARK.format(n), part, 1)
    return html
