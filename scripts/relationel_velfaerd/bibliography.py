"""Check the BibTeX files in bibliography/ before the site is built.

Usage: python -m relationel_velfaerd bibcheck [BIB_DIR]

Why this exists: pybtex, which mkdocs-bibtex uses, stops at the first error,
names no file, reports a missing comma one line late and an unclosed brace
about ten lines late, and says nothing of duplicate keys or missing fields.
This checker reads every ``.bib`` file itself and lists every problem as

    bibliography/litteratur.bib:42: entry 'hood1991public': missing comma after field 'journal' ...

It runs from the build (the ``citations`` hook) and on its own. Exit status:
0 when all files are clean, 1 when a problem was found, 2 for bad usage.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

# Keys: ASCII author + year (or "ua", uden år) + a word from the title.
KEY_SHAPE = re.compile(r"^[a-z]+(?:\d{4}|ua)[a-z]+$")

# Fields an entry of each type must have; a tuple means "one of these".
REQUIRED: dict[str, list[str | tuple[str, ...]]] = {
    "article": ["title", ("journal", "journaltitle"), ("year", "date")],
    "book": [("author", "editor"), "title", ("year", "date")],
    "incollection": ["author", "title", "booktitle", ("year", "date")],
    "inbook": ["author", "title", "booktitle", ("year", "date")],
    "misc": ["title"],
    "online": ["title", "url"],
    "report": ["title", "institution", ("year", "date")],
    "techreport": ["title", "institution", ("year", "date")],
    "thesis": ["author", "title", "institution", ("year", "date")],
}
# Every entry says where its facts were checked (see CONTRIBUTING.md).
ALWAYS_REQUIRED = ["verified"]
SKIPPED_TYPES = {"comment", "preamble", "string"}

# Field values with a fixed form. A url is printed as a link on every page that
# cites the work, so it must be a plain http(s) address.
URL = re.compile(r"^https?://[^\s\"'<>{}|\\^`]+$")
DOI = re.compile(r"^10\.\d{4,9}/[^\s\"'<>{}|\\^`]+$")
YEAR = re.compile(r"^\d{4}$")
EDTF_DAY = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")  # EDTF level 0: YYYY, YYYY-MM, YYYY-MM-DD

FIELD_START = re.compile(r"[A-Za-z][\w-]*\s*=")
DELIMITED_SPECIAL = re.compile(r'[\\{}"\n]')  # what a braced or quoted value's reading stops at
ENTRY_START = re.compile(r"@[A-Za-z]+\s*[{(]")


@dataclass
class Problem:
    path: Path
    line: int
    entry: str | None
    message: str

    def __str__(self) -> str:
        return self.display()

    def display(self, root: Path | None = None) -> str:
        """One line: file (relative to ``root`` if given), line, entry and what to do."""
        path = os.path.relpath(self.path, root) if root else self.path
        where = f"entry '{self.entry}': " if self.entry else ""
        return f"{path}:{self.line}: {where}{self.message}"


@dataclass
class Entry:
    type: str
    key: str
    line: int
    fields: dict[str, str] = field(default_factory=dict)
    broken: bool = False  # a syntax error; its fields are incomplete


class _Scanner:
    """A small recursive-descent reader of BibTeX that keeps line numbers."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.text = text
        self.pos = 0
        self.problems: list[Problem] = []
        self.entries: list[Entry] = []

    # -- helpers ---------------------------------------------------------
    def line_at(self, pos: int) -> int:
        return self.text.count("\n", 0, pos) + 1

    def peek(self) -> str:
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def skip_ws(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos].isspace():
            self.pos += 1

    def problem(self, pos: int, entry: str | None, message: str) -> None:
        self.problems.append(Problem(self.path, self.line_at(pos), entry, message))

    def at_line_start_matching(self, pattern: re.Pattern[str]) -> bool:
        """True if the text after the current newline starts a field or entry."""
        return bool(pattern.match(self.text, self.pos + 1 + self._indent(self.pos + 1)))

    def _indent(self, pos: int) -> int:
        n = 0
        while pos + n < len(self.text) and self.text[pos + n] in " \t":
            n += 1
        return n

    # -- grammar ---------------------------------------------------------
    def scan(self) -> None:
        while True:
            at = self.text.find("@", self.pos)
            if at < 0:
                return
            line_start = self.text.rfind("\n", 0, at) + 1
            if self.text[line_start:at].lstrip().startswith("%"):
                self.pos = at + 1  # '@' inside a comment line
                continue
            self.pos = at
            self.entry()

    def entry(self) -> None:
        start = self.pos
        self.pos += 1
        m = re.compile(r"[A-Za-z]+").match(self.text, self.pos)
        if not m:
            self.problem(start, None, "'@' not followed by an entry type; write e.g. @book{key,")
            self.pos += 1
            return
        etype = m.group().lower()
        self.pos = m.end()
        self.skip_ws()
        if self.peek() not in "{(":
            self.problem(start, None, f"'@{etype}' must be followed by '{{'")
            return
        close = "}" if self.peek() == "{" else ")"
        self.pos += 1
        if etype in SKIPPED_TYPES:
            self.braced_tail(start, etype, close)
            return
        m = re.compile(r"[^,\s{}()=]*").match(self.text, self.pos)
        assert m is not None
        key = m.group()
        self.pos = m.end()
        self.skip_ws()
        if not key:
            self.problem(start, None, f"@{etype} entry has no key; write @{etype}{{authorYYYYword,")
            self.resync()
            return
        entry = Entry(etype, key, self.line_at(start))
        if self.peek() != ",":
            self.problem(start, key, "missing comma after the key")
        else:
            self.pos += 1
        self.fields(entry, close)
        self.entries.append(entry)

    def braced_tail(self, start: int, etype: str, close: str) -> None:
        opener = "{" if close == "}" else "("
        depth = 1
        while self.pos < len(self.text) and depth:
            ch = self.text[self.pos]
            depth += (ch == opener) - (ch == close)
            self.pos += 1
        if depth:
            self.problem(start, None, f"@{etype} is never closed")

    def resync(self) -> None:
        """Skip to the next line that starts an entry."""
        m = re.compile(r"^\s*@", re.M).search(self.text, self.pos + 1)
        self.pos = m.start() if m else len(self.text)

    def fields(self, entry: Entry, close: str) -> None:
        while True:
            self.skip_ws()
            ch = self.peek()
            if ch == close:
                self.pos += 1
                return
            if ch == "" or ch == "@":
                self.problem(
                    self.pos if ch else len(self.text) - 1,
                    entry.key,
                    f"entry opened on line {entry.line} is never closed; add '{close}' after its last field",
                )
                entry.broken = True
                return
            m = re.compile(r"[A-Za-z][\w-]*").match(self.text, self.pos)
            if not m:
                self.problem(self.pos, entry.key, f"expected a field name or '{close}', found {ch!r}")
                entry.broken = True
                self.resync()
                return
            name = m.group().lower()
            name_pos = self.pos
            self.pos = m.end()
            self.skip_ws()
            if self.peek() != "=":
                self.problem(name_pos, entry.key, f"field '{name}' has no '='; write {name} = {{...}},")
                entry.broken = True
                self.resync()
                return
            self.pos += 1
            parsed = self.value(entry, name)
            if parsed is None:
                entry.broken = True
                return
            value, value_end = parsed
            if name in entry.fields:
                self.problem(name_pos, entry.key, f"field '{name}' appears twice")
            if "\\" in value:
                # The files are plain UTF-8: pybtex (which finds the keys) and
                # pandoc (which formats the entries) read LaTeX differently.
                self.problem(
                    name_pos,
                    entry.key,
                    f"field '{name}' contains a LaTeX command; type the character itself (&, ø, é) instead",
                )
            entry.fields[name] = value
            self.skip_ws()
            ch = self.peek()
            if ch == ",":
                self.pos += 1
            elif ch == close:
                continue
            elif FIELD_START.match(self.text, self.pos):
                self.problem(
                    value_end,
                    entry.key,
                    f"missing comma after field '{name}'; add ',' at the end of this line",
                )
            else:
                self.problem(self.pos, entry.key, f"unexpected {ch!r} after field '{name}'")
                entry.broken = True
                self.resync()
                return

    def value(self, entry: Entry, name: str) -> tuple[str, int] | None:
        """Read a field value; return it with the position just after it."""
        parts: list[str] = []
        while True:
            self.skip_ws()
            ch = self.peek()
            if ch == "{":
                part = self.delimited(entry, name, "{", "}")
            elif ch == '"':
                part = self.delimited(entry, name, '"', '"')
            else:
                m = re.compile(r"[\w-]+").match(self.text, self.pos)
                if not m:
                    self.problem(self.pos, entry.key, f"field '{name}' has no value; write {name} = {{...}},")
                    self.resync()
                    return None
                part = m.group()
                self.pos = m.end()
            if part is None:
                return None
            parts.append(part)
            end = self.pos
            self.skip_ws()
            if self.peek() != "#":
                return "".join(parts), end
            self.pos += 1

    def delimited(self, entry: Entry, name: str, opener: str, closer: str) -> str | None:
        open_pos = self.pos
        self.pos += 1
        depth = 0
        begin = self.pos
        # From one character that matters to the next (a regex jump, not a loop over every one).
        while (found := DELIMITED_SPECIAL.search(self.text, self.pos)) is not None:
            self.pos = found.start()
            ch = found.group()
            if ch == "\\":
                self.pos += 2
                continue
            if ch == "{":
                depth += 1
            elif ch == "}" and (depth > 0 or closer == '"'):
                depth -= 1
            elif ch == closer and depth == 0:
                self.pos += 1
                return self.text[begin : self.pos - 1]
            elif ch == "\n" and (self.at_line_start_matching(FIELD_START) or self.at_line_start_matching(ENTRY_START)):
                # A new field or entry starts while this value is still open.
                break
            self.pos += 1
        else:  # the text ended with the value still open
            self.pos = len(self.text)
        what = "brace" if opener == "{" else "quotation mark"
        self.problem(
            open_pos,
            entry.key,
            f"unclosed {what} in field '{name}'; close it with '{closer}' on this line",
        )
        self.resync()
        return None


