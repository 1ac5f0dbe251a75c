"""The site's tools, one command line: ``python -m relationel_velfaerd COMMAND [ARGS]``.

The make targets call these; ``python -m relationel_velfaerd COMMAND --help``
(or a wrong argument) shows each command's own usage.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from importlib import import_module
from pathlib import Path

# command -> (module, what it does); each module has main(argv) -> exit status.
COMMANDS: dict[str, tuple[str, str]] = {
    "check": (
        "relationel_velfaerd.__main__",
        "the fast checks of make check: bibliography, citation keys, front matter",
    ),
    "bibcheck": ("relationel_velfaerd.bibliography", "check the .bib files [BIB_DIR]"),
    "citekeys": ("relationel_velfaerd.citations", "check that every cited key exists [DOCS_DIR] [BIB_DIR]"),
    "frontmatter": ("relationel_velfaerd.frontmatter", "check every page's front matter [DOCS_DIR]"),
    "spelling": ("relationel_velfaerd.spelling", "Danish spelling with Hunspell [FILES or DIRS]"),
    "urls": ("relationel_velfaerd.urls", "update|check the list of stable addresses SITE_DIR"),
    "new": ("relationel_velfaerd.new", "a new page: kapitel TITLE | vaerk KEY TITLE --gruppe G"),
    "linkcheck": ("relationel_velfaerd.linkcheck", "check links and #anchors of a built site SITE_DIR"),
    "pdf": ("relationel_velfaerd.pdf", "the print page as a PDF (after make build)"),
}


def check(argv: list[str]) -> int:
    """bibcheck, citekeys, frontmatter and the glossary on the project's own folders; the worst exit status."""
    from relationel_velfaerd import bibliography, citations, frontmatter, glossary
    from relationel_velfaerd.conventions import GLOSSARY_PAGE

    if argv:
        print("usage: python -m relationel_velfaerd check", file=sys.stderr)
        return 2
    glossary_problems = glossary.check_file(Path("docs") / GLOSSARY_PAGE, f"docs/{GLOSSARY_PAGE}")
    for problem in glossary_problems:
        print(problem)
    return max(bibliography.main([]), citations.main([]), frontmatter.main([]), int(bool(glossary_problems)))


def _usage() -> str:
    lines = ["usage: python -m relationel_velfaerd COMMAND [ARGS]", "", "commands:"]
    lines += [f"  {name:<12} {help}" for name, (_, help) in COMMANDS.items()]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] not in COMMANDS:
        print(_usage(), file=sys.stderr)
        return 0 if args[:1] in (["-h"], ["--help"]) else 2
    name, rest = args[0], args[1:]
    if name == "check":
        return check(rest)
    command: Callable[[list[str]], int] = import_module(COMMANDS[name][0]).main
    return command(rest)


if __name__ == "__main__":
    sys.exit(main())
