"""Check the front matter of every page against the site's schema, and find template text left in.

Usage: python -m relationel_velfaerd frontmatter [DOCS_DIR]

Each kind of page needs its keys (a chapter: title and description; an
anthology page also the work it presents and its group). Every problem is one
line naming the file, the line and the key, e.g.

    docs/kapitler/x.md:3: unknown key 'descripton'; did you mean 'description'?

MkDocs only reports front matter it cannot parse, and then silently treats
the page as having none. A page made with ``make new-chapter`` or ``make
new-work`` starts with the placeholder lines of scripts/relationel_velfaerd/templates/; each one
still in the page is reported too, so no placeholder is ever published.

The build runs the same check (the site index, site_index.py, reads every
page's front matter with it), so a page with bad front matter fails it.
Exit status: 0 when all pages pass, 1 when one does not, 2 for bad usage.
"""

from __future__ import annotations

import difflib
import re
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml
from markupsafe import Markup, escape

from relationel_velfaerd import changes, textfile
from relationel_velfaerd.conventions import ANTHOLOGY, ANTHOLOGY_INDEX_PAGE, CHANGES_KEY, CHAPTERS, GROUP_KEY, WORK_KEY

# The anthology groups: front matter 'gruppe' -> heading in the nav and on the anthology
# index, in this order. The one list; new.py and citations.py read it.
GROUPS = {
    "dansk-debat": "Dansk debat 2011–2018",
    "relationsfilosofi": "Relationsfilosofi",
    "offentlig-styring": "Offentlig styring",
    "tillid-og-civilsamfund": "Tillid og civilsamfund",
    "forskning": "Forskning i samskabelse og frivillighed",
}


@dataclass(frozen=True)
class Key:
    kind: type | tuple[type, ...]
    help: str
    item: type | None = None  # for a list: the type of every element


KEYS: dict[str, Key] = {
    "title": Key(str, "the page title, e.g. title: Værdiskiftet"),
    "description": Key(str, "one sentence of at most 160 characters for search engines and link previews"),
    "authors": Key(list, "a list of names, e.g. authors: [Anne Hansen]", item=str),
    "date": Key((date, str), "first published, as YYYY-MM-DD"),
    "tags": Key(list, "a list of words", item=str),
    WORK_KEY: Key(str, "the BibTeX key of the work an anthology page presents"),
    GROUP_KEY: Key(str, "the anthology group: " + ", ".join(sorted(GROUPS))),
    CHANGES_KEY: Key(list, changes.HELP, item=dict),
    # Keys MkDocs and Material understand themselves.
    "hide": Key(list, "parts of the page to hide, e.g. [toc]", item=str),
    "search": Key(dict, "search settings, e.g. {exclude: true}"),
    "template": Key(str, "a template in overrides/"),
}
# Keys whose text Material's templates print into the page as they are (MkDocs'
# Jinja does not autoescape): the build HTML-escapes them (escape_for_templates).
PRINTED = ("title", "description", "authors", "tags")
REQUIRED: dict[str, list[str]] = {
    CHAPTERS: ["title", "description"],
    ANTHOLOGY: ["title", "description", WORK_KEY, GROUP_KEY],
    "": ["title", "description"],
}
NOT_CHECKED = {ANTHOLOGY_INDEX_PAGE}  # the anthology index groups works, it presents none
FRONT = re.compile(r"\A---[ \t]*\n(.*?\n)---[ \t]*\n", re.S)
TEMPLATES = Path(__file__).resolve().parent / "templates"  # the page templates; new.py fills them in
KEPT_FROM_TEMPLATES = {"Efter kapitlet kan du"}  # template lines a finished page keeps


@dataclass
class Problem:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


def _placeholders() -> set[str]:
    """The template lines a contributor must replace: prose, not headings, boxes or comments."""
    lines: set[str] = set()
    for template in TEMPLATES.glob("*.md"):
        body = FRONT.sub("", template.read_text(encoding="utf-8"))
        body = re.sub(r"<!--.*?-->", "", body, flags=re.S)
        for line in body.splitlines():
            text = line.strip()
            if text and not text.startswith(("#", "!!!", "???", "\\")) and "{" not in text:
                lines.add(text)
    return lines - KEPT_FROM_TEMPLATES


PLACEHOLDERS = _placeholders()


def _template_text(text: str, shown: str) -> list[Problem]:
    return [
        Problem(shown, n, f"text from the page template is still here: '{line.strip()}'; write your own")
        for n, line in enumerate(text.splitlines(), 1)
        if line.strip() in PLACEHOLDERS
    ]


def _required(rel: str) -> list[str]:
    if rel in NOT_CHECKED:
        return ["title", "description"]
    return next(keys for prefix, keys in REQUIRED.items() if rel.startswith(prefix))


def check_page(text: str, rel: str, shown: str) -> list[Problem]:
    """Problems in one page's front matter; ``rel`` is its path inside docs/."""
    return read_page(text, rel, shown)[1]


