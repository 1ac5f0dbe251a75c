"""Cite this page: a reference, BibTeX, RIS, Highwire meta tags and JSON-LD for every page.

Educators cite chapters and anthology pages and save them in Zotero. No
MkDocs or Material plugin writes citation metadata, so the hooks build a
``Cite`` from the page's front matter (``title``, ``authors``,
``description``), the page's git dates (history.py) and the
site's settings, and hand it to the templates as ``cite``
(overrides/partials/cite-*.html):

- the reference in the site's Danish author-year style, with a copy button;
- the same reference as BibTeX and RIS downloads (data: URLs, no extra files);
- Highwire Press ``citation_*`` meta tags, which Zotero's Embedded Metadata
  translator reads, with one ``citation_reference`` per work the page cites;
- schema.org JSON-LD: a WebPage that is part of the WebSite.

Every value here is untrusted text (front matter, .bib entries): the
templates escape it with Jinja's autoescape, and the downloads and the JSON-LD
escape it for their own syntax (scripts/relationel_velfaerd/escape.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import quote

from markupsafe import Markup

from relationel_velfaerd import citations, danish, escape
from relationel_velfaerd.conventions import ANTHOLOGY, CHAPTERS, HANDOUTS, WHOLE_SITE_HANDOUT

CITABLE = (CHAPTERS, ANTHOLOGY)  # pages that show the "Citér denne side" block


@dataclass
class Cite:
    title: str
    authors: list[str]
    site: str
    publisher: str  # the editors, mkdocs.yml's site_author: the author of a page that names none
    url: str
    site_url: str
    updated: date
    created: date
    description: str
    references: list[str] = field(default_factory=list)
    show_block: bool = False
    # The day the page was read: the build date in the HTML, so a reference is never without one;
    # docs/assets/javascripts/citer.js makes it the reader's own day on copying or downloading.
    accessed: date = field(default_factory=date.today)
    handout: str | None = None  # a chapter's printed handout, pdf/<chapter>.pdf in the built site
    whole_site_handout: str = WHOLE_SITE_HANDOUT
    licence: str = ""  # mkdocs.yml extra.licence
    licence_url: str = ""

    @property
    def year(self) -> int:
        return self.created.year

    @property
    def updated_text(self) -> str:
        return danish.in_words(self.updated)

    @property
    def text(self) -> str:
        """The reference in the site's Danish author-year style, with the day it was read."""
        authors = " og ".join(self.authors)
        return (
            f"{authors}. {self.year}. »{self.title}«. {self.site}. "
            f"Sidst opdateret {self.updated_text}. Hentet {danish.in_words(self.accessed)} fra {self.url}"
        )

    @property
    def key(self) -> str:
        slug = re.sub(r"[^a-z0-9]+", "", self.url.rstrip("/").rsplit("/", 1)[-1].lower())
        return f"relationelvelfaerd{self.year}{slug}"

    @property
    def bibtex(self) -> str:
        authors = " and ".join(escape.bibtex_name(a, organisation=a == self.publisher) for a in self.authors)
        return (
            f"@online{{{self.key},\n"
            f"  author       = {{{authors}}},\n"
            f"  title        = {{{escape.bibtex_value(self.title)}}},\n"
            f"  organization = {{{escape.bibtex_value(self.site)}}},\n"
            f"  date         = {{{self.created.isoformat()}}},\n"
            f"  urldate      = {{{self.accessed.isoformat()}}},\n"
            f"  note         = {{Sidst opdateret {self.updated.isoformat()}}},\n"
            f"  url          = {{{escape.bibtex_url(self.url)}}},\n"
            f"  langid       = {{danish}}\n"
            f"}}\n"
        )

    @property
    def ris(self) -> str:
        # "Family, Given" with no given name: the editors come out as one name (pandoc, Zotero).
        fields = [("TY", "ELEC")] + [("AU", f"{a}," if a == self.publisher else a) for a in self.authors]
        fields += [
            ("TI", self.title),
            ("T2", self.site),
            ("PY", str(self.year)),
            ("DA", self.created.strftime("%Y/%m/%d")),
            ("Y2", self.accessed.strftime("%Y/%m/%d")),
            ("UR", self.url),
            ("AB", self.description),
            ("PB", self.publisher),
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
            "@type": "WebPage",
            "headline": self.title,
            "name": self.title,
            "description": self.description,
            "inLanguage": "da",
            "url": self.url,
            "datePublished": self.created.isoformat(),
            "dateModified": self.updated.isoformat(),
            "author": [self._person_or_org(a) for a in self.authors],
            "publisher": {"@type": "Organization", "name": self.publisher},
            "license": self.licence_url,
            "isPartOf": {"@type": "WebSite", "name": self.site, "url": self.site_url, "inLanguage": "da"},
            "citation": self.references,
        }
        return escape.json_for_script(data)

    @property
    def highwire_authors(self) -> list[str]:
        """``citation_author`` values that Zotero's Embedded Metadata translator splits right.

        It splits a name at its last space ("Redaktionen af Relationel" + "velfærd")
        unless the name holds a comma, which makes it "Family, Given". The
        editors (an organisation) are written "Redaktionen af Relationel velfærd,":
        all family name and no given name, so the name comes out whole
        (tests/zotero_embedded_metadata.py follows the translator's code).
        """
        return [f"{a}," if a == self.publisher else a for a in self.authors]

    def _person_or_org(self, name: str) -> dict[str, str]:
        return {"@type": "Organization" if name == self.publisher else "Person", "name": name}


def handout_path(address: str) -> str:
    """kapitler/metodeskiftet/ -> pdf/metodeskiftet.pdf: where pdf.py prints a chapter's handout."""
    return f"{HANDOUTS}{address.rstrip('/').rsplit('/', 1)[-1]}.pdf"


def text_as_typed(value: object) -> str:
    """Front matter as typed (the hooks HTML-escape it for Material's templates)."""
    return Markup(value).unescape() if isinstance(value, Markup) else str(value)


def plain_reference(markdown: str) -> str:
    """A formatted reference (Markdown) as plain text, for meta tags and JSON-LD."""
    text = re.sub(r"\[([^\]]*)\]\(([^)]*)\)", r"\1", markdown)
    text = re.sub(r"<(https?://[^>]+)>", r"\1", text)
    text = re.sub(r"(?<=\d)--(?=\d)", "–", text)  # pandoc writes page ranges as 93--109
    text = citations.plain_spans(text)
    return re.sub(r"\\(.)|\*", r"\1", text)  # emphasis marks go, escaped characters and URLs stay
