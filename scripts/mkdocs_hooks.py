"""The MkDocs glue of Relationel velfærd: every event the site uses, in the order MkDocs calls them.

The site's logic lives in the package ``relationel_velfaerd`` as plain
functions over plain data; this module only connects it to MkDocs, reading
top to bottom as a build runs. Where an event must run before or after a
plugin's, its ``event_priority`` says so (plugins run at priority 0 in
mkdocs.yml order; higher runs earlier).

What one build keeps between events is one ``Build`` object, made afresh by
``on_config`` (``mkdocs serve`` calls it again on every rebuild).

Serving (``make serve``) skips the checks of the built HTML (the CSP check),
which a strict ``make build`` and CI always run; mkdocs.yml switches the slow
plugins off there too (FULL_BUILD).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from jinja2 import Environment, pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, TableOfContents
from mkdocs.utils import get_relative_url
from mkdocs.utils.templates import TemplateContext

from relationel_velfaerd import (
    bibliography_export,
    changes,
    citation_cache,
    citations,
    csp,
    danish,
    frontmatter,
    glossary,
    history,
    logfilters,
    print_page,
    reading_time,
    references,
    search_scope,
    textfile,
)
from relationel_velfaerd.bibliography import Entry, read_dir
from relationel_velfaerd.bibtex_adapter import Bibliography, quiet_unknown_key_warnings
from relationel_velfaerd.citation_metadata import CITABLE, Cite, handout_path, plain_reference, text_as_typed
from relationel_velfaerd.conventions import (
    ANTHOLOGY_LIST,
    CHANGES_LIST,
    CHANGES_PAGE,
    CHAPTERS,
    FULL_BIBLIOGRAPHY,
    GLOSSARY_INDEX,
    GLOSSARY_PAGE,
    NOT_FOUND_PAGE,
)
from relationel_velfaerd.site_index import PageInfo, SiteIndex

log = logging.getLogger("mkdocs.plugins.relationel_velfaerd")
GLOSSARY_EXTENSION = "relationel_velfaerd.glossary"


@dataclass
class Build:
    root: Path  # the project: where mkdocs.yml is
    bib: Bibliography | None  # None without the bibtex plugin (the build benchmark's plain-footnote site)
    entries: list[Entry] = field(default_factory=list)  # the .bib entries as the check read them (on_config)
    index: SiteIndex = field(default_factory=SiteIndex)
    known: set[str] = field(default_factory=set)  # the bibliography's keys
    work_pages: dict[str, PageInfo] = field(default_factory=dict)  # key -> its anthology page (on_nav)
    dates: dict[str, history.Dates] = field(default_factory=dict)  # src_uri -> created, updated (git)
    changes_url: str | None = None  # the Ændringer page's URL, when the site has one
    word_counts: dict[str, int] = field(default_factory=dict)  # src_uri -> words read (reading_time.py)
    glossary_url: str | None = None  # the Begreber page's URL, when the site has one
    term_previews: dict[str, str] = field(default_factory=dict)  # src_uri -> the definitions its marks preview
    reference_html: dict[str, str] = field(default_factory=dict)  # key -> its reference as HTML (references.py)
    short_citations: dict[str, str] = field(default_factory=dict)  # key -> "Allentoft 2017" (citations.one_marker)
    held_back: list[str] = field(default_factory=list)  # the page's parts the search index leaves out
    # The Markdown extensions (and their options) the references are made HTML with.
    markdown: tuple[list[str], dict[str, object]] = field(default_factory=lambda: ([], {}))


_serving = False
_build: Build | None = None


def _current() -> Build:
    if _build is None:  # pragma: no cover - MkDocs always calls on_config first
        raise PluginError("relationel_velfaerd hooks: on_config did not run")
    return _build


def _shown(file: File, root: Path) -> str:
    return os.path.relpath(file.abs_src_path, root) if file.abs_src_path else file.src_uri


# --- 1. start and configuration -------------------------------------------------


def on_startup(command: str, dirty: bool) -> None:
    global _serving
    _serving = command == "serve"


@event_priority(100)  # before mkdocs-bibtex parses the .bib files in its on_config
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Check the bibliography (a malformed .bib fails here, with file and line), and set up logging."""
    global _build
    root = Path(config.config_file_path).parent
    bib = Bibliography(config) if "bibtex" in config.plugins else None
    entries, problems = read_dir(bib.bib_dir) if bib else ([], [])
    if problems:
        lines = "\n".join(f"  {p.display(root)}" for p in problems)
        raise PluginError(f"The bibliography has {len(problems)} problem(s):\n{lines}")
    _build = Build(root=root, bib=bib, entries=entries)
    glossary_config = config.mdx_configs.get(GLOSSARY_EXTENSION)
    if glossary_config is not None:  # the extension's path is relative to the project, wherever mkdocs runs
        glossary_config["source"] = str(root / str(glossary_config.get("source", "docs/" + GLOSSARY_PAGE)))
    quiet_unknown_key_warnings()
    logfilters.install(Path(config.docs_dir), root)
    return config