# libyaml's safe loader where PyYAML was built with it (its wheels are): the same YAML in a tenth
# of the time of the pure-Python loader. A page it rejects is read again by the pure-Python
# loader, whose messages say more ("expected ',' or ']', but got ':'").
FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _load(block: str) -> object:
    try:
        return yaml.load(block, Loader=FAST_LOADER)
    except yaml.YAMLError:
        return yaml.safe_load(block)


def read_page(text: str, rel: str, shown: str) -> tuple[dict[str, object], list[Problem]]:
    """A page's front matter (empty when it cannot be read) and its problems; ``rel`` is its path inside docs/."""
    data, problems = _parse(text, rel, shown)
    return data, problems + _template_text(text, shown)


def _parse(text: str, rel: str, shown: str) -> tuple[dict[str, object], list[Problem]]:
    match = FRONT.match(text)
    if not match:
        return {}, [Problem(shown, 1, "no front matter; start the file with ---, title:, description: and ---")]
    try:
        data = _load(match.group(1)) or {}
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = (mark.line + 2) if mark else 1
        return {}, [Problem(shown, line, f"front matter is not valid YAML ({getattr(err, 'problem', err)})")]
    except ValueError as err:  # a date YAML recognises but the calendar lacks: 2020-13-45
        line = next((n for n, t in enumerate(match.group(1).splitlines(), 2) if re.search(r"\d{4}-\d\d-\d\d", t)), 2)
        return {}, [
            Problem(shown, line, f"front matter has an impossible date ({err}); write a real date as YYYY-MM-DD")
        ]
    if not isinstance(data, dict):
        return {}, [Problem(shown, 2, "front matter must be 'key: value' lines")]
    line_of = {key: _line(match.group(1), key) for key in data}
    problems: list[Problem] = []
    for key, value in data.items():
        line = line_of.get(key, 2)
        if key in KEYS and value is None:
            problems.append(Problem(shown, line, f"key '{key}' is empty; it should be {KEYS[key].help}"))
            continue
        if key not in KEYS:
            close = difflib.get_close_matches(str(key), KEYS, n=1)
            hint = f"; did you mean '{close[0]}'?" if close else f"; known keys: {', '.join(KEYS)}"
            problems.append(Problem(shown, line, f"unknown key '{key}'{hint}"))
            continue
        item = KEYS[key].item
        if not isinstance(value, KEYS[key].kind) or (item and not all(isinstance(v, item) for v in value)):
            problems.append(Problem(shown, line, f"key '{key}' has the wrong form; it should be {KEYS[key].help}"))
            continue
        if key == "description" and len(value) > 160:
            problems.append(Problem(shown, line, f"key 'description' is {len(value)} characters; keep it to 160"))
        if key == GROUP_KEY and value not in GROUPS:
            problems.append(Problem(shown, line, f"key 'gruppe' is '{value}'; use one of {', '.join(sorted(GROUPS))}"))
        if key == CHANGES_KEY:
            problems += [Problem(shown, line, message) for message in changes.problems(value)]
        if isinstance(value, str) and not value.strip():
            problems.append(Problem(shown, line, f"key '{key}' is empty; it should be {KEYS[key].help}"))
    for key in _required(rel):
        if key not in data:
            problems.append(Problem(shown, 1, f"missing key '{key}': {KEYS[key].help}"))
    return data, problems


def escape_for_templates(meta: dict[str, object]) -> None:
    """HTML-escape, in place, the front matter values that Material's templates print unescaped.

    The values become MarkupSafe ``Markup``, so a template that escapes (``| e``,
    or this site's own autoescaped partials) does not escape them twice; code
    that needs the text as typed calls ``Markup(value).unescape()``.
    """
    for key in PRINTED:
        value = meta.get(key)
        if isinstance(value, str) and not isinstance(value, Markup):
            meta[key] = escape(value)
        elif isinstance(value, list):
            meta[key] = [escape(v) if isinstance(v, str) and not isinstance(v, Markup) else v for v in value]


def _line(block: str, key: object) -> int:
    """Line number in the file of a top-level key (the front matter starts on line 2)."""
    for n, line in enumerate(block.splitlines(), 2):
        if line.startswith(f"{key}:"):
            return n
    return 2


def check_dir(docs: Path, root: Path | None = None) -> list[Problem]:
    problems: list[Problem] = []
    for path in sorted(docs.rglob("*.md")):
        rel = path.relative_to(docs).as_posix()
        shown = str(path.relative_to(root)) if root else str(path)
        try:
            text = textfile.read(path, shown)
        except textfile.NotUtf8 as err:
            problems.append(Problem(shown, err.line, err.reason))
            continue
        problems += check_page(text, rel, shown)
    return problems


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    docs = Path(args[0] if args else "docs")
    if len(args) > 1 or not docs.is_dir():
        print("usage: python -m relationel_velfaerd frontmatter [DOCS_DIR]", file=sys.stderr)
        return 2
    problems = check_dir(docs)
    for problem in problems:
        print(problem)
    return 1 if problems else 0
