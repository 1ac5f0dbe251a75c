"""Stable links: no build may lose a published page or heading anchor without a redirect."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import Build, build, copy_project
from relationel_velfaerd.urls import collect, lost, read_manifest


def test_the_build_keeps_every_published_url(site: Build) -> None:
    missing = lost(site.site, read_manifest())
    assert missing == [], "lost without a redirect (see scripts/relationel_velfaerd/urls.py):\n" + "\n".join(missing)


def test_the_manifest_lists_every_page_and_heading_of_the_build(site: Build) -> None:
    unlisted = sorted(set(collect(site.site)) - set(read_manifest()))
    assert unlisted == [], "new URLs; run `make urls` and commit tests/data/urls.txt:\n" + "\n".join(unlisted)


def test_a_renamed_heading_is_caught_and_an_old_id_keeps_it(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    index = project / "docs" / "index.md"
    text = index.read_text(encoding="utf-8")
    index.write_text(text.replace("{#hvem-sitet-er-til}", "{#maalgruppe}"), encoding="utf-8")
    renamed = build(project, project / "site")
    assert renamed.returncode == 0, renamed.log
    assert lost(renamed.site, ["/#hvem-sitet-er-til"]) == ["/#hvem-sitet-er-til"]
    # The documented fix: keep the old id as an alias anchor.
    index.write_text(
        text.replace(
            "## Hvem sitet er til {#hvem-sitet-er-til}",
            '## Hvem sitet er til {#maalgruppe}\n\n<a id="hvem-sitet-er-til"></a>',
        ),
        encoding="utf-8",
    )
    aliased = build(project, project / "site2")
    assert lost(aliased.site, ["/#hvem-sitet-er-til"]) == []


def test_a_moved_page_is_kept_by_a_redirect(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    (project / "docs" / "begreber.md").rename(project / "docs" / "ordliste.md")
    for page in (project / "docs").rglob("*.md"):  # what a contributor does: mend the site's own links
        text = page.read_text(encoding="utf-8")
        page.write_text(re.sub(r"\bbegreber\.md\b", "ordliste.md", text), encoding="utf-8")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace("Begreber: begreber.md", "Begreber: ordliste.md")
    config.write_text(text, encoding="utf-8")
    moved = build(project, project / "site")
    assert lost(moved.site, ["begreber/", "begreber/#samskabelse"]) == ["begreber/", "begreber/#samskabelse"]
    config.write_text(
        text.replace("redirect_maps:\n", "redirect_maps:\n        begreber.md: ordliste.md\n"), encoding="utf-8"
    )
    redirected = build(project, project / "site2")
    assert redirected.returncode == 0, redirected.log
    assert lost(redirected.site, ["begreber/", "begreber/#samskabelse"]) == []
