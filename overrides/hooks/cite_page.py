"""Cite this page: a reference, BibTeX, RIS, Highwire meta tags and JSON-LD for every page.

Educators cite chapters and anthology pages and save them in Zotero. No
MkDocs or Material plugin writes citation metadata, so this hook builds it
from the page's front matter (``title``, ``authors``, ``description``), the
git dates of mkdocs-git-revision-date-localized and the site's settings, and
hands it to the templates as ``cite`` (overrides/partials/cite-*.html):

- the reference in the site's Danish author-year style, with a copy button;
- the same reference as BibTeX and RIS downloads (data: URLs, no extra files);
- Highwire Press ``citation_*`` meta tags, which Zotero's Embedded Metadata
  translator reads, with one ``citation_reference`` per work the page cites;
- schema.org JSON-LD: a ScholarlyArticle that is part of the site (a Book).

Every value here is untrusted text (front matter, .bib entries): the
templates escape it with Jinja's autoescape, and the downloads and the JSON-LD
escape it for their own syntax (scripts/escape.py).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import quote

from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext
from mkdocs_bibtex.citation import Citation

from scripts import citekeys, escape

CITABLE = ("kapitler/", "antologi/")  # pages that show the "Citér denne side" block
DEFAULT_AUTHOR = "Redaktionen af Relationel velfærd"
PUBLISHER = "Redaktionen af Relationel velfærd"
DANISH_MONTHS = [
    "januar", "februar", "marts", "april", "maj", "juni",
    "juli", "august", "september", "oktober", "november", "december",
]  # fmt: skip


@dataclass
class Cite:
    title: str
    authors: list[str]
    site: str
    url: str
    updated: date
    created: date
    description: str
    references: list[str] = field(default_factory=list)
    show_block: bool = False

    @property
    def year(self) -> int:
        return self.created.year

    @property
    def updated_text(self) -> str:
        return f"{self.updated.day}. {DANISH_MONTHS[self.updated.month - 1]} {self.updated.year}"

    @property
    def text(self) -> str:
        """The reference in the site's Danish author-year style; the reader adds the date read."""
        authors = " og ".join(self.authors)
        return (
            f"{authors}. {self.year}. »{self.title}«. {self.site}. "
            f"Sidst opdateret {self.updated_text}. Hentet [dato] fra {self.url}"
        )

    @property
    def key(self) -> str:
        slug = re.sub(r"[^a-z0-9]+", "", self.url.rstrip("/").rsplit("/", 1)[-1].lower())
        return f"relationelvelfaerd{self.year}{slug}"

    @property
    def bibtex(self) -> str:
        authors = " and ".join(escape.bibtex_name(a, organisation=a == DEFAULT_AUTHOR) for a in self.authors)
        return (
            f"@online{{{self.key},\n"
            f"  author       = {{{authors}}},\n"
            f"  title        = {{{escape.bibtex_value(self.title)}}},\n"
            f"  organization = {{{escape.bibtex_value(self.site)}}},\n"
            f"  date         = {{{self.created.isoformat()}}},\n"
            f"  urldate      = {{}},\n"
            f"  note         = {{Sidst opdateret {self.updated.isoformat()}}},\n"
            f"  url          = {{{escape.bibtex_url(self.url)}}},\n"
            f"  langid       = {{danish}}\n"
            f"}}\n"
        )

    @property
    def ris(self) -> str:
        fields = [("TY", "ELEC")] + [("AU", a) for a in self.authors]
        fields += [
            ("TI", self.title),
            ("T2", self.site),
            ("PY", str(self.year)),
            ("DA", self.created.strftime("%Y/%m/%d")),
            ("UR", self.url),
            ("AB", self.description),
            ("PB", PUBLISHER),
            ("LA", "da"),
        ]
        lines = [f"{tag}  - {escape.ris_value(value)}" for tag, value in fields] + ["ER  - "]
        return "\r\n".join(lines) + "\r\n"

    @property
    def bibtex_href(self) -> str:
        return "data:application/x-bibtex;charset=utf-8," + quote(self.bibtex)

    @property
    def ris_href(self) -> str:
        return "data:application/x-research-info-systems;charset=utf-8," + quote(self.ris)

    @property
    def json_ld(self) -> Markup:
        data = {
            "@context": "https://schema.org",
            "@type": "ScholarlyArticle",
            "headline": self.title,
            "name": self.title,
            "description": self.description,
            "inLanguage": "da",
            "url": self.url,
            "datePublished": self.created.isoformat(),
            "dateModified": self.updated.isoformat(),
            "author": [_person_or_org(a) for a in self.authors],
            "publisher": {"@type": "Organization", "name": PUBLISHER},
            "license": "https://creativecommons.org/licenses/by/4.0/",
            "isPartOf": {"@type": "Book", "name": self.site, "inLanguage": "da"},
            "citation": self.references,
        }
        return escape.json_for_script(data)