# --- 2. the files: one index of the whole site ----------------------------------


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Read every page once (front matter, citations, glossary), report its problems, format all citations."""
    build = _current()
    build.dates = history.page_dates(build.root, os.path.relpath(config.docs_dir, build.root))
    # The edition of the whole site (the print cover, overrides/print-cover.html): its newest page update.
    edition = max((d.updated for d in build.dates.values()), default=date.today())
    config.extra["edition"] = {"date": edition.isoformat(), "text": danish.in_words(edition), "year": edition.year}
    if build.bib:
        build.bib.use_source_text()
        build.known = set(build.bib.keys)
    sources, unreadable = [], []
    for file in files.documentation_pages():
        shown = _shown(file, build.root)
        try:
            sources.append((file.src_uri, shown, textfile.decode(file.content_bytes, shown)))
        except textfile.NotUtf8 as err:  # MkDocs would stop later with a traceback naming no file
            unreadable.append(str(err))
    build.index = SiteIndex.read(sources)
    build.word_counts = {p.src_uri: reading_time.words(p.text) for p in build.index.pages.values()}
    changes_file = files.get_file_from_path(CHANGES_PAGE)
    build.changes_url = changes_file.url if changes_file else None
    glossary_file = files.get_file_from_path(GLOSSARY_PAGE)
    build.glossary_url = glossary_file.url if glossary_file else None
    for page in build.index.pages.values():
        for problem in page.problems:
            log.warning(str(problem))
        for key in citations.unknown_keys_of(page.blocks, build.known):
            log.warning(citations.message(page.shown, citations.lines_citing(page.text, key), key))
    if unreadable:  # after the other pages' problems, so one run shows them all
        raise PluginError("\n".join(unreadable))
    for problem in build.index.glossary_problems:
        log.warning(problem)
    if build.bib:
        citation_cache.preformat(build.bib, build.index.citation_blocks(), build.root)
        build.short_citations = {k: citations.short_citation(t) for k, t in build.bib.citations_alone().items()}
        # The site's Markdown extensions but its own two, for the references as HTML.
        others = [e for e in config.markdown_extensions if e not in (references.NAME, GLOSSARY_EXTENSION)]
        build.markdown = (others, {name: config.mdx_configs[name] for name in others if name in config.mdx_configs})
        if references.NAME in config.markdown_extensions:  # each reference made HTML once, not once a page
            cache = build.root / references.CACHE_DIR
            build.reference_html = references.to_html(build.bib.references(), *build.markdown, cache=cache)
            config.mdx_configs[references.NAME] = {"html": build.reference_html}
            build.bib.cite_as(references.token)
        # The whole bibliography for reference managers, linked from Litteratur (generated files
        # are in `files`, so MkDocs validates the links to them like any other).
        bibtex = bibliography_export.bibtex(build.entries)
        for name, content in (
            (bibliography_export.BIBTEX_NAME, bibtex),
            (bibliography_export.RIS_NAME, bibliography_export.ris(bibtex, build.root)),
        ):
            files.append(File.generated(config, name, content=content, inclusion=InclusionLevel.INCLUDED))
    if config.extra.get("print_page", True):  # the printable site, udskriv/; made in on_page_context
        page = File.generated(config, print_page.SOURCE, content=print_page.FRONT_MATTER)
        page.inclusion = InclusionLevel.NOT_IN_NAV
        files.append(page)
    return files


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    """Put the index in reading order (who cites a work is listed in nav order) and check the anthology."""
    build = _current()
    build.index.order(page.file.src_uri for page in nav.pages)
    build.work_pages, problems = build.index.work_pages(build.known)
    for problem in problems:
        log.warning(problem)
    return nav


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    env.globals["content_security_policy"] = _content_security_policy
    return env


@pass_context
def _content_security_policy(context: Context) -> Markup:
    """The page's policy (csp.py), from the inline scripts its own templates render."""
    policy = csp.template_policy(context.environment, context.get_all(), serving=_serving)
    return Markup(policy)  # a policy holds no '"', '<' or '&'


