"""The site's conventions, each named once: where things are and what pages are called.

Everything else in the package, the MkDocs hooks and the tests read these
names instead of repeating the strings. The site's author (the editors) is
``site_author`` in mkdocs.yml; code that needs it reads the config.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # the project: mkdocs.yml, docs/, bibliography/ ...
DOCS = ROOT / "docs"
BIBLIOGRAPHY = ROOT / "bibliography"
URL_MANIFEST = ROOT / "tests" / "data" / "urls.txt"  # every published address that must keep working

CHAPTERS = "kapitler/"  # folders of docs/, as MkDocs' src_uri prefixes
ANTHOLOGY = "antologi/"
ANTHOLOGY_INDEX_PAGE = "antologi/index.md"
GLOSSARY_PAGE = "begreber.md"
LITERATURE_PAGE = "litteratur.md"
NOT_FOUND_PAGE = "404.md"

WORK_KEY = "vaerk"  # front matter of an anthology page: the BibTeX key of the work it presents
GROUP_KEY = "gruppe"  # front matter of an anthology page: its group (frontmatter.GROUPS)
CHANGES_KEY = "aendringer"  # front matter of any page: its substantive changes (changes.py)
CHANGES_PAGE = "aendringer.md"
HANDOUTS = "pdf/"  # in the built site: the printed handouts (pdf.py --handouts, make handouts)
WHOLE_SITE_HANDOUT = HANDOUTS + "relationel-velfaerd.pdf"

FULL_BIBLIOGRAPHY = "\\full_bibliography"  # placeholder in litteratur.md: every entry, Danish order
ANTHOLOGY_LIST = "\\antologi_oversigt"  # placeholder in antologi/index.md: the works by group
GLOSSARY_INDEX = "\\begreber_register"  # placeholder in begreber.md: A–Å, each letter linking its first term
CHANGES_LIST = "\\aendringsliste"  # placeholder in aendringer.md: every page's changes, newest first