def _missing_fields(entry: Entry) -> list[str]:
    missing = []
    for need in REQUIRED.get(entry.type, []) + ALWAYS_REQUIRED:
        options = need if isinstance(need, tuple) else (need,)
        if not any(entry.fields.get(o, "").strip() for o in options):
            missing.append(" or ".join(options))
    return missing


def _valid_day(text: str) -> bool:
    match = EDTF_DAY.match(text)
    if not match:
        return False
    year, month, day = (int(g) if g else None for g in match.groups())
    try:
        date(year or 1, month or 1, day or 1)
    except ValueError:
        return False
    return True


def _field_form(entry: Entry) -> list[str]:
    """Problems with the form of fields that have one: url, doi, ids, year, date."""
    found = []
    url = entry.fields.get("url", "").strip()
    if url and not URL.match(url):
        found.append(
            f"field 'url' is not a plain http(s) address: '{url[:80]}'; write it as https://… without spaces or quotes"
        )
    doi = entry.fields.get("doi", "").strip()
    if doi and not DOI.match(doi):
        found.append(f"field 'doi' is not a DOI: '{doi[:80]}'; write it as 10.xxxx/…, without https://doi.org/")
    for alias in entry.fields.get("ids", "").replace(",", " ").split():
        if not KEY_SHAPE.match(alias):
            found.append(
                f"field 'ids' has '{alias[:40]}', which is not a key; list the entry's earlier keys, "
                "e.g. ids = {{hansen2011x}}"
            )
    year = entry.fields.get("year", "").strip()
    if year and not YEAR.match(year):
        found.append(f"field 'year' is '{year[:20]}'; write four digits, e.g. 2011 (leave it out if unknown)")
    when = entry.fields.get("date", "").strip()
    if when and not all(_valid_day(part) for part in when.split("/")):
        found.append(
            f"field 'date' is '{when[:30]}'; write a real date as YYYY, YYYY-MM or YYYY-MM-DD (a range as A/B)"
        )
    return found


