"""Citations: reading them from a page, checking them, and the pages made from the bibliography.

Reading: ``[@key]`` and ``\\bibliography`` inside code are shown as typed, so
before mkdocs-bibtex reads a page, '@' and '\\' in code are swapped for
stand-ins (``mask_code``) and put back in the HTML (``unmask_code``). A
citation that a line break runs through is put on one line first (the
plugin reads one-line citations only), and any ``[@key]`` still in the
rendered page is an error (``left_over``).

Checking: ``python -m relationel_velfaerd check`` and the strict build report an
unknown key with the same line:

    docs/x.md:12: unknown citation key '@hansen2020x'; add the work to bibliography/*.bib or correct the key

Generated Markdown, from the bibliography and the site index: Litteratur
(``full_bibliography``: every entry in Danish order with the stable anchor
``#ref-KEY``, its anthology page and the pages citing it), the anthology's
list of works by group (``anthology_list``), and each anthology page's
reference box and "Brugt i" section (``anthology_page``).
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Mapping
from html import unescape
from pathlib import Path
from typing import TYPE_CHECKING

from relationel_velfaerd import escape, glossary, textfile
from relationel_velfaerd.bibliography import check_dir, check_file
from relationel_velfaerd.bibtex_adapter import CitationBlock, parse_blocks
from relationel_velfaerd.conventions import LITERATURE_PAGE
from relationel_velfaerd.danish import sort_key
from relationel_velfaerd.frontmatter import GROUPS

if TYPE_CHECKING:
    from relationel_velfaerd.site_index import PageInfo, SiteIndex

# Code, where [@key] and \bibliography are shown, not used: a fence (``` or ~~~,
# indented too, as inside an admonition) or an inline code span within a paragraph.
CODE = re.compile(
    r"^[ \t]*(`{3,}|~{3,})[^\n]*\n.*?^[ \t]*\1[ \t]*$"
    r"|(?<!`)(`+)(?!`)(?:(?!\n[ \t]*\n).)+?(?<!`)\2(?!`)",
    re.M | re.S,
)
# Inside code, '@' and '\' stand in for themselves as private-use characters, so
# neither mkdocs-bibtex nor this site's hooks read a citation or command there;
# unmask_code puts them back in the rendered HTML.
MASKED = {"@": "\ue000", "\\": "\ue001"}


def mask_code(markdown: str) -> str:
    """``markdown`` with '@' and '\\' inside code replaced by stand-ins."""

    def mask(match: re.Match[str]) -> str:
        text = match.group()
        for char, stand_in in MASKED.items():
            text = text.replace(char, stand_in)
        return text

    return CODE.sub(mask, markdown)


def unmask_code(html: str) -> str:
    for char, stand_in in MASKED.items():
        html = html.replace(stand_in, char)
    return html


# A citation a line break runs through; mkdocs-bibtex reads a citation on one line only.
WRAPPED = re.compile(r"\[(?=[^\[\]]*@[\w-])[^\[\]]*?\n[^\[\]]*?\]")


def join_wrapped(markdown: str) -> str:
    """``markdown`` with every citation that runs over a line break put on one line (not over a blank line)."""

    def join(match: re.Match[str]) -> str:
        text = match.group()
        return text if re.search(r"\n[ \t]*\n", text) else re.sub(r"\s*\n\s*", " ", text)

    return WRAPPED.sub(join, markdown)


def prepare(markdown: str) -> str:
    """A page as mkdocs-bibtex should read it: code masked, wrapped citations on one line."""
    return join_wrapped(mask_code(markdown))


LEFT_OVER = re.compile(r"\[-?@([\w-]+)")


PANDOC_SPAN = re.compile(r"\[[^\[\]<>]*\]\{\.[\w-]+\}")
# Pandoc writes case-protected text (a .bib value in braces, {sn.dk}) as a bracketed
# span, [sn.dk]{.nocase}, which Python-Markdown would print as it stands.
NOCASE = re.compile(r"\[([^\[\]<>]*)\]\{\.nocase\}")


def plain_spans(text: str) -> str:
    """``text`` with pandoc's case-protection spans turned into their plain text."""
    return NOCASE.sub(r"\1", text)


ADJACENT_MARKERS = re.compile(r'</sup>\s+(?=<sup id="fnref)')


