"""The site index: one pass over docs/, read once and shared by every step of the build.

For each Markdown page it keeps the front matter (and its problems, from the
schema in frontmatter.py), the title, the citation blocks and the keys they
cite (outside code, as mkdocs-bibtex reads them), and the anthology work it
presents. From those it answers the questions that need the whole site: which
pages cite a work, which page presents it, which works a group holds, and which
pages use a glossary term.

Plain data in, plain data out: ``SiteIndex.read`` takes (path inside docs/,
path as shown to the contributor, text) triples, so the unit tests build an
index without MkDocs.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from relationel_velfaerd import citations, frontmatter, glossary
from relationel_velfaerd.bibtex_adapter import CitationBlock
from relationel_velfaerd.conventions import ANTHOLOGY, GLOSSARY_PAGE, GROUP_KEY, LITERATURE_PAGE, WORK_KEY

H1 = re.compile(r"^# (.*)$", re.M)
FRONT = frontmatter.FRONT


@dataclass
class PageInfo:
    src_uri: str  # path inside docs/, as MkDocs names it
    shown: str  # the path a contributor opens, e.g. docs/kapitler/x.md
    text: str  # the whole file
    meta: dict[str, object]
    problems: list[frontmatter.Problem]
    blocks: list[CitationBlock]

    @property
    def body(self) -> str:
        return FRONT.sub("", self.text, count=1)

    @property
    def title(self) -> str:
        if self.meta.get("title"):
            return str(self.meta["title"])
        heading = H1.search(self.body)
        return heading.group(1) if heading else self.src_uri

    keys: list[str] = field(init=False)  # the keys the page cites, in order of first citation

    def __post_init__(self) -> None:
        self.keys = list(dict.fromkeys(c.key for block in self.blocks for c in block.citations))

    @property
    def work(self) -> str | None:
        value = self.meta.get(WORK_KEY)
        return str(value) if value is not None else None

    @property
    def is_reading(self) -> bool:
        """A page that counts as using a work: not the anthology, not Litteratur."""
        return not self.src_uri.startswith(ANTHOLOGY) and self.src_uri != LITERATURE_PAGE


@dataclass
class SiteIndex:
    pages: dict[str, PageInfo] = field(default_factory=dict)  # src_uri -> page, in nav order once ordered
    terms: list[glossary.Term] = field(default_factory=list)
    glossary_problems: list[str] = field(default_factory=list)

    @classmethod
    def read(cls, sources: Iterable[tuple[str, str, str]]) -> SiteIndex:
        index = cls()
        for src_uri, shown, text in sources:
            meta, problems = frontmatter.read_page(text, src_uri, shown)
            blocks = citations.citation_blocks(FRONT.sub("", text, count=1))
            index.pages[src_uri] = PageInfo(src_uri, shown, text, meta, problems, blocks)
        page = index.pages.get(GLOSSARY_PAGE)
        if page is not None:
            index.terms, index.glossary_problems = glossary.read_terms(page.text, page.shown)
        return index

    def order(self, src_uris: Iterable[str]) -> None:
        """Put the pages in this order (the nav's); pages not named keep their place after them."""
        named = [s for s in src_uris if s in self.pages]
        rest = [s for s in self.pages if s not in set(named)]
        self.pages = {s: self.pages[s] for s in named + rest}

    def cited_by(self, key: str) -> list[PageInfo]:
        """The reading pages that cite ``key``, in page order."""
        return [p for p in self.pages.values() if p.is_reading and key in p.keys]

    def work_pages(self, known: set[str]) -> tuple[dict[str, PageInfo], list[str]]:
        """Key -> the anthology page presenting it, and a problem for each unknown or doubled work."""
        out: dict[str, PageInfo] = {}
        problems: list[str] = []
        for page in self.pages.values():
            work = page.work
            if work is None:
                continue
            if work not in known:
                problems.append(
                    citations.unknown_work(page.text, page.shown, known)
                    or f"{page.shown}: front matter '{WORK_KEY}: {work}' is not a key in bibliography/*.bib"
                )
            elif work in out:
                problems.append(f"{page.shown}: '{work}' already has an anthology page, {out[work].shown}")
            else:
                out[work] = page
        return out, problems

    def groups(self, known: set[str]) -> dict[str, list[PageInfo]]:
        """Anthology group -> its pages."""
        out: dict[str, list[PageInfo]] = defaultdict(list)
        for page in self.work_pages(known)[0].values():
            out[str(page.meta.get(GROUP_KEY))].append(page)
        return out

    def term_uses(self) -> dict[str, list[tuple[str, str]]]:
        """Term id -> (src_uri, title) of every other page using the term, in page order."""
        out: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for page in self.pages.values():
            if page.src_uri == GLOSSARY_PAGE:
                continue
            for term_id in sorted(glossary.uses(page.body, self.terms)):
                out[term_id].append((page.src_uri, page.title))
        return out

    def citation_blocks(self) -> list[CitationBlock]:
        """Every citation block of the site, once."""
        return list({str(b): b for page in self.pages.values() for b in page.blocks}.values())
