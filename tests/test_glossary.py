"""Glossary terms explain themselves on every page, in their inflected forms too."""

from __future__ import annotations

import importlib.util
import logging
import sys
from pathlib import Path

import lxml.html
import pytest

from conftest import DATA, ROOT, Build, add_page, build, copy_project, small_project

PAGE = """---
title: Brug
description: En side der bruger begreberne.
---

# Brug

## Samskabelse i praksis {#praksis}

Samskabelsen lykkes ikke altid. Samskabelsens pris er tid. Kritikere af New Public
Management taler om samskabelse. Ordet samskabelsesprocesser står her også.

```text
samskabelse i en kodeblok tæller ikke
```
"""


@pytest.fixture(scope="module")
def glossary_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    pages = {
        "index.md": "---\ntitle: Forside\ndescription: En forside.\n---\n\n# Forside\n\n"
        "Om samskabelse og New Public Management.\n",
        "begreber.md": (DATA / "pages" / "begreber.md").read_text(encoding="utf-8"),
        "brug.md": PAGE,
        "uden.md": "---\ntitle: Uden\ndescription: Ingen begreber her.\n---\n\n# Uden\n\nIntet.\n",
    }
    bibliography = (ROOT / "bibliography" / "litteratur.bib").read_text(encoding="utf-8")
    project = small_project(tmp_path_factory.mktemp("glossary"), pages, bibliography)
    result = build(project, project / "site")
    assert result.returncode == 0, result.log
    return result


def abbrs(result: Build, url: str) -> dict[str, str]:
    doc = lxml.html.fromstring(result.html(url))
    return {a.text_content(): a.get("title") for a in doc.cssselect("article abbr")}


def test_inflected_and_capitalised_forms_get_the_definition(glossary_site: Build) -> None:
    found = abbrs(glossary_site, "brug/")
    definition = "Når borgere, foreninger og det offentlige skaber velfærd sammen."
    for form in ("Samskabelsen", "Samskabelsens", "samskabelse", "samskabelsesprocesser"):
        assert found.get(form) == definition, form
    # The term wraps over two lines in the source and still gets its tooltip.
    assert found["New Public Management"] == "En markedsinspireret styringsfilosofi i den offentlige sektor."


def test_terms_are_keyboard_focusable(glossary_site: Build) -> None:
    doc = lxml.html.fromstring(glossary_site.html("brug/"))
    assert all(a.get("tabindex") == "0" for a in doc.cssselect("abbr"))


def test_code_and_headings_are_left_alone(glossary_site: Build) -> None:
    doc = lxml.html.fromstring(glossary_site.html("brug/"))
    assert not doc.cssselect("pre abbr, code abbr")
    assert doc.cssselect("h2#praksis") and not doc.cssselect("h1 abbr, h2 abbr, h3 abbr")


def test_glossary_lists_the_pages_that_use_each_term(glossary_site: Build) -> None:
    doc = lxml.html.fromstring(glossary_site.html("begreber/"))
    usage = {p.getprevious().getprevious().get("id"): p for p in doc.cssselect("p.begreb-brug")}
    for term in ("samskabelse", "new-public-management"):
        hrefs = [a.get("href") for a in usage[term].cssselect("a")]
        assert "../brug/" in hrefs and "../uden/" not in hrefs
        assert "../" in hrefs  # the home page uses both terms too
    assert not doc.cssselect("article abbr")  # the glossary page explains itself


def test_a_term_without_definition_fails_naming_file_and_line(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    add_page(project, "begreber.md", "---\ntitle: Begreber\n---\n\n# Begreber\n\n## Tomt {#tomt}\n")
    result = build(project, project / "site")
    assert result.returncode != 0
    assert "docs/begreber.md:7: term 'Tomt' has no definition paragraph" in result.log


def test_two_terms_with_one_id_are_reported_and_the_first_kept(caplog: pytest.LogCaptureFixture) -> None:
    spec = importlib.util.spec_from_file_location("glossary_hook", ROOT / "overrides" / "hooks" / "glossary.py")
    assert spec and spec.loader
    hook = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = hook  # dataclasses look their module up there
    spec.loader.exec_module(hook)
    text = "# Begreber\n\n## Tillid {#tillid}\n\nDen første.\n\n## Tiltro {#tillid}\n\nDen anden.\n"
    with caplog.at_level(logging.WARNING, logger="mkdocs.plugins.glossary"):
        terms = hook._parse(text, "docs/begreber.md")
    assert [t.name for t in terms] == ["Tillid"]
    assert caplog.messages == [
        "docs/begreber.md:7: term 'Tiltro' has the id #tillid, which 'Tillid' on line 3 already has; "
        "give each term its own id"
    ]
