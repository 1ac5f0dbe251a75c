"""Stable links: no build may lose a published page or heading anchor without a redirect."""

from __future__ import annotations

from pathlib import Path

from conftest import DATA, ROOT, Build, build, small_project
from relationel_velfaerd.urls import collect, lost, read_manifest


def test_the_build_keeps_every_published_url(site: Build) -> None:
    missing = lost(site.site, read_manifest())
    assert missing == [], "lost without a redirect (see scripts/relationel_velfaerd/urls.py):\n" + "\n".join(missing)


def test_the_manifest_lists_every_page_and_heading_of_the_build(site: Build) -> None:
    unlisted = sorted(set(collect(site.site)) - set(read_manifest()))
    assert unlisted == [], "new URLs; run `make urls` and commit tests/data/urls.txt:\n" + "\n".join(unlisted)


HOME = (
    "---\ntitle: Forside\ndescription: En side.\n---\n\n# Forside\n\n"
    "## Hvem sitet er til {#hvem-sitet-er-til}\n\nTekst.\n"
)
GLOSSARY = (DATA / "pages" / "begreber.md").read_text(encoding="utf-8")


def test_a_renamed_heading_is_caught_and_an_old_id_keeps_it(tmp_path: Path) -> None:
    project = small_project(
        tmp_path / "project", {"index.md": HOME.replace("{#hvem-sitet-er-til}", "{#maalgruppe}")}, ""
    )
    renamed = build(project, project / "site")
    assert renamed.returncode == 0, renamed.log
    assert lost(renamed.site, ["/#hvem-sitet-er-til"]) == ["/#hvem-sitet-er-til"]
    # The documented fix: keep the old id as an alias anchor.
    (project / "docs" / "index.md").write_text(
        HOME.replace(
            "## Hvem sitet er til {#hvem-sitet-er-til}",
            '## Hvem sitet er til {#maalgruppe}\n\n<a id="hvem-sitet-er-til"></a>',
        ),
        encoding="utf-8",
    )
    aliased = build(project, project / "site2")
    assert lost(aliased.site, ["/#hvem-sitet-er-til"]) == []


def test_a_moved_page_is_kept_by_a_redirect(tmp_path: Path) -> None:
    home = HOME + "\nSe [begreberne](ordliste.md#samskabelse).\n"  # the site's own links mended, as a contributor does
    bib = (ROOT / "bibliography" / "litteratur.bib").read_text(encoding="utf-8")  # the glossary cites works
    project = small_project(tmp_path / "project", {"index.md": home, "ordliste.md": GLOSSARY}, bib)
    moved = build(project, project / "site")
    assert moved.returncode == 0, moved.log
    assert lost(moved.site, ["begreber/", "begreber/#samskabelse"]) == ["begreber/", "begreber/#samskabelse"]
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "redirect_maps: {}" in text
    config.write_text(text.replace("redirect_maps: {}", "redirect_maps:\n        begreber.md: ordliste.md"))
    redirected = build(project, project / "site2")
    assert redirected.returncode == 0, redirected.log
    assert lost(redirected.site, ["begreber/", "begreber/#samskabelse"]) == []
