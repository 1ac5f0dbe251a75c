"""The fast checks of `make check` for prose: Danish spelling and Markdown lint.

Each check runs on a fixture with known errors (tests/data/checks/) and must
report exactly those, as the contributor sees them; the real tree must pass.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import DATA, ROOT, run_tool

CHECKS = DATA / "checks"


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*map(str, args)], cwd=ROOT, capture_output=True, text=True, check=False)


def test_spelling_names_file_line_word_and_suggestions() -> None:
    result = run_tool("spelling", CHECKS / "stavefejl.md")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "tests/data/checks/stavefejl.md:3: velfærdd (forslag: velfærd, velfærds)",
        "tests/data/checks/stavefejl.md:8: samfundett (forslag: samfundet, samfundets)",
        "tests/data/checks/stavefejl.md:22: relationn (forslag: relation, relationen, relations)",
    ]
    assert "add it to scripts/relationel_velfaerd/ordliste.txt" in result.stderr


def test_spelling_of_the_real_site_passes() -> None:
    result = run_tool("spelling", "docs")
    assert result.returncode == 0, result.stdout
    assert " 0 misspellings" in result.stderr


def test_markdown_lint_names_file_line_and_rule() -> None:
    result = run(Path(sys.executable).parent / "pymarkdown", "scan", CHECKS / "markdown-fejl.md")
    assert result.returncode == 1
    lines = [line.replace(str(ROOT) + "/", "") for line in result.stdout.splitlines()]
    assert [line.split(": ", 2)[:2] for line in lines] == [
        ["tests/data/checks/markdown-fejl.md:6:1", "MD022"],
        ["tests/data/checks/markdown-fejl.md:7:1", "MD022"],
        ["tests/data/checks/markdown-fejl.md:9:1", "MD045"],
    ]
    assert "Images should have alternate text" in lines[2]


def test_markdown_lint_of_the_real_site_passes() -> None:
    result = run(Path(sys.executable).parent / "pymarkdown", "scan", "docs")
    assert result.returncode == 0, result.stdout


def test_citation_keys_unknown_to_the_bibliography_are_named_with_file_and_lines() -> None:
    result = run_tool("citekeys", CHECKS / "henvisninger", "bibliography")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"{CHECKS}/henvisninger/side.md:9, 11: unknown citation key '@pedersen2011konkurencestaten'; "
        "add the work to bibliography/*.bib or correct the key"
    ]


def test_citation_keys_of_the_real_site_pass() -> None:
    result = run_tool("citekeys", "docs", "bibliography")
    assert result.returncode == 0, result.stdout
