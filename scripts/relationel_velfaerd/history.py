"""When each page was created and last changed: one ``git log`` over ``docs/``.

Why not mkdocs-git-revision-date-localized (which the site used until December
2026): it runs ``git log --follow`` twice per page, 110 processes for 55 pages,
0.6-0.8 s of a 3.5 s build (``benchmarks/build_speed.py``), and in 1.6.3 a page
without history could fail a strict build at random (it timed such a page with
two ``time.time()`` calls). One ``git log --name-status`` over ``docs/`` gives both
dates of every page in about 10 ms, renames followed, and the same pass serves
the page's history link.

Commits listed in ``.git-blame-ignore-revs`` (one hash per line, ``#`` comments;
the file GitHub's blame view reads too) do not count as a page's last update: a
site-wide copy-edit must not look like new content.

A page with no commit (new, not yet committed) or a checkout without git (a
downloaded archive) gets the build date for both.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from relationel_velfaerd.danish import in_words

TIMEZONE = ZoneInfo("Europe/Copenhagen")  # the editors' day, not UTC's
IGNORE_FILE = ".git-blame-ignore-revs"
COMMIT = "\x00"  # starts each commit's line: git writes %x00 as this byte


@dataclass(frozen=True)
class Dates:
    created: date
    updated: date

    @property
    def created_text(self) -> str:
        return in_words(self.created)

    @property
    def updated_text(self) -> str:
        return in_words(self.updated)


def ignored_commits(root: Path) -> set[str]:
    """The hashes in .git-blame-ignore-revs (full or abbreviated)."""
    path = root / IGNORE_FILE
    if not path.is_file():
        return set()
    lines = (line.split("#", 1)[0].strip().lower() for line in path.read_text(encoding="utf-8").splitlines())
    return {line for line in lines if line}


def git_log(root: Path, folder: str) -> str | None:
    """The log of ``folder`` newest first, one line per commit and one per changed file; None without git."""
    try:
        result = subprocess.run(
            ["git", "log", "--format=%x00%H %at", "--name-status", "-M", "--no-show-signature", "--", folder],
            cwd=root,
            capture_output=True,
            text=True,
            encoding="utf-8",
            check=False,
        )
    except OSError:  # git is not installed
        return None
    return result.stdout if result.returncode == 0 else None


def parse(log: str, folder: str, ignored: set[str]) -> dict[str, Dates]:
    """Dates per path inside ``folder`` (as MkDocs' ``src_uri``), from ``git_log``'s output.

    The log runs newest first, so a file's first commit seen is its last
    update and its last "A" its creation. A rename ("R100 old new") makes the
    old name stand for the new one in older commits; a deletion ends the
    history of a file that was later added again under the same name.
    """
    prefix = folder.rstrip("/") + "/"
    created: dict[str, date] = {}
    updated: dict[str, date] = {}
    current: dict[str, str | None] = {}  # a name in older commits -> the file's name today (None: gone)
    day, skip = date.min, False
    for line in log.splitlines():
        if line.startswith(COMMIT):
            sha, stamp = line[1:].split()
            day = datetime.fromtimestamp(int(stamp), TIMEZONE).date()
            skip = any(sha.startswith(i) or i.startswith(sha) for i in ignored)
            continue
        parts = line.split("\t")
        if len(parts) < 2:
            continue
        status, path = parts[0], parts[-1]
        name = current.get(path, path)
        if name is None:
            continue
        if status.startswith("D"):  # older commits are an earlier file of that name, or one gone today
            current[path] = None
            continue
        if not skip and status != "R100":  # a move alone changes no content
            updated.setdefault(name, day)
        if status.startswith("R") and len(parts) == 3:
            current[parts[1]] = name
        if status.startswith(("A", "R", "C")):
            created[name] = day
    return {
        path[len(prefix) :]: Dates(created=created[path], updated=updated.get(path, created[path]))
        for path in created
        if path.startswith(prefix)
    }


def page_dates(root: Path, folder: str = "docs") -> dict[str, Dates]:
    """Every committed page's dates; pages missing here get the build date (``dates_of``)."""
    log = git_log(root, folder)
    return parse(log, folder, ignored_commits(root)) if log else {}


def dates_of(known: dict[str, Dates], src_uri: str, today: date) -> Dates:
    return known.get(src_uri) or Dates(created=today, updated=today)
