"""Scaffolding a page: `make new-chapter` and `make new-work` (scripts/relationel_velfaerd/new.py)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from conftest import copy_project, run_tool


def new(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_tool("new", "--root", root, *args)


def test_new_chapter_and_work_get_a_file_a_nav_entry_and_a_failing_front_matter(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    assert new(project, "kapitel", "Læring og tillid i ældreplejen").returncode == 0
    result = new(project, "vaerk", "cottam2012case", "The Case for Relational Welfare", "--gruppe", "offentlig-styring")
    assert result.returncode == 0, result.stderr
    chapter = project / "docs" / "kapitler" / "laering-og-tillid-i-aeldreplejen.md"
    work = project / "docs" / "antologi" / "cottam-2012-case.md"
    assert chapter.read_text(encoding="utf-8").startswith("---\ntitle: Læring og tillid i ældreplejen\n")
    assert "vaerk: cottam2012case\ngruppe: offentlig-styring\n" in work.read_text(encoding="utf-8")
    nav = (project / "mkdocs.yml").read_text(encoding="utf-8")
    assert "      - kapitler/kritik-og-dilemmaer.md\n      - kapitler/laering-og-tillid-i-aeldreplejen.md\n" in nav
    assert "          - antologi/cottam-2012-case.md\n" in nav.split("Offentlig styring:")[1].split("Tillid og")[0]
    # The description is left for the contributor: the front matter check says so.
    check = run_tool("frontmatter", "docs", cwd=project)
    assert check.returncode == 1
    assert "docs/kapitler/laering-og-tillid-i-aeldreplejen.md:3: key 'description' is empty" in check.stdout
    # So is every placeholder line of the template, until it is replaced.
    assert (
        "docs/antologi/cottam-2012-case.md:23: text from the page template is still here: "
        "'Resuméet med egne ord.'; write your own"
    ) in check.stdout
    assert "'Efter kapitlet kan du'" not in check.stdout


def test_an_existing_page_is_never_overwritten(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    result = new(project, "kapitel", "Metodeskiftet")
    assert result.returncode == 1
    assert result.stderr == "new: docs/kapitler/metodeskiftet.md exists already; choose another title\n"


def test_a_badly_shaped_key_is_refused_with_the_rule(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    result = new(project, "vaerk", "Cottam2012", "Titel", "--gruppe", "offentlig-styring")
    assert result.returncode == 1
    assert "'Cottam2012' is not a key shaped authorYYYYword" in result.stderr
