"""Glossary terms explain themselves on every page, in their inflected forms too."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import markdown
import pytest

from conftest import DATA, ROOT, Build, build, small_project
from relationel_velfaerd import danish, glossary

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


def previews(result: Build, url: str) -> dict[str, str]:
    """Each marked word -> the text its preview shows (the definition the page carries for it)."""
    doc = lxml.html.fromstring(result.html(url))
    return {
        a.text_content(): " ".join(
            " ".join(p.text_content() for p in doc.get_element_by_id(a.get("href").split("#")[1]).iter("p")).split()
        )
        for a in doc.cssselect("article a.begreb")
    }


SAMSKABELSE = "Samskabelse: Når borgere, foreninger og det offentlige skaber velfærd sammen."
NPM = "New Public Management: En markedsinspireret styringsfilosofi i den offentlige sektor."


def render(markdown_text: str, source: Path = DATA / "pages" / "begreber.md") -> lxml.html.HtmlElement:
    """Markdown rendered with the glossary extension and the site's other extensions that shape the tree."""
    html = markdown.markdown(
        markdown_text,
        extensions=["attr_list", "admonition", "footnotes", "md_in_html", glossary.GlossaryExtension(source=source)],
    )
    return lxml.html.fromstring(f"<div>{html}</div>")


def marks(doc: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    return doc.cssselect("a.begreb")


def marked(doc: lxml.html.HtmlElement) -> list[str]:
    return [a.text_content() for a in marks(doc)]


def test_each_term_is_marked_once_at_its_first_use_in_any_form() -> None:
    doc = render("Samskabelsen lykkes ikke altid. Samskabelsens pris er tid, og samskabelse tager tid.\n")
    assert marked(doc) == ["Samskabelsen"]
    mark = marks(doc)[0]
    assert mark.get("href") == "begreb:samskabelse"  # the hooks give the address on the site
    assert (
        doc.text_content().strip()
        == "Samskabelsen lykkes ikke altid. Samskabelsens pris er tid, og samskabelse tager tid."
    )


def test_a_term_wrapped_over_two_lines_is_marked() -> None:
    assert marked(render("Kritikere af New Public\nManagement.\n")) == ["New Public\nManagement"]


def test_links_headings_code_notes_and_boxes_are_left_alone_and_the_next_use_is_marked() -> None:
    doc = render(
        "# Samskabelse\n\n"
        '!!! note "Samskabelse"\n    Indhold.\n\n'
        "[Samskabelse](x.md) og `samskabelse` i kode.\n\n"
        "Om New Public Management[^1].\n\n"
        "Her er samskabelse i teksten.\n\n"
        "Samskabelse i en post.\n{: .litteratur-post }\n\n"
        "[^1]: En note om samskabelse.\n"
    )
    assert marked(doc) == ["New Public Management", "samskabelse"]
    assert [a.getparent().text_content() for a in marks(doc)][1] == "Her er samskabelse i teksten."


def test_on_the_glossary_page_a_term_is_not_marked_in_its_own_entry() -> None:
    doc = render(
        "## Samskabelse {#samskabelse}\n\nSamskabelse er, når New Public Management ikke er nok.\n\n"
        "## New Public Management {#new-public-management}\n\nStyring, der ikke er samskabelse.\n"
    )
    assert marked(doc) == ["New Public Management", "samskabelse"]


def test_terms_link_their_entry_preview_their_definition_and_stay_out_of_headings(glossary_site: Build) -> None:
    doc = lxml.html.fromstring(glossary_site.html("brug/"))
    hrefs = [a.get("href") for a in doc.cssselect("article a.begreb")]  # links: keyboard-focusable
    assert hrefs == ["../begreber/#begreb-samskabelse", "../begreber/#begreb-new-public-management"]
    assert not doc.cssselect("pre a.begreb, code a.begreb")
    assert doc.cssselect("h2#praksis") and not doc.cssselect("h1 a.begreb, h2 a.begreb, h3 a.begreb")
    assert previews(glossary_site, "brug/") == {
        "Samskabelsen": SAMSKABELSE + " Læs mere i Begreber",
        "New Public\nManagement": NPM + " Læs mere i Begreber",
    }
    more = [a.get("href") for a in doc.cssselect(".begreb-forklaringer a")]
    assert more == hrefs  # "Læs mere i Begreber" leads to the same entry
    entries = lxml.html.fromstring(glossary_site.html("begreber/"))
    for href in hrefs:  # each entry's definition paragraph carries the anchor
        assert entries.get_element_by_id(href.split("#")[1]).tag == "p"
    search = (glossary_site.site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "Læs mere i Begreber" not in search  # the previews are not indexed as the page's text


def test_glossary_lists_the_pages_that_use_each_term(glossary_site: Build) -> None:
    doc = lxml.html.fromstring(glossary_site.html("begreber/"))
    usage = {p.getprevious().getprevious().get("id"): p for p in doc.cssselect("p.begreb-brug")}
    for term in ("samskabelse", "new-public-management"):
        hrefs = [a.get("href") for a in usage[term].cssselect("a")]
        assert "../brug/" in hrefs and "../uden/" not in hrefs
        assert "../" in hrefs  # the home page uses both terms too


def test_a_term_without_definition_fails_naming_file_and_line(broken_site: Build) -> None:
    assert "docs/begreber.md:8: term 'Tomt' has no definition paragraph" in broken_site.log


def test_two_terms_with_one_id_are_reported_and_the_first_kept() -> None:
    text = "# Begreber\n\n## Tillid {#tillid}\n\nDen første.\n\n## Tiltro {#tillid}\n\nDen anden.\n"
    terms, problems = glossary.read_terms(text, "docs/begreber.md")
    assert [t.name for t in terms] == ["Tillid"]
    assert problems == [
        "docs/begreber.md:7: term 'Tiltro' has the id #tillid, which 'Tillid' on line 3 already has; "
        "give each term its own id"
    ]


def test_terms_out_of_danish_alphabetical_order_are_named_with_their_line() -> None:
    text = (
        "# Begreber\n\n## Økonomisme {#oe}\n\nEn.\n\n## Aarhus-modellen {#aa}\n\nTo.\n\n"
        "## Zone {#z}\n\nTre.\n\n## Ældreråd {#ae}\n\nFire.\n"
    )
    terms, problems = glossary.read_terms(text, "docs/begreber.md")
    assert [t.name for t in terms] == ["Økonomisme", "Aarhus-modellen", "Zone", "Ældreråd"]
    # "Aa" sorts as "å", after "ø", so only "Zone" is out of place; "Ældreråd" after it is right.
    assert problems == [
        "docs/begreber.md:11: term 'Zone' comes after 'Aarhus-modellen' (line 7); "
        "Begreber lists its terms A–Å in Danish order (æ, ø, å last), so move it up"
    ]


def test_the_real_glossary_lists_its_terms_a_to_aa_with_a_letter_index(site: Build) -> None:
    doc = lxml.html.fromstring(site.html("begreber/"))
    names = [h.text_content().rstrip("¶").strip() for h in doc.cssselect("article h2[id]")]
    assert names == sorted(names, key=danish.sort_key) and len(names) > 40
    for heading in doc.cssselect("article h2[id]"):  # every entry's definition can be linked and previewed
        assert heading.getnext().get("id") == f"begreb-{heading.get('id')}", heading.get("id")
    letters = [a.text_content() for a in doc.cssselect("nav.begreber-register a")]
    assert letters[0] == "A" and letters[-2:] == ["Æ", "Ø"]
    for link in doc.cssselect("nav.begreber-register a"):
        target = doc.get_element_by_id(link.get("href")[1:])
        assert target.text_content().startswith(link.text_content())