def joined_markers(html: str) -> str:
    """A citation's note markers without the spaces between them (``¹ ² ³`` -> ``¹²³``).

    The space after each marker is a place to break the line, so on a phone the
    last markers of a citation could wrap onto a line of their own; the markers'
    padding (site.css) keeps them apart on screen.
    """
    return ADJACENT_MARKERS.sub("</sup>", html)


_MARKER = r'<sup id="(fnref\d*:[^"]+)"><a class="footnote-ref" href="(#fn:[^"]+)">\d+</a></sup>'
MARKER = re.compile(_MARKER)
# A citation as mkdocs-bibtex writes it: pandoc's text in parentheses, then one note marker
# per work. Inside the parentheses only text, emphasis (a title cited without an author),
# one level of parentheses and the glossary's marks (which one_marker takes out again).
CITED = re.compile(
    rf'\((?P<inner>(?:[^()<]|\([^()<]*\)|</?(?:em|i)>|<a class="{glossary.MARK_CLASS}" href="[^"]*">|</a>)+)\)'
    r"(?P<markers>(?:" + _MARKER + r")+)"
)
# Between two works of one author pandoc writes ", ": "Mortensen u.å.a, u.å.b", "Hood 1991, 1995".
SAME_AUTHOR = re.compile(r", (?=(?:\d{4}|u\.å\.)[a-zæøå]?(?:[;,]|$))")
CITATION_CLASS = "henvisning footnote-ref"  # footnote-ref: the preview of the note (fodnoter.js)


def one_marker(html: str, short: Mapping[str, str]) -> str:
    """Each work of a citation a link to its note, instead of the text and a superscript number.

    ``(Allentoft 2017)¹`` becomes ``(Allentoft 2017)`` with "Allentoft 2017" the link (and the
    preview of the note, fodnoter.js), ``(Cottam 2018, s. 12; Pedersen 2011)¹²`` two links. The
    marker's id (the target of the note's ↩) moves to the link. ``short`` is each key's
    citation on its own, as plain text ("Allentoft 2017"): pandoc sorts a citation's works
    by author and year, so each piece of the text is matched to its work by it, not by
    position. A citation whose pieces cannot all be matched keeps its numbers.
    """

    def linked(match: re.Match[str]) -> str:
        markers = {href[len("#fn:") :]: (ident, href) for ident, href in MARKER.findall(match.group("markers"))}
        inner = glossary.without_marks(match.group("inner"))  # a reference's title is no place for a term
        for same_author in (False, True):
            pieces, separators = _works(inner, same_author)
            keys = _match_works(pieces, list(markers), short)
            if keys is not None:
                links = [
                    f'<a class="{CITATION_CLASS}" id="{markers[key][0]}" href="{markers[key][1]}">{piece}</a>'
                    for piece, key in zip(pieces, keys, strict=True)
                ]
                return "(" + links[0] + "".join(s + link for s, link in zip(separators, links[1:], strict=True)) + ")"
        return match.group(0)

    return CITED.sub(linked, html)


def short_citation(inline: str) -> str:
    """A work cited on its own, as pandoc's Markdown has it ("(*Titel* 2005)"), as the plain text
    of the rendered page without the parentheses ("Titel 2005")."""
    text = plain_spans(inline.strip().removeprefix("(").removesuffix(")"))
    text = text.replace("---", "—").replace("--", "–").replace("*", "")
    return re.sub(r"\\(.)", r"\1", text)


ENTITY = re.compile(r"&#?\w+;")
YEAR_ONLY = re.compile(r"^((?:\d{4}|u\.å\.)[a-zæøå]?)\b")


def _match_works(pieces: list[str], keys: list[str], short: Mapping[str, str]) -> list[str] | None:
    """The key of each piece (its short citation is in it; a year alone continues the author
    before it), or None unless every piece has exactly one key and every key one piece. A
    citation of one work needs no matching."""
    if len(pieces) != len(keys):
        return None
    if len(keys) == 1:  # one work: the whole text is its citation
        return keys
    found: list[str] = []
    author = ""
    for piece in pieces:
        text = unescape(re.sub(r"</?(?:em|i)>", "", piece))
        year = YEAR_ONLY.match(text)
        wanted = f"{author} {year.group(1)}" if year and author else None
        matches = [k for k in keys if k not in found and short.get(k) and (short[k] in text or short[k] == wanted)]
        if len(matches) != 1:
            return None
        found.append(matches[0])
        author = short[matches[0]].rsplit(" ", 1)[0]
    return found