# --- 3. each page: Markdown, then HTML, then the template context ------------------


@event_priority(50)  # before mkdocs-bibtex replaces the citations
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Code masked and wrapped citations joined for the plugin; the generated parts of the special pages."""
    build = _current()
    info = build.index.pages.get(page.file.src_uri)
    markdown = citations.prepare(markdown)
    if page.file.src_uri.startswith(CHAPTERS):
        markdown = reading_time.with_reading_time(markdown, build.word_counts.get(page.file.src_uri, 0))
    if "\\laesetid{" in markdown:
        shown = info.shown if info else page.file.src_uri
        markdown, problems = reading_time.expand(markdown, build.word_counts, shown, page.file.content_string)
        for problem in problems:
            log.warning(problem)
    if page.file.src_uri == GLOSSARY_PAGE:
        markdown = glossary.with_usage(
            markdown, build.index.terms, build.index.term_uses(), lambda src: _href(files, GLOSSARY_PAGE, src)
        )
        markdown = markdown.replace(GLOSSARY_INDEX, glossary.letter_index(build.index.terms))
    if CHANGES_LIST in markdown:
        pages = (
            ((p.title, citations.link(page.file.src_uri, p.src_uri)), changes.of_page(p.meta))
            for p in build.index.pages.values()
        )
        markdown = markdown.replace(CHANGES_LIST, changes.changes_list(pages))
    if build.bib is None:
        return markdown
    if FULL_BIBLIOGRAPHY in markdown:
        text = citations.full_bibliography(
            build.index,
            build.bib.keys,
            build.bib.reference,
            _reference_html,
            _aliases,
            page.file.src_uri,
            lambda from_src, to_src: _href(files, from_src, to_src),
        )
        markdown = markdown.replace(FULL_BIBLIOGRAPHY, text)
    if ANTHOLOGY_LIST in markdown:
        markdown = markdown.replace(
            ANTHOLOGY_LIST, citations.anthology_list(build.index, build.known, page.file.src_uri)
        )
    if info is not None and info.work is not None:
        if info.work in build.work_pages and build.work_pages[info.work].src_uri == info.src_uri:
            markdown = citations.anthology_page(markdown, info, build.index, build.bib.reference(info.work))
    return markdown


def _reference_html(key: str) -> str:
    """An entry's reference as HTML: made once a build (on_files), or now if the build has not."""
    build = _current()
    if key not in build.reference_html and build.bib is not None:
        build.reference_html.update(references.to_html({key: build.bib.reference(key)}, *build.markdown))
    return build.reference_html.get(key, "")


