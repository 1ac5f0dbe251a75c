"""Every citation key in the pages, and every anthology page's ``vaerk:``, is in the bibliography.

Usage: python -m scripts.citekeys [DOCS_DIR] [BIB_DIR]   (default: docs bibliography)

The strict build fails on an unknown key (overrides/hooks/citations.py);
this runs the same check in ``make check`` without building the site. Both
read citations with mkdocs-bibtex's own parser and print the same line:

    docs/x.md:12: unknown citation key '@hansen2020x'; add the work to bibliography/*.bib or correct the key

Exit status: 0 when every key is known, 1 when one is not, 2 for bad usage.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from mkdocs_bibtex.citation import CitationBlock

from scripts import textfile
from scripts.bibcheck import check_dir, check_file

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


def left_over(html: str) -> list[str]:
    """Keys of citations still in a rendered page (outside code): mkdocs-bibtex did not read them."""
    return sorted(set(LEFT_OVER.findall(html)))


def pandoc_spans(html: str) -> list[str]:
    """Pandoc span syntax (``[text]{.class}``) printed as text in a rendered page (outside code)."""
    return sorted(set(PANDOC_SPAN.findall(html)))


def citation_blocks(markdown: str) -> list[CitationBlock]:
    """The citation blocks of a page, as mkdocs-bibtex reads them, outside code."""
    return CitationBlock.from_markdown(prepare(markdown))


def unknown_keys(markdown: str, known: set[str]) -> list[str]:
    """The keys cited in ``markdown`` (outside code) that are not in ``known``, sorted."""
    cited = {c.key for block in citation_blocks(markdown) for c in block.citations}
    return sorted(cited - known)


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
        print("usage: python -m scripts.citekeys [DOCS_DIR] [BIB_DIR]", file=sys.stderr)
        return 2
    broken = check_dir(bib_dir)
    if broken:  # an unclosed entry hides the entries after it: every key would look unknown
        for problem in broken:
            print(problem)
        print("citekeys: fix the bibliography first (python -m scripts.bibcheck)", file=sys.stderr)
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


if __name__ == "__main__":
    sys.exit(main())