class _SameSecondFallback(logging.Filter):
    """Demote the git-date plugin's "First revision ... older" warning to INFO.

    For a page without git history (a new, uncommitted page, or a copy of the
    project outside git) mkdocs-git-revision-date-localized 1.6.3 takes both
    dates from two separate ``time.time()`` calls, truncated to seconds. When a
    second ticks between them, it warns and, under ``strict``, fails the build
    at random (seen in CI). The plugin already recovers by using the later
    date, so the message is information, not a problem in the docs.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno == logging.WARNING and "First revision timestamp is older" in record.getMessage():
            record.levelno, record.levelname = logging.INFO, "INFO"
        return True


GIT_DATE_LOGGER = "mkdocs.plugins.mkdocs_git_revision_date_localized_plugin.plugin"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    git_logger = logging.getLogger(GIT_DATE_LOGGER)
    if not any(isinstance(f, _SameSecondFallback) for f in git_logger.filters):
        git_logger.addFilter(_SameSecondFallback())
    return config


def _person_or_org(name: str) -> dict[str, str]:
    kind = "Organization" if name == DEFAULT_AUTHOR else "Person"
    return {"@type": kind, "name": name}


def _text(value: object) -> str:
    """Front matter as typed (hooks/frontmatter.py HTML-escapes it for Material's templates)."""
    return Markup(value).unescape() if isinstance(value, Markup) else str(value)


def _date(meta: dict, key: str, fallback: date) -> date:
    raw = meta.get(key)
    try:
        return date.fromisoformat(str(raw)[:10]) if raw else fallback
    except ValueError:
        return fallback


def _plain(markdown: str) -> str:
    text = re.sub(r"\[([^\]]*)\]\(([^)]*)\)", r"\1", markdown)
    text = re.sub(r"<(https?://[^>]+)>", r"\1", text)
    text = re.sub(r"(?<=\d)--(?=\d)", "–", text)  # pandoc writes page ranges as 93--109
    text = citekeys.plain_spans(text)
    return re.sub(r"\\(.)|\*", r"\1", text)  # emphasis marks go, escaped characters and URLs stay


def _references(page: Page, config: MkDocsConfig) -> list[str]:
    """The plain-text reference of every work the page cites, in order of first citation.

    Empty without the bibtex plugin, as in the build benchmark's site without citations.
    """
    plugin = config.plugins.get("bibtex")
    if plugin is None:
        return []
    registry = plugin.registry  # type: ignore[attr-defined]
    keys: list[str] = []
    for block in citekeys.citation_blocks(page.file.content_string):
        keys += [c.key for c in block.citations if c.key in registry.bib_data.entries and c.key not in keys]
    work = page.meta.get("vaerk")
    if work and work in registry.bib_data.entries and work not in keys:
        keys.insert(0, work)
    return [_plain(registry.reference_text(Citation(key=k))) for k in keys]


def on_page_context(context: TemplateContext, page: Page, config: MkDocsConfig, nav: Navigation) -> TemplateContext:
    if page.is_homepage or not page.canonical_url or page.file.src_uri == "404.md":
        return context
    meta = page.meta
    today = date.today()
    authors = meta.get("authors") or [DEFAULT_AUTHOR]
    references = _references(page, config)
    context["cite"] = Cite(
        title=_text(meta.get("title") or page.title or config.site_name),
        authors=[_text(a) for a in authors],
        site=config.site_name,
        url=page.canonical_url,
        updated=_date(meta, "git_revision_date_localized_raw_iso_date", today),
        created=_date(meta, "git_creation_date_localized_raw_iso_date", today),
        description=_text(meta.get("description") or config.site_description or ""),
        references=references,
        show_block=page.file.src_uri.startswith(CITABLE),
    )
    return context