def _href(files: Files, from_src: str, to_src: str) -> str:
    """The address of page ``to_src`` relative to page ``from_src``, as MkDocs writes a link between them."""
    source, target = files.get_file_from_path(from_src), files.get_file_from_path(to_src)
    if source is None or target is None:  # pragma: no cover - both come from the site index
        raise PluginError(f"{from_src}: no page {to_src} to link to")
    return get_relative_url(target.url, source.url)


def _aliases(key: str) -> list[str]:
    """Keys an entry had before (biblatex's ``ids`` field)."""
    bib = _current().bib
    return bib.field(key, "ids").replace(",", " ").split() if bib else []


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Fail on citations left as text; make each cited work its note's link (one_marker); escape
    the front matter that Material prints raw; link the glossary marks to Begreber and keep their previews."""
    build = _current()
    info = build.index.pages.get(page.file.src_uri)
    shown = info.shown if info else page.file.src_uri
    html = citations.plain_spans(html)  # pandoc's [sn.dk]{.nocase} in formatted references
    html = citations.one_marker(citations.joined_markers(html), build.short_citations)
    for key in citations.left_over(html):
        lines = citations.lines_citing(page.file.content_string, key)
        log.warning(
            f"{shown}:{','.join(map(str, lines)) or '?'}: the citation of '@{key}' was not converted "
            "and would be published as text; check its brackets"
        )
    for key in references.left_over(html):
        log.warning(f"{shown}: the reference of '@{key}' has no HTML (references.py) and would be published as a token")
    for span in citations.pandoc_spans(html):
        log.warning(f"{shown}: pandoc markup '{span}' would be published as text")
    # Material's templates print title, description, authors and tags unescaped; every page's
    # content is made before any template runs, so each page's values are escaped in time.
    frontmatter.escape_for_templates(page.meta)
    # Glossary marks: pointed at their entries on Begreber; their definitions kept for the template.
    if build.glossary_url is not None:
        on_glossary = page.file.src_uri == GLOSSARY_PAGE  # marks there point at definitions on the page
        to_glossary = "" if on_glossary else get_relative_url(build.glossary_url, page.url)
        ids = glossary.used_ids(html)
        html = glossary.pointing_to(html, to_glossary)
        if not on_glossary:
            build.term_previews[page.file.src_uri] = glossary.previews(build.index.terms, ids, to_glossary)
    return citations.unmask_code(html)


@event_priority(100)  # just before Material's search plugin reads page.content
def _hold_back_from_search(context: TemplateContext, page: Page, config: MkDocsConfig, nav: Navigation) -> None:
    """The notes and "Bruges på" lines out of the page while the search plugin indexes it (search_scope.py)."""
    page.content, _current().held_back = search_scope.hold_back(page.content or "")


@event_priority(-100)  # just after it, before the template renders the page
def _put_back_after_search(context: TemplateContext, page: Page, config: MkDocsConfig, nav: Navigation) -> None:
    build = _current()
    page.content, build.held_back = search_scope.put_back(page.content or "", build.held_back), []


def _page_context(context: TemplateContext, page: Page, config: MkDocsConfig, nav: Navigation) -> TemplateContext:
    """``term_previews`` (main.html); ``dates``, ``changed`` and ``history_url``
    (partials/source-file.html); ``cite``: the page's
    reference, downloads and metadata (overrides/partials/cite-*.html)."""
    build = _current()
    if page.file.src_uri == print_page.SOURCE:  # built last: every other page's HTML is made by now
        _make_print_page(page, config, nav)
    context["term_previews"] = Markup(build.term_previews.get(page.file.src_uri, ""))  # escaped (glossary.py)
    dates = history.dates_of(build.dates, page.file.src_uri, date.today())
    if page.file.src_uri not in (NOT_FOUND_PAGE, print_page.SOURCE):
        context["dates"] = dates
        change = changes.latest(page.meta)
        if change and build.changes_url is not None:
            context["changed"] = change
            context["changed_url"] = build.changes_url + change.anchor
        if config.repo_url and config.edit_uri:  # edit/main/docs/ -> commits/main/docs/<page>
            history_path = config.edit_uri.replace("edit/", "commits/", 1) + page.file.src_uri
            context["history_url"] = config.repo_url.rstrip("/") + "/" + history_path.lstrip("/")
    if page.is_homepage or not page.canonical_url or page.file.src_uri == NOT_FOUND_PAGE:
        return context
    info = build.index.pages.get(page.file.src_uri)
    keys = [k for k in (info.keys if info else []) if k in build.known]
    if info is not None and info.work in build.known and info.work not in keys:
        keys.insert(0, str(info.work))
    meta = page.meta
    publisher = config.site_author or config.site_name
    context["cite"] = Cite(
        title=text_as_typed(meta.get("title") or page.title or config.site_name),
        authors=[text_as_typed(a) for a in meta.get("authors") or [publisher]],
        site=config.site_name,
        publisher=publisher,
        url=page.canonical_url,
        site_url=config.site_url or "",
        updated=dates.updated,
        created=dates.created,
        description=text_as_typed(meta.get("description") or config.site_description or ""),
        references=[plain_reference(build.bib.reference(k)) for k in keys] if build.bib else [],
        show_block=page.file.src_uri.startswith(CITABLE),
        handout=handout_path(page.url) if page.file.src_uri.startswith(CHAPTERS) else None,
        licence=str(config.extra.get("licence", {}).get("name", "")),
        licence_url=str(config.extra.get("licence", {}).get("url", "")),
    )
    return context


# MkDocs runs the three in priority order, around the plugins' own on_page_context.
on_page_context = CombinedEvent(_hold_back_from_search, _page_context, _put_back_after_search)


def _make_print_page(page: Page, config: MkDocsConfig, nav: Navigation) -> None:
    """udskriv/: cover, contents and every page in nav order (print_page.py); its sidebar lists the same."""
    parts = list(_print_parts(nav.items, 1))
    cover = config.theme.get_env().get_template("print-cover.html").render(config=config)
    page.content = print_page.combined(parts, cover, page.url)
    # Material's sidebar lists what is under the page's one level-1 entry: the contents, one level down.
    root = AnchorLink(print_page.CONTENTS_TITLE, print_page.CONTENTS_ID, 1)
    for part, anchor in zip(parts, print_page.anchors(parts), strict=True):
        parent = root.children
        for _ in range(part.level - 1):
            parent = parent[-1].children
        parent.append(AnchorLink(str(escape(part.title)), anchor, part.level + 1))
    page.toc = TableOfContents([root])


def _print_parts(items: list, level: int) -> Iterator[print_page.Part]:
    for item in items:
        if isinstance(item, Section):
            yield print_page.Part(level, item.title)
            yield from _print_parts(item.children, level + 1)
        elif isinstance(item, Page):
            yield print_page.Part(level, item.title or "", item.url, item.content or "")


# --- 4. each built page, and the 404 template --------------------------------------

SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
# axe: Material's search dialog has no accessible name, and its partial has no block to extend.
NAMED_DIALOG = '<div class="md-search" data-md-component="search" role="dialog" aria-label="Søg på sitet">'


def _finish(html: str, where: str, checked_already: str = "") -> str:
    html = html.replace(SEARCH_DIALOG, NAMED_DIALOG, 1)
    if not _serving:
        for problem in csp.problems(html.replace(checked_already, "", 1) if checked_already else html):
            log.warning(f"{where}: {problem}")
    return html


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    info = _current().index.pages.get(page.file.src_uri)
    # The print page's content is every other page's, each checked on its own page (the ids and
    # links it prefixes get no new scheme; cover and contents come from the site's templates):
    # its template is checked, not the 1.4 MB of content a second time.
    checked = page.content or "" if page.file.src_uri == print_page.SOURCE else ""
    return _finish(output, info.shown if info else page.file.src_uri, checked)


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    if template_name != "404.html":
        return output_content
    return _finish(output_content, f"overrides/{template_name}")
