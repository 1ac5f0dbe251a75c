"""Broken links and anchors reported with the line they are on.

MkDocs' link validation (the ``validation:`` block of mkdocs.yml) names the
page but not the line: "Doc file 'x.md' contains a link 'y.md', but the
target is not found among documentation files." This hook adds a logging
filter to MkDocs' page logger that finds the line(s) of the page's source
holding that link and puts them in front, as every other check of the site
does:

    docs/x.md:12: contains a link 'y.md', but the target is not found among documentation files.

A link the site's hooks generated (it is in no source line) keeps the file
name without a line. Why hand-written: MkDocs 1.6 has no option for this.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

PAGE_LOGGER = "mkdocs.structure.pages"
LINK_MESSAGE = re.compile(
    r"^Doc file '(?P<file>[^']+)' (?P<what>contains (?:a|an [a-z ]+?) link '(?P<target>[^']+)'.*)$", re.S
)


class _LinkLines(logging.Filter):
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


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    logger = logging.getLogger(PAGE_LOGGER)
    for old in [f for f in logger.filters if isinstance(f, _LinkLines)]:
        logger.removeFilter(old)  # `mkdocs serve` loads the config again on every rebuild
    docs = Path(config.docs_dir)
    shown = str(docs.relative_to(Path(config.config_file_path).parent)) if docs.is_absolute() else str(docs)
    logger.addFilter(_LinkLines(docs, shown))
    return config
