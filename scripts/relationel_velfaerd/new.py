"""Scaffold a new page from a template and add it to the nav.

Usage:
    python -m relationel_velfaerd new kapitel "Titel"
    python -m relationel_velfaerd new vaerk NØGLE "Titel" --gruppe dansk-debat

``make new-chapter TITLE="…"`` and ``make new-work KEY=… TITLE="…" GRUPPE=…``
call this. A chapter goes to docs/kapitler/, an anthology entry to
docs/antologi/. A chapter's file name is its title in ASCII kebab-case
(æ → ae, ø → oe, å → aa); an entry's is its key split up
(``pedersen-2011-konkurrencestaten``). The page is added at the end of its part of the nav in
mkdocs.yml (Kapitler, or the anthology group), leaving the rest of the file
as written. The new page has an empty ``description``: the front matter check
fails until you write one, so an unfinished page cannot slip through.

Templates: scripts/relationel_velfaerd/templates/kapitel.md and vaerk.md.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from relationel_velfaerd.conventions import ANTHOLOGY, CHAPTERS, ROOT
from relationel_velfaerd.frontmatter import GROUPS, TEMPLATES


def slug(title: str) -> str:
    text = title.lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def add_to_nav(config: str, heading: str, entry: str) -> str:
    """Insert ``- entry`` after the last item under the nav line ``- heading:``."""
    lines = config.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if line.strip() == f"- {heading}:"), None)
    if start is None:
        raise ValueError(f"mkdocs.yml: no nav section '- {heading}:'")
    indent = len(lines[start]) - len(lines[start].lstrip()) + 4
    end = start + 1
    while end < len(lines) and (len(lines[end]) - len(lines[end].lstrip()) >= indent or not lines[end].strip()):
        end += 1
    while not lines[end - 1].strip():
        end -= 1
    lines.insert(end, " " * indent + f"- {entry}\n")
    return "".join(lines)


def work_file_name(key: str) -> str:
    """pedersen2011konkurrencestaten -> pedersen-2011-konkurrencestaten, like the other anthology pages."""
    match = re.fullmatch(r"([a-z]+?)(\d{4}|ua)([a-z]+)", key)
    if not match:
        raise ValueError(f"'{key}' is not a key shaped authorYYYYword; see bibliography/litteratur.bib")
    return "-".join(match.groups())


def scaffold(root: Path, kind: str, title: str, key: str = "", gruppe: str = "") -> Path:
    if kind == "kapitel":
        name, heading = f"{CHAPTERS}{slug(title)}.md", "Kapitler"
    else:
        name, heading = f"{ANTHOLOGY}{work_file_name(key)}.md", GROUPS[gruppe]
    page = root / "docs" / name
    if page.exists():
        raise FileExistsError(f"{page.relative_to(root)} exists already; choose another title")
    text = (TEMPLATES / f"{kind}.md").read_text(encoding="utf-8").format(title=title, key=key, gruppe=gruppe)
    config = root / "mkdocs.yml"
    new_config = add_to_nav(config.read_text(encoding="utf-8"), heading, name)
    page.write_text(text, encoding="utf-8")
    config.write_text(new_config, encoding="utf-8")
    return page


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    kinds = parser.add_subparsers(dest="kind", required=True)
    chapter = kinds.add_parser("kapitel", help="a new chapter in docs/kapitler/")
    chapter.add_argument("title")
    work = kinds.add_parser("vaerk", help="a new anthology entry in docs/antologi/")
    work.add_argument("key", help="the work's key in bibliography/litteratur.bib")
    work.add_argument("title")
    work.add_argument("--gruppe", required=True, choices=sorted(GROUPS))
    options = parser.parse_args(argv)
    if not options.title.strip():
        parser.error('the title is empty; give it in quotes, e.g. TITLE="Tillid i praksis"')
    try:
        page = scaffold(
            options.root,
            options.kind,
            options.title.strip(),
            getattr(options, "key", ""),
            getattr(options, "gruppe", ""),
        )
    except (FileExistsError, ValueError) as problem:
        print(f"new: {problem}", file=sys.stderr)
        return 1
    print(f"Created {page.relative_to(options.root)} and added it to the nav in mkdocs.yml.")
    print("Next: write the description and the text, preview with 'make serve', then run 'make check'.")
    return 0