def _works(inner: str, same_author: bool) -> tuple[list[str], list[str]]:
    """A citation's text cut into one piece per work, and the separators between the pieces."""
    pieces: list[str] = []
    separators: list[str] = []
    inner = ENTITY.sub(lambda m: m.group().replace(";", "\0"), inner)  # "&ndash;" is not a separator
    for n, part in enumerate(p.replace("\0", ";") for p in inner.split("; ")):
        if n:
            separators.append("; ")
        for m, piece in enumerate(SAME_AUTHOR.split(part) if same_author else [part]):
            if m:
                separators.append(", ")
            pieces.append(piece)
    return pieces, separators


def left_over(html: str) -> list[str]:
    """Keys of citations still in a rendered page (outside code): mkdocs-bibtex did not read them."""
    return sorted(set(LEFT_OVER.findall(html)))


def pandoc_spans(html: str) -> list[str]:
    """Pandoc span syntax (``[text]{.class}``) printed as text in a rendered page (outside code)."""
    return sorted(set(PANDOC_SPAN.findall(html)))


def citation_blocks(markdown: str) -> list[CitationBlock]:
    """The citation blocks of a page, as mkdocs-bibtex reads them, outside code."""
    return parse_blocks(prepare(markdown))


def unknown_keys(markdown: str, known: set[str]) -> list[str]:
    """The keys cited in ``markdown`` (outside code) that are not in ``known``, sorted."""
    return unknown_keys_of(citation_blocks(markdown), known)


def unknown_keys_of(blocks: list[CitationBlock], known: set[str]) -> list[str]:
    """The keys cited in ``blocks`` that are not in ``known``, sorted."""
    return sorted({c.key for block in blocks for c in block.citations} - known)


def lines_citing(text: str, key: str) -> list[int]:
    """Line numbers of ``text`` that cite ``key``."""
    pattern = re.compile(re.escape("@" + key) + r"(?![\w:-])")
    return [n for n, line in enumerate(text.splitlines(), 1) if pattern.search(line)]


def message(shown: str, lines: list[int], key: str) -> str:
    where = ", ".join(map(str, lines)) or "?"
    return f"{shown}:{where}: unknown citation key '@{key}'; add the work to bibliography/*.bib or correct the key"


WORK = re.compile(r"\A---[ \t]*\n(?:.*\n)*?(vaerk:[ \t]*(\S+)[ \t]*)\n(?:.*\n)*?---[ \t]*\n")


def unknown_work(text: str, shown: str, known: set[str]) -> str | None:
    """The problem with an anthology page's ``vaerk:`` key, if it names no entry of the bibliography."""
    match = WORK.match(text)
    work = match.group(2).strip("'\"") if match else None
    if work is None or work in known:
        return None
    line = text.count("\n", 0, match.start(1)) + 1  # type: ignore[union-attr]
    return (
        f"{shown}:{line}: front matter 'vaerk: {match.group(2)}' is not a key in bibliography/*.bib; "
        "use the key of the work's entry"
    )


def bib_keys(bib_dir: Path) -> set[str]:
    return {entry.key for path in sorted(bib_dir.rglob("*.bib")) for entry in check_file(path)[0]}


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    docs = Path(args[0] if args else "docs")
    bib_dir = Path(args[1] if len(args) > 1 else "bibliography")
    if len(args) > 2 or not docs.is_dir() or not bib_dir.is_dir():
        print("usage: python -m relationel_velfaerd citekeys [DOCS_DIR] [BIB_DIR]", file=sys.stderr)
        return 2
    broken = check_dir(bib_dir)
    if broken:  # an unclosed entry hides the entries after it: every key would look unknown
        for problem in broken:
            print(problem)
        print("citekeys: fix the bibliography first (python -m relationel_velfaerd bibcheck)", file=sys.stderr)
        return 1
    known = bib_keys(bib_dir)
    problems = []
    for page in sorted(docs.rglob("*.md")):
        try:
            text = textfile.read(page)
        except textfile.NotUtf8 as err:
            problems.append(str(err))
            continue
        problems += [message(str(page), lines_citing(text, key), key) for key in unknown_keys(text, known)]
        work = unknown_work(text, str(page), known)
        problems += [work] if work else []
    for problem in problems:
        print(problem)
    return 1 if problems else 0


# --- Markdown made from the bibliography -----------------------------------------

