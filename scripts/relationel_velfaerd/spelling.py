"""Danish spelling of the site's prose, with Hunspell and Debian's hunspell-da.

Usage: python -m relationel_velfaerd spelling [FILE_OR_DIR ...]   (default: docs/)

Prints one line per misspelt word, ``file:line: word (forslag: a, b, c)``,
then a summary; exits 1 when there are misspellings, 2 when Hunspell or the
Danish dictionary is missing. Words the dictionary lacks but the site uses on
purpose (names, terms, foreign titles) go in scripts/relationel_velfaerd/ordliste.txt, one per
line.

What is checked: the prose of each Markdown file, plus ``title``,
``description`` and each change's ``tekst`` in its front matter. What is skipped: code blocks and inline
code, URLs and link targets, citation keys (``[@key]``), ``{#ids}`` and
attributes, HTML tags, and quotations and italics (``”…”``, ``"…"``,
``*…*``), which hold titles and words in other languages and older Danish
spelling the site must not "correct".

Why hand-written: no maintained Markdown spell checker on PyPI or npm reads
Hunspell dictionaries with these Markdown rules and reports file and line;
this is a thin wrapper around ``hunspell -a``.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from relationel_velfaerd import textfile
from relationel_velfaerd.conventions import ROOT

WORD_LIST = Path(__file__).resolve().parent / "ordliste.txt"
DICTIONARY = "da_DK"

SKIP_PATTERNS = [
    r"`[^`]*`",  # inline code
    r"\]\([^)]*\)",  # link targets
    r"<https?://[^>]*>|https?://\S+|\b[\w.-]+\.(?:dk|org|com|net|eu|uk)\b",  # URLs and domain names
    r"\[@[^\]]*\]|@[a-z0-9]+",  # citations
    r"\{[#.:][^}]*\}|\{[a-z_-]+=[^}]*\}",  # attributes and ids
    r"<[^>]+>",  # HTML tags
    r"”[^”]*”|“[^”]*”|\"[^\"]*\"|»[^«]*«|’[^’]*’",  # quotations
    r"\*\*\*[^*]+\*\*\*|(?<!\*)\*[^*\s][^*]*\*(?!\*)|_[^_\s][^_]*_",  # italics (titles, foreign words)
    r"\\[a-z_]+(?:\{[^}\n]*\})?",  # macros such as \bibliography and \laesetid{kapitler/x.md}
    r"^\s*(?:!!!|\?\?\?\+?)(?:\s+[a-z][\w-]*)+",  # box type and class names (!!! info, ???+ info laeringsmaal)
]
SKIP = re.compile("|".join(f"(?:{p})" for p in SKIP_PATTERNS), re.MULTILINE)
WORD = re.compile(r"[A-Za-zÆØÅæøåÉéÜüÖöÄä]+")
FRONT_MATTER_PROSE = re.compile(r"^(?:(?:title|description):|\s+tekst:)\s*(.*)$")  # tekst: a change record


@dataclass(frozen=True)
class Misspelling:
    path: Path
    line: int
    word: str
    suggestions: tuple[str, ...]

    def __str__(self) -> str:
        hint = f" (forslag: {', '.join(self.suggestions[:4])})" if self.suggestions else " (ingen forslag)"
        try:
            shown = self.path.relative_to(ROOT)
        except ValueError:
            shown = self.path
        return f"{shown}:{self.line}: {self.word}{hint}"


def prose_lines(text: str, title_is_a_work: bool = False) -> list[tuple[int, str]]:
    """(line number, prose) for each line of a Markdown file that holds prose to check.

    Skipped besides code: blocks in another language (``<div lang="en" markdown>``
    up to its ``</div>``), and, on an anthology page (``title_is_a_work``), the
    title and the H1, which give the work's own, often foreign, title.
    """
    out: list[tuple[int, str]] = []
    lines = text.splitlines()
    in_front, in_code, in_foreign = False, False, False
    for number, line in enumerate(lines, start=1):
        if re.match(r'^\s*<div[^>]*\blang="(?!da)', line):
            in_foreign = True
        if in_foreign:
            in_foreign = not line.strip().startswith("</div>")
            continue
        if title_is_a_work and (line.startswith("# ") or line.startswith("title:")):
            continue
        if number == 1 and line.strip() == "---":
            in_front = True
            continue
        if in_front:
            if line.strip() == "---":
                in_front = False
            elif match := FRONT_MATTER_PROSE.match(line):
                out.append((number, match.group(1)))
            continue
        if re.match(r"^\s*(```|~~~)", line):
            in_code = not in_code
            continue
        if in_code or re.match(r"^\s*\*\[[^\]]+\]:", line):  # code, abbreviation definitions
            continue
        out.append((number, line))
    return out


def words_by_line(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """(line number, word) for the words to check; quotations and italics may span lines."""
    out: list[tuple[int, str]] = []
    paragraph: list[tuple[int, str]] = []
    for number, line in [*lines, (0, "")]:
        if line.strip() and (not paragraph or number == paragraph[-1][0] + 1):
            paragraph.append((number, line))
            continue
        if paragraph:
            text = "\n".join(text for _, text in paragraph)
            kept = SKIP.sub(lambda m: " " + "\n" * m.group().count("\n"), text)
            for (first, _), part in zip(paragraph, kept.split("\n"), strict=True):
                out += [(first, word) for word in WORD.findall(part)]
        paragraph = [(number, line)] if line.strip() else []
    return out


def load_word_list(path: Path = WORD_LIST) -> set[str]:
    if not path.exists():
        return set()
    lines = textfile.read(path).splitlines()
    return {w.strip().lower() for w in lines if w.strip() and not w.startswith("#")}


def hunspell(words: list[str]) -> dict[str, tuple[str, ...]]:
    """The words Hunspell does not know, each with its suggestions."""
    if shutil.which("hunspell") is None:
        raise FileNotFoundError("hunspell")
    proc = subprocess.run(
        ["hunspell", "-d", DICTIONARY, "-a", "-i", "utf-8"],
        input="".join(f"^{w}\n" for w in words),
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    if "Can't open affix or dictionary" in proc.stderr:
        raise FileNotFoundError(DICTIONARY)
    unknown: dict[str, tuple[str, ...]] = {}
    for line in proc.stdout.splitlines():
        if line.startswith("& "):  # & word count offset: suggestion, suggestion
            head, _, tail = line.partition(": ")
            unknown[head.split()[1]] = tuple(s.strip() for s in tail.split(","))
        elif line.startswith("# "):  # # word offset (no suggestions)
            unknown[line.split()[1]] = ()
    return unknown


def accepted(word: str, known: set[str]) -> bool:
    return len(word) < 2 or word.lower() in known or word.isupper()


def check(paths: list[Path], known: set[str]) -> tuple[list[Misspelling], int]:
    """The misspellings in ``paths``, and how many words were checked."""
    found: list[tuple[Path, int, str]] = []
    checked = 0
    for path in paths:
        words = words_by_line(prose_lines(textfile.read(path), "antologi" in path.parts))
        checked += len(words)
        found += [(path, number, w) for number, w in words if not accepted(w, known)]
    unknown = hunspell(sorted({w for _, _, w in found}))
    return [Misspelling(p, n, w, unknown[w]) for p, n, w in found if w in unknown], checked


def markdown_files(args: list[str]) -> list[Path]:
    targets = [Path(a) for a in args] or [ROOT / "docs"]
    files: list[Path] = []
    for target in targets:
        files += sorted(target.rglob("*.md")) if target.is_dir() else [target]
    return [f.resolve() for f in files]


def main(argv: list[str] | None = None) -> int:
    files = markdown_files(sys.argv[1:] if argv is None else argv)
    try:
        problems, checked = check(files, load_word_list())
    except textfile.NotUtf8 as err:
        print(err)
        return 1
    except FileNotFoundError as missing:
        print(
            f"spelling: {missing} is missing; install Hunspell and the Danish dictionary with "
            "'sudo apt-get install hunspell hunspell-da' (make setup does it).",
            file=sys.stderr,
        )
        return 2
    for problem in problems:
        print(problem)
    words = len({p.word for p in problems})
    print(
        f"{len(files)} files, {checked} words checked, {len(problems)} misspellings ({words} distinct)", file=sys.stderr
    )
    if problems:
        print(
            "Fix the word, or add it to scripts/relationel_velfaerd/ordliste.txt if it is a name or a term.",
            file=sys.stderr,
        )
    return 1 if problems else 0
