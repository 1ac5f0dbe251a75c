"""A log filter that makes MkDocs' link messages say what the site's own checks say.

``LinkLines``: broken links and anchors reported with the line they are on.
   MkDocs' link validation (the ``validation:`` block of mkdocs.yml) names the
   page but not the line: "Doc file 'x.md' contains a link 'y.md', but the
   target is not found among documentation files." The filter finds the
   line(s) of the page's source holding that link and puts them in front, as
   every other check of the site does:

       docs/x.md:12: contains a link 'y.md', but the target is not found among documentation files.

   A link the site generated (it is in no source line) keeps the file name
   without a line. Why hand-written: MkDocs 1.6 has no option for this.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

PAGE_LOGGER = "mkdocs.structure.pages"
LINK_MESSAGE = re.compile(
    r"^Doc file '(?P<file>[^']+)' (?P<what>contains (?:a|an [a-z ]+?) link '(?P<target>[^']+)'.*)$", re.S
)


class LinkLines(logging.Filter):
    def __init__(self, docs: Path, shown: str) -> None:
        super().__init__()
        self.docs = docs
        self.shown = shown  # docs_dir as the contributor sees it, e.g. "docs"

    def filter(self, record: logging.LogRecord) -> bool:
        match = LINK_MESSAGE.match(record.getMessage())
        if match:
            where = f"{self.shown}/{match.group('file')}"
            lines = self.lines(match.group("file"), match.group("target"))
            if lines:
                where += ":" + ",".join(map(str, lines))
            record.msg, record.args = f"{where}: {match.group('what')}", ()
        return True

    def lines(self, file: str, target: str) -> list[int]:
        try:
            text = (self.docs / file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return []
        link = re.compile(r"(?:\]\(|\]:\s*|<|href=[\"'])" + re.escape(target) + r"[)\s>\"'#]")
        return [n for n, line in enumerate(text.splitlines(), 1) if link.search(line + " ")]


def install(docs: Path, root: Path) -> None:
    """Add the filters once (``mkdocs serve`` loads the config again on every rebuild)."""
    page_logger = logging.getLogger(PAGE_LOGGER)
    for old in [f for f in page_logger.filters if isinstance(f, LinkLines)]:
        page_logger.removeFilter(old)
    shown = str(docs.relative_to(root)) if docs.is_absolute() and docs.is_relative_to(root) else str(docs)
    page_logger.addFilter(LinkLines(docs, shown))
