"""Shared fixtures: the real site built once per test run, and throw-away copies.

The real site is built strictly into a temporary folder once per session;
tests assert on its HTML. Tests of bad input build a copy of the project
with one thing broken, so the real tree is never touched.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Playwright, sync_playwright

from relationel_velfaerd import chromium
from relationel_velfaerd.conventions import CHANGES_PAGE
from relationel_velfaerd.localsite import serve
from relationel_velfaerd.pdf import print_handouts_with

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
PROJECT_PARTS = ["mkdocs.yml", "docs", "bibliography", "overrides", "scripts/mkdocs_hooks.py"]
HOOKS = "scripts/mkdocs_hooks.py"  # the package itself is installed (pip install -e .)
HOSTILE = DATA / "hostile"  # pages and a .bib full of markup, for the escaping tests
BROKEN = DATA / "broken"  # pages with one known mistake each (see its README.md)
FIXTURE_WORK_PAGE = "antologi/pedersen-2011-konkurrencestaten.md"  # fixture_site: tests/data/pages/antologi-vaerk.md


@dataclass
class Build:
    project: Path
    site: Path
    returncode: int
    log: str

    def html(self, url_path: str) -> str:
        """HTML of a page by its URL path, e.g. 'litteratur/' or '' for the home page."""
        return (self.site / url_path / "index.html").read_text(encoding="utf-8")


def is_redirect_stub(html: str) -> bool:
    """A page mkdocs-redirects wrote for a moved address (not a page of the site's own)."""
    return 'http-equiv="refresh"' in html and "md-content" not in html


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


def run_tool(command: str, *args: str | Path, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """``python -m relationel_velfaerd COMMAND ARGS`` as a contributor runs it, output captured (60 s at most)."""
    return subprocess.run(
        [sys.executable, "-m", "relationel_velfaerd", command, *map(str, args)],
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
            (dest / part).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / part)
    return dest


def small_project(dest: Path, pages: dict[str, str], bibliography: str) -> Path:
    """A project with the site's real configuration, theme, hooks and assets, but only these pages and works.

    ``pages`` maps a path inside docs/ to its Markdown, in nav order; ``bibliography``
    is the whole of bibliography/litteratur.bib. Builds in seconds.
    """
    shutil.copytree(ROOT / "overrides", dest / "overrides", ignore=shutil.ignore_patterns("__pycache__"))
    (dest / HOOKS).parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / HOOKS, dest / HOOKS)
    shutil.copytree(ROOT / "docs" / "assets", dest / "docs" / "assets")
    (dest / "bibliography").mkdir()
    shutil.copy(ROOT / "bibliography" / "dansk-forfatter-aar.csl", dest / "bibliography")
    (dest / "bibliography" / "litteratur.bib").write_text(bibliography, encoding="utf-8")
    for name, text in pages.items():
        (dest / "docs" / name).parent.mkdir(parents=True, exist_ok=True)
        (dest / "docs" / name).write_text(text, encoding="utf-8")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"^( +redirect_maps:)(?:\n {8}.*)*", r"\1 {}", config, flags=re.M)  # their pages are not here
    nav = "".join(f"  - {name}\n" for name in pages)
    (dest / "mkdocs.yml").write_text(config[: config.rindex("\nnav:")] + f"\nnav:\n{nav}", encoding="utf-8")
    return dest


def write_site(root: Path, urls: list[str]) -> Path:
    """A one-page built site linking to ``urls``, for the link checker's tests."""
    root.mkdir(parents=True, exist_ok=True)
    links = "\n".join(f'<li><a href="{url}">{url}</a></li>' for url in urls)
    (root / "index.html").write_text(
        f'<!doctype html><html><head><meta charset="utf-8"><title>Links</title></head><body><ul>\n{links}\n'
        "</ul></body></html>\n",
        encoding="utf-8",
    )
    return root


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The real site, built strictly once for the whole test run."""
    result = build(ROOT, tmp_path_factory.mktemp("site"))
    assert result.returncode == 0, result.log
    return result


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The fixture pages of tests/data/pages/ with the real Litteratur page, bibliography and configuration.

    A small project, not a second build of the whole site: the real site is the ``site`` fixture.
    """
    data = DATA / "pages"
    pages = {
        "index.md": "---\ntitle: Forside\ndescription: Forsiden.\n---\n\n# Forside\n\nTekst.\n",
        "henvisninger.md": (data / "citations.md").read_text(encoding="utf-8"),
        # The fixture anthology page stands in for the real page on the same work.
        FIXTURE_WORK_PAGE: (data / "antologi-vaerk.md").read_text(encoding="utf-8"),
        "litteratur.md": (ROOT / "docs" / "litteratur.md").read_text(encoding="utf-8"),
        CHANGES_PAGE: (ROOT / "docs" / CHANGES_PAGE).read_text(encoding="utf-8"),
    }
    bibliography = (ROOT / "bibliography" / "litteratur.bib").read_text(encoding="utf-8")
    project = small_project(tmp_path_factory.mktemp("fixture-project"), pages, bibliography)
    shutil.copy(DATA / "bibliography" / "webside.bib", project / "bibliography")
    result = build(project, project / "site")
    assert result.returncode == 0, result.log
    return result


# --- a real browser: Debian's Chromium driven by Playwright ----------------------------


def pages_of(folder: Path) -> dict[str, str]:
    """The Markdown pages of a test-data folder, by their path inside docs/ (its README.md left out)."""
    return {
        p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(folder.rglob("*.md"))
        if p.relative_to(folder).as_posix() != "README.md"
    }


@pytest.fixture(scope="session")
def broken_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """One strict build of a project full of known mistakes (tests/data/broken/); strict mode lists them all."""
    pages = {**pages_of(HOSTILE), **pages_of(BROKEN)}
    bibliography = (HOSTILE / "litteratur.bib").read_text(encoding="utf-8")
    project = small_project(tmp_path_factory.mktemp("broken"), pages, bibliography)
    result = build(project, project / "site")
    assert result.returncode != 0
    assert "Traceback" not in result.log
    return result


@pytest.fixture(scope="session")
def base_url(site: Build) -> Iterator[str]:
    """The real site, served on 127.0.0.1 as GitHub Pages serves it."""
    with serve(site.site) as url:
        yield url


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    if not chromium.CHROMIUM.exists():
        pytest.fail(chromium.MISSING)
    browser = playwright.chromium.launch(executable_path=str(chromium.CHROMIUM), args=chromium.ARGS)
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def handouts(site: Build, base_url: str, browser: Browser) -> list[Path]:
    """The deploy step `make handouts` on the real site: its PDFs written into the built site (pdf/).

    One test uses it (test_linkcheck_site.py), so the PDFs are printed once a run.
    """
    return print_handouts_with(browser, base_url, site.site)


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="da-DK")
    page = context.new_page()
    yield page
    context.close()
