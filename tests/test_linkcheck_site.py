"""The real site's links and anchors, checked in the built HTML as readers click them."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import lxml.html
import pypdfium2
from mkdocs.config import load_config

from conftest import ROOT, Build, build, run_tool, small_project

SITE_URL = load_config(str(ROOT / "mkdocs.yml"))["site_url"]


def linkcheck(site: Build) -> subprocess.CompletedProcess[str]:
    return run_tool("linkcheck", site.site, "--base-url", SITE_URL, "--docs", site.project / "docs")


def test_the_deploy_build_prints_a_handout_per_chapter_and_every_link_resolves(
    site: Build, handouts: list[Path]
) -> None:
    """The deploy workflow's build job on the real site: build, `make handouts`, then the link check.

    One test, so the PDFs are printed once a run: each chapter's handout exists, is linked from the
    chapter, has its cover (title, edition, reference, address, licence) and no ↩ or screen-only
    instructions; then every internal link and anchor resolves, the PDF links included.
    """
    chapters = sorted((site.project / "docs" / "kapitler").glob("*.md"))
    printed = {p.relative_to(site.site).as_posix() for p in handouts}
    printed_whole = "pdf/relationel-velfaerd.pdf"
    assert printed == {"pdf/relationel-velfaerd.pdf"} | {f"pdf/{c.stem}.pdf" for c in chapters}
    for chapter in chapters:
        doc = lxml.html.fromstring(site.html(f"kapitler/{chapter.stem}/"))
        link = [a.get("href") for a in doc.cssselect(".citer__actions a") if a.text_content() == "Kapitlet som PDF"]
        assert link == [f"../../pdf/{chapter.stem}.pdf"]
        pages = [p.get_textpage().get_text_range() for p in pypdfium2.PdfDocument(str(site.site / link[0][6:]))]
        # pdfium writes a hyphen where a line broke after it as U+FFFE ("relationel-" + "velfaerd").
        cover = " ".join(re.sub("\ufffe\\s*", "-", pages[0]).split())
        title = doc.cssselect("article h1")[0].text_content().strip("¶ ")
        for part in (
            "Relationel velfærd · et kapitel til undervisning",
            title,
            "Udgave Sidst opdateret ",
            "Sådan citerer du kapitlet Redaktionen af Relationel velfærd. ",
            f"Adresse https://relationel-velfaerd.github.io/relationel-velfaerd/kapitler/{chapter.stem}/",
            "Licens CC BY 4.0",
        ):
            assert part in cover, (chapter.name, part)
        text = "\n".join(pages)
        assert "↩" not in text and "holder musen" not in text, chapter.name
        assert "Kilder" in text
    whole = [p.get_textpage().get_text_range() for p in pypdfium2.PdfDocument(str(site.site / printed_whole))]
    assert len(whole) > 100
    cover = " ".join(whole[0].split())
    for part in ("Udgave ", "Sådan citerer du sitet Redaktionen af Relationel velfærd. ", "Adresse http", "Licens "):
        assert part in cover, part
    assert not [n for n, text in enumerate(whole, 1) if "↩" in text or "musen" in text]
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
