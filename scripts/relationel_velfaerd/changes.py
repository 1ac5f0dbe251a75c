"""Substantive changes: the record in each page's front matter, and the Ændringer page made from it.

The git dates say when a file last changed, copy-edits included. A teacher
who set a chapter in September needs to know whether what it says changed.
So a page records each substantive change in its own front matter,

    aendringer:
      - dato: 2026-12-01
        tekst: Nyt afsnit om kritikken af relationel velfærd, med tal fra VIVE.

and the site shows, from that record alone:

- on the page, "Væsentligt ændret <newest date>" beside the git dates
  (partials/source-file.html), linking to that date on the Ændringer page;
- on the Ændringer page (the placeholder ``\\aendringsliste`` in
  aendringer.md), every page's changes, newest first, one list per date;
  entries with the same date and text are one line linking all their pages.

Why hand-written: no MkDocs plugin keeps an editorial change log apart from
git (mkdocs-git-revision-date-localized and the like read git only).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from relationel_velfaerd import escape
from relationel_velfaerd.danish import in_words, sort_key

HELP = "a list of substantive changes, each '- dato: YYYY-MM-DD' with 'tekst: what changed, in one sentence'"
FIELDS = {"dato", "tekst"}
MAX_TEXT = 300


@dataclass(frozen=True)
class Change:
    day: date
    text: str

    @property
    def anchor(self) -> str:
        return f"#{self.day.isoformat()}"

    @property
    def day_text(self) -> str:
        return in_words(self.day)


def problems(value: list[dict[str, object]]) -> list[str]:
    """What is wrong with a page's ``aendringer`` list, one message per problem."""
    found = []
    for n, entry in enumerate(value, 1):
        where = f"change {n} under 'aendringer'"
        unknown = sorted(str(k) for k in entry if k not in FIELDS)
        if unknown:
            found.append(f"{where} has the unknown field(s) {', '.join(unknown)}; use only 'dato' and 'tekst'")
        day, text = entry.get("dato"), entry.get("tekst")
        if not isinstance(day, date):
            found.append(f"{where}: 'dato' is {day!r}; write the day of the change as YYYY-MM-DD")
        elif day > date.today():
            found.append(f"{where}: 'dato' {day.isoformat()} is in the future; write the day the change was made")
        if not isinstance(text, str) or not text.strip():
            found.append(f"{where}: 'tekst' is missing; say in one sentence what changed")
        elif len(text) > MAX_TEXT:
            found.append(f"{where}: 'tekst' is {len(text)} characters; keep it to {MAX_TEXT}")
    return found


def of_page(meta: dict[str, object]) -> list[Change]:
    """A page's changes, newest first (front matter already checked: bad entries are left out)."""
    entries = meta.get("aendringer")
    if not isinstance(entries, list):
        return []
    found = [
        Change(e["dato"], " ".join(e["tekst"].split()))
        for e in entries
        if isinstance(e, dict) and isinstance(e.get("dato"), date) and isinstance(e.get("tekst"), str)
    ]
    return sorted(found, key=lambda c: c.day, reverse=True)


def latest(meta: dict[str, object]) -> Change | None:
    found = of_page(meta)
    return found[0] if found else None


Link = tuple[str, str]  # (page title, relative Markdown link target)


def changes_list(pages: Iterable[tuple[Link, list[Change]]]) -> str:
    """The Ændringer page's list: a heading per date, newest first, one line per change text."""
    by_day: dict[date, dict[str, list[Link]]] = {}
    for page, page_changes in pages:
        for change in page_changes:
            by_day.setdefault(change.day, {}).setdefault(change.text, []).append(page)
    if not by_day:
        return "Ingen væsentlige ændringer er registreret endnu."
    sections = []
    for day in sorted(by_day, reverse=True):
        lines = []
        for text, linked in by_day[day].items():
            names = ", ".join(
                f"[{escape.markdown_inline(title)}]({target})"
                for title, target in sorted(linked, key=lambda p: sort_key(p[0]))
            )
            lines.append(f"- {names}: {escape.markdown_inline(text)}")
        sections.append(f"## {in_words(day)} {{#{day.isoformat()}}}\n\n" + "\n".join(lines))
    return "\n\n".join(sections)