def check_file(path: Path) -> tuple[list[Entry], list[Problem]]:
    """Parse one .bib file; return its entries and every problem found."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as err:
        line = path.read_bytes()[: err.start].count(b"\n") + 1
        return [], [Problem(path, line, None, "not valid UTF-8; save the file as UTF-8")]
    scanner = _Scanner(path, text)
    scanner.scan()
    problems = scanner.problems
    for entry in scanner.entries:
        where = (path, entry.line, entry.key)
        if entry.type not in REQUIRED:
            known = ", ".join(sorted(REQUIRED))
            problems.append(Problem(*where, f"unknown entry type '@{entry.type}'; use one of {known}"))
            continue
        if entry.broken:
            continue
        if not KEY_SHAPE.match(entry.key):
            problems.append(
                Problem(*where, "key must be ASCII 'authorYYYYword' in lower case, e.g. pedersen2011konkurrencestaten")
            )
        for missing in _missing_fields(entry):
            problems.append(Problem(*where, f"@{entry.type} needs the field '{missing}'"))
        problems += [Problem(*where, message) for message in _field_form(entry)]
    # Entries are kept in key order, so a reader finds a work and a duplicate shows.
    for before, entry in zip(scanner.entries, scanner.entries[1:], strict=False):
        if entry.key.lower() < before.key.lower():
            place = next(e.key for e in scanner.entries if e.key.lower() > entry.key.lower())
            problems.append(Problem(path, entry.line, entry.key, f"out of key order; move the entry before '{place}'"))
    return scanner.entries, problems


def check_dir(bib_dir: Path) -> list[Problem]:
    """Check every .bib file under ``bib_dir``, including keys shared across files."""
    return read_dir(bib_dir)[1]


def read_dir(bib_dir: Path) -> tuple[list[Entry], list[Problem]]:
    """Every entry of the .bib files under ``bib_dir``, and every problem, keys shared across files included."""
    problems: list[Problem] = []
    every: list[Entry] = []
    seen: dict[str, tuple[Path, int]] = {}
    files = sorted(bib_dir.rglob("*.bib"))
    if not files:
        return [], [Problem(bib_dir, 0, None, "no .bib files found")]
    for path in files:
        entries, found = check_file(path)
        problems.extend(found)
        every.extend(entries)
        for entry in entries:
            folded = entry.key.lower()
            if folded in seen:
                first_path, first_line = seen[folded]
                problems.append(
                    Problem(
                        path,
                        entry.line,
                        entry.key,
                        f"duplicate key, first defined at {first_path}:{first_line}; rename or merge the entries",
                    )
                )
            else:
                seen[folded] = (path, entry.line)
    return every, sorted(problems, key=lambda p: (str(p.path), p.line))


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) > 1 or (args and args[0].startswith("-")):
        print("usage: python -m relationel_velfaerd bibcheck [BIB_DIR]", file=sys.stderr)
        return 2
    bib_dir = Path(args[0] if args else "bibliography")
    if not bib_dir.is_dir():
        print(f"bibcheck: no folder {bib_dir}", file=sys.stderr)
        return 2
    problems = check_dir(bib_dir)
    for problem in problems:
        print(problem)
    return 1 if problems else 0