Formatter = Callable[[str], str]  # key -> the entry's reference (Markdown), as pandoc formatted it


def link(from_src: str, to_src: str, anchor: str = "") -> str:
    """A relative Markdown link target between two source files (MkDocs validates it)."""
    return os.path.relpath(to_src, os.path.dirname(from_src) or ".").replace(os.sep, "/") + anchor


def used_in(index: SiteIndex, key: str, from_src: str) -> list[str]:
    """Links to the reading pages that cite ``key``."""
    return [f"[{escape.markdown_inline(p.title)}]({link(from_src, p.src_uri)})" for p in index.cited_by(key)]


def anthology_page(markdown: str, page: PageInfo, index: SiteIndex, reference: str) -> str:
    """An anthology page with its work's reference under the heading, then "Brugt i" and "Kilder" (the notes)."""
    key = str(page.work)
    box = (
        f'\n<div class="antologi-reference" markdown>\n\n{reference}'
        f" [Se i litteraturlisten]({link(page.src_uri, LITERATURE_PAGE, '#ref-' + key)})\n\n</div>\n"
    )
    heading = re.search(r"^# .*$", markdown, re.M)
    at = heading.end() if heading else 0
    markdown = markdown[:at] + "\n" + box + markdown[at:]
    used = used_in(index, key, page.src_uri)
    listing = "\n".join(f"- {u}" for u in used) if used else "Ingen af sitets kapitler henviser endnu til værket."
    section = f"\n\n## Brugt i {{#brugt-i}}\n\nSitets sider, der henviser til værket:\n\n{listing}\n"
    if "\\bibliography" in markdown:
        return markdown.replace("\\bibliography", section.strip() + "\n\n\\bibliography", 1)
    if page.blocks:  # the notes under a Kilder heading, as in the chapters (mkdocs-bibtex fills it)
        section += "\n## Kilder {#kilder}\n\n\\bibliography\n"
    return markdown + section


def anthology_list(index: SiteIndex, known: set[str], from_src: str) -> str:
    """The anthology pages by group, one line each: title and description from front matter."""
    groups = index.groups(known)
    sections = []
    for group, heading in GROUPS.items():
        pages = sorted(groups.get(group, []), key=lambda p: sort_key(p.title))
        lines = "\n".join(
            f"- [{escape.markdown_inline(p.title)}]({link(from_src, p.src_uri)})"
            f" – {escape.markdown_inline(str(p.meta.get('description', '')).strip())}"
            for p in pages
        )
        sections.append(f"## {heading} {{#{group}}}\n\n{lines or 'Ingen værker endnu.'}")
    return "\n\n".join(sections)


def full_bibliography(
    index: SiteIndex,
    keys: list[str],
    reference: Formatter,
    html_of: Formatter,
    aliases: Callable[[str], list[str]],
    from_src: str,
    href: Callable[[str, str], str],
) -> str:
    """Every entry in Danish order, each a paragraph with the anchor #ref-KEY and its links, as HTML.

    ``reference`` gives the text an entry is sorted by, ``html_of`` its reference as HTML
    (references.py), ``href(from_src, to_src)`` the address of another page relative to this
    one. HTML, not Markdown: Litteratur is the site's longest page, and as Markdown its 200
    entries and their 800 links were parsed again on every build.
    """
    formatted = {key: reference(key) for key in keys}
    work_pages = index.work_pages(set(keys))[0]

    def anchor(src: str, text: str) -> str:
        return f'<a href="{href(from_src, src)}">{escape.html(escape.one_line(text))}</a>'

    posts = []
    for key in sorted(keys, key=lambda k: sort_key(formatted[k].replace("*", ""))):
        links = []
        if key in work_pages:
            links.append(anchor(work_pages[key].src_uri, "Om værket"))
        used = [anchor(p.src_uri, p.title) for p in index.cited_by(key)]
        if used:
            links.append("Brugt i " + ", ".join(used))
        extra = f'<br>\n<span class="litteratur-links">{" · ".join(links)}</span>' if links else ""
        # Keys an entry had before (biblatex's `ids` field) keep their published anchors.
        anchors = "".join(f'<span id="ref-{alias}"></span>' for alias in aliases(key))
        posts.append(f'<p class="litteratur-post" id="ref-{key}">{anchors}{html_of(key)}{extra}</p>')
    return "\n\n".join(posts)
