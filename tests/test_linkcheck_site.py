"""The real site's links and anchors, checked in the built HTML as readers click them."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from mkdocs.config import load_config

from conftest import ROOT, Build, build, run_tool, small_project

SITE_URL = load_config(str(ROOT / "mkdocs.yml"))["site_url"]


def linkcheck(site: Build) -> subprocess.CompletedProcess[str]:
    return run_tool("linkcheck", site.site, "--base-url", SITE_URL, "--docs", site.project / "docs")


@pytest.mark.xdist_group("handouts")
def test_every_internal_link_and_anchor_of_the_real_site_resolves(site: Build, handouts: list[Path]) -> None:
    """As the deploy workflow checks it: after the handouts (pdf/) are printed into the site."""
    result = linkcheck(site)
    assert result.returncode == 0, result.stdout + result.stderr
    assert " 0 broken, " in result.stdout.splitlines()[-1]


def test_a_broken_link_in_a_template_is_caught_naming_the_page(tmp_path: Path) -> None:
    """MkDocs validates Markdown links only; a template link is the checker's job."""
    pages = {
        "index.md": "---\ntitle: Forside\ndescription: En side.\n---\n\n# Forside\n\nTekst.\n",
        "ny.md": "---\ntitle: Ny\ndescription: En ny side.\n---\n\n# Ny\n\nTekst.\n",
    }
    project = small_project(tmp_path / "project", pages, "")
    main = project / "overrides" / "main.html"
    template = main.read_text(encoding="utf-8")
    content = "{% block content %}\n"
    assert content in template
    main.write_text(
        template.replace(
            content,
            content + '  {% if page.file.src_uri == "ny.md" %}<a href="../findes-ikke/#sted">død</a>{% endif %}\n',
        ),
        encoding="utf-8",
    )
    built = build(project, project / "site")
    assert built.returncode == 0, built.log
    result = linkcheck(built)
    assert result.returncode == 1
    assert "ny/index.html (docs/ny.md): ../findes-ikke/#sted — " in result.stdout
