"""Shared fixtures: the real site built once per test run, and throw-away copies.

The real site is built strictly into a temporary folder once per session;
tests assert on its HTML. Tests of bad input build a copy of the project
with one thing broken, so the real tree is never touched.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
PROJECT_PARTS = ["mkdocs.yml", "docs", "bibliography", "overrides"]
FIXTURE_WORK_PAGE = "antologi/pedersen-2011-konkurrencestaten.md"  # replaced by tests/data/pages/antologi-vaerk.md


@dataclass
class Build:
    project: Path
    site: Path
    returncode: int
    log: str

    def html(self, url_path: str) -> str:
        """HTML of a page by its URL path, e.g. 'litteratur/' or '' for the home page."""
        return (self.site / url_path / "index.html").read_text(encoding="utf-8")


def build(project: Path, site: Path) -> Build:
    """Run a strict MkDocs build of ``project`` into ``site``."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    return Build(project, site, proc.returncode, proc.stdout + proc.stderr)


def run_module(module: str, *args: str | Path, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """``python -m MODULE ARGS`` as a contributor runs it, with its output captured (60 s at most)."""
    return subprocess.run(
        [sys.executable, "-m", module, *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


def copy_project(dest: Path) -> Path:
    """A copy of the project's site sources in ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, dest / part)
    return dest


def add_page(project: Path, name: str, text: str) -> None:
    """Write docs/NAME and add it to the end of the nav (the last section of mkdocs.yml)."""
    page = project / "docs" / name
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(text, encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").rstrip("\n") + f"\n  - Test: {name}\n", encoding="utf-8")


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The real site, built strictly once for the whole test run."""
    result = build(ROOT, tmp_path_factory.mktemp("site"))
    assert result.returncode == 0, result.log
    return result


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """A copy of the real site plus the fixture pages in tests/data/pages/."""
    project = copy_project(tmp_path_factory.mktemp("fixture-project"))
    pages = DATA / "pages"
    shutil.copy(DATA / "bibliography" / "webside.bib", project / "bibliography")
    add_page(project, "henvisninger.md", (pages / "citations.md").read_text(encoding="utf-8"))
    # The fixture anthology page stands in for the real page on the same work.
    (project / "docs" / FIXTURE_WORK_PAGE).write_text((pages / "antologi-vaerk.md").read_text(encoding="utf-8"))
    result = build(project, project / "site")
    assert result.returncode == 0, result.log
    return result
