"""Reading time of a page, from its word count, for chapters and the teaching guide.

Counted: the words a reader reads in the page's own text (front matter, code,
HTML comments, citation keys, link targets, Markdown markup and the generated
lists left out). The rate is 200 words a minute, a careful study pace for
Danish expository prose (quicker readers take less); the figure is rounded up
to whole minutes, so it is an estimate, and the page says "ca.".

Shown in two places:

- in a chapter's learning goals box (the box titled "Læringsmål"), as
  a line "Læsetid: ca. N minutter (W ord)." (``with_reading_time``);
- wherever a page writes ``\\laesetid{kapitler/x.md}``, e.g. in the teaching
  guide's tables, as "ca. N min." (``expand``); an unknown page fails the
  build, naming file and line.

Why hand-written: the MkDocs reading-time plugins (mkdocs-reading-time and
the like) count HTML after templates, for the page itself only, and cannot
give another page's time inside a table.
"""

from __future__ import annotations

import math
import re

from relationel_velfaerd.frontmatter import FRONT

WORDS_PER_MINUTE = 200
LEARNING_GOALS = re.compile(r'^(?P<indent>[ \t]*)(?:!!!|\?\?\?\+?) [\w ]+ "Læringsmål"[ \t]*\n', re.M)
PLACEHOLDER = re.compile(r"\\laesetid\{([^}\n]*)\}")

_SKIPPED = [
    re.compile(r"^(```|~~~).*?^\1[ \t]*$", re.S | re.M),  # fenced code
    re.compile(r"<!--.*?-->", re.S),
    re.compile(r"`[^`\n]*`"),
    re.compile(r"\[@[^\]]*\]"),  # citations: "(Hansen 2011)" is read, the key is not
    re.compile(r"\]\([^)]*\)"),  # link targets
    re.compile(r"\{[#.][^}\n]*\}"),  # attribute lists: {#id}
    re.compile(r"^\\\w+.*$", re.M),  # placeholders of generated lists, \bibliography
    re.compile(r"\\\w+\{[^}\n]*\}"),  # \laesetid{...}
    re.compile(r'^[ \t]*(?:!!!|\?\?\?\+?) [\w ]+(?: "[^"\n]*")?[ \t]*$', re.M),  # box openers and their titles
]
WORD = re.compile(r"[^\W\d_](?:[\w'’-]*\w)?")


def words(text: str) -> int:
    """The words a reader reads in a page's Markdown (front matter and markup left out)."""
    body = FRONT.sub("", text, count=1)
    for pattern in _SKIPPED:
        body = pattern.sub(" ", body)
    return len(WORD.findall(body))


def minutes(word_count: int) -> int:
    return max(1, math.ceil(word_count / WORDS_PER_MINUTE))


def with_reading_time(markdown: str, word_count: int) -> str:
    """The learning goals box opened with the page's reading time (unchanged without such a box)."""
    match = LEARNING_GOALS.search(markdown)
    if match is None:
        return markdown
    inner = match.group("indent") + "    "
    words_text = f"{word_count:,}".replace(",", ".")  # Danish thousands: 2.400 ord
    line = f"{inner}*Læsetid: ca. {minutes(word_count)} minutter ({words_text} ord).*\n\n"
    end = match.end()
    return markdown[:end] + "\n" + line + markdown[end:].lstrip("\n")


def expand(markdown: str, word_counts: dict[str, int], shown: str, source: str) -> tuple[str, list[str]]:
    """``\\laesetid{page.md}`` -> "ca. N min."; a problem (file:line) for a page the site does not have.

    ``source`` is the whole file as written, for the line number.
    """
    problems: list[str] = []

    def replace(match: re.Match[str]) -> str:
        target = match.group(1).strip()
        if target not in word_counts:
            lines = source.splitlines()
            line = next((n for n, text in enumerate(lines, 1) if match.group(0) in text), 1)
            problems.append(
                f"{shown}:{line}: \\laesetid{{{target}}} names no page; "
                "write the page's path inside docs/, e.g. \\laesetid{kapitler/metodeskiftet.md}"
            )
            return match.group(0)
        return f"ca. {minutes(word_counts[target])} min."

    return PLACEHOLDER.sub(replace, markdown), problems
