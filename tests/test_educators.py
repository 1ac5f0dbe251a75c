"""For educators: citation metadata Zotero can read, and a cite-this-page block."""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from pathlib import Path
from urllib.parse import unquote

import bibtexparser
import lxml.html
import pypandoc
import rispy
from playwright.sync_api import Browser

import zotero_embedded_metadata as zotero
from conftest import ROOT, Build
from relationel_velfaerd import danish


def metas(doc: lxml.html.HtmlElement) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for meta in doc.cssselect("meta[name^='citation_']"):
        found.setdefault(meta.get("name"), []).append(meta.get("content"))
    return found


def test_zotero_saves_a_chapter_as_a_web_page_of_the_site_with_the_editors_whole(site: Build) -> None:
    """The tags read as Zotero's Embedded Metadata translator reads them (tests/zotero_embedded_metadata.py)."""
    item = zotero.read(site.html("kapitler/metodeskiftet/"))
    assert item.item_type == "webpage"
    assert item.title == "Metodeskiftet"
    assert item.creators == [("", "Redaktionen af Relationel velfærd")]  # one name, nothing split off as "velfærd"
    assert item.website_title == "Relationel velfærd"
    assert item.url == "https://relationel-velfaerd.github.io/relationel-velfaerd/kapitler/metodeskiftet/"
    assert item.language == "da"
    assert re.fullmatch(r"\d{4}/\d\d/\d\d", item.date)
    assert item.abstract.startswith("Fra service til relation")


def test_the_model_splits_names_as_the_translator_does() -> None:
    """Cases worked through the translator's code, so the model cannot pass by accident."""
    assert zotero.highwire_creators(["Redaktionen af Relationel velfærd"]) == [
        ("Redaktionen af Relationel", "Velfærd")  # the old tag: split at the last space, recased
    ]
    assert zotero.highwire_creators(["Relationel velfærd, Redaktionen af"]) == [
        ("Relationel", "Velfærd"),
        ("Redaktionen", "Af"),
    ]  # one tag with a comma between two spaced parts: two authors
    assert zotero.highwire_creators(["Anne Hansen", "Pedersen, Ove Kaj"]) == [
        ("Anne", "Hansen"),
        ("Ove Kaj", "Pedersen"),
    ]


def test_highwire_tags_of_an_anthology_page(fixture_site: Build) -> None:
    doc = lxml.html.fromstring(fixture_site.html("antologi/pedersen-2011-konkurrencestaten/"))
    tags = metas(doc)
    assert tags["citation_title"] == ["Konkurrencestaten"]
    assert "citation_journal_title" not in tags  # it would make the page a journal article in Zotero
    assert tags["citation_language"] == ["da"]
    assert tags["citation_public_url"] == [
        "https://relationel-velfaerd.github.io/relationel-velfaerd/antologi/pedersen-2011-konkurrencestaten/"
    ]
    for name in ("citation_publication_date", "citation_online_date"):
        year, month, day = tags[name][0].split("/")
        assert len(year) == 4 and len(month) == 2 and len(day) == 2
    assert tags["citation_reference"] == ["Pedersen, Ove Kaj. 2011. Konkurrencestaten. Hans Reitzels Forlag."]
    item = zotero.read(fixture_site.html("antologi/pedersen-2011-konkurrencestaten/"))
    assert (item.item_type, item.website_title) == ("webpage", "Relationel velfærd")


def test_citation_references_keep_their_urls_as_written(site: Build) -> None:
    # Zotero copies these strings: emphasis marks go, but not the underscores of an address.
    references = metas(lxml.html.fromstring(site.html("tidslinje/")))["citation_reference"]
    grundtvig = [r for r in references if r.startswith("Grundtvig, N. F. S. 1838.")]
    assert grundtvig == [
        "Grundtvig, N. F. S. 1838. Skolen for Livet og Academiet i Soer borgerlig betragtet. Kjøbenhavn. "
        "https://tekster.kb.dk/text/gv-1838_593-intro-root."
    ]
    assert not [r for r in references if "*" in r or "\\" in r]


def test_json_ld_is_a_web_page_of_the_website(fixture_site: Build) -> None:
    doc = lxml.html.fromstring(fixture_site.html("henvisninger/"))
    scripts = doc.cssselect('script[type="application/ld+json"]')
    assert len(scripts) == 1
    data = json.loads(scripts[0].text)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "WebPage"
    assert data["isPartOf"] == {
        "@type": "WebSite",
        "name": "Relationel velfærd",
        "url": "https://relationel-velfaerd.github.io/relationel-velfaerd/",
        "inLanguage": "da",
    }
    assert data["inLanguage"] == "da"
    assert data["headline"] == "Henvisninger"
    assert data["author"] == [{"@type": "Organization", "name": "Redaktionen af Relationel velfærd"}]
    assert data["license"] == "https://creativecommons.org/licenses/by/4.0/deed.da"
    assert len(data["citation"]) == 5
    for key in ("datePublished", "dateModified", "url", "description", "publisher"):
        assert data[key]


def test_cite_block_with_copy_button_bibtex_and_ris(fixture_site: Build) -> None:
    doc = lxml.html.fromstring(fixture_site.html("antologi/pedersen-2011-konkurrencestaten/"))
    block = doc.cssselect("aside.citer")
    assert block
    reference = block[0].cssselect(".citer__reference")[0].text_content()
    assert reference.startswith("Redaktionen af Relationel velfærd. 20")
    assert "»Konkurrencestaten«. Relationel velfærd. Sidst opdateret " in reference
    today = date.today()
    assert reference.endswith(  # the build date, which the browser makes the reader's own (test_browser.py)
        f"Hentet {danish.in_words(today)} fra "
        "https://relationel-velfaerd.github.io/relationel-velfaerd/antologi/pedersen-2011-konkurrencestaten/"
    )
    assert block[0].cssselect("button[data-clipboard-text]")[0].get("data-clipboard-text") == reference
    links = {a.text_content(): a for a in block[0].cssselect("a[download]")}
    bibtex = unquote(links["BibTeX"].get("href").split(",", 1)[1])
    assert bibtex.startswith("@online{relationelvelfaerd20")
    assert "title        = {Konkurrencestaten}," in bibtex
    assert "author       = {{Redaktionen af Relationel velfærd}}," in bibtex
    ris = unquote(links["RIS"].get("href").split(",", 1)[1]).split("\r\n")
    assert ris[0] == "TY  - ELEC" and "TI  - Konkurrencestaten" in ris and "LA  - da" in ris
    assert ris[-2] == "ER  - "


def test_pages_outside_chapters_and_anthology_have_no_cite_block(site: Build) -> None:
    assert 'aside class="citer"' not in site.html("litteratur/")
    assert "citation_title" not in site.html("")  # the home page


def test_footer_carries_the_license_and_attribution_line(site: Build) -> None:
    doc = lxml.html.fromstring(site.html("begreber/"))
    footer = doc.cssselect(".md-copyright")[0].text_content()
    assert "CC BY 4.0" in footer and "Genbrug med kildeangivelse" in footer


def test_pages_show_when_they_were_last_updated(site: Build) -> None:
    doc = lxml.html.fromstring(site.html("begreber/"))
    assert "Sidst opdateret" in doc.cssselect("aside.md-source-file")[0].text_content()


def test_the_printable_site_has_no_glossary_marks(site: Build) -> None:
    assert lxml.html.fromstring(site.html("kapitler/metodeskiftet/")).cssselect("article a.begreb")
    assert not lxml.html.fromstring(site.html("udskriv/")).cssselect("a.begreb, .begreb-forklaringer")


def test_printable_site_has_unique_ids_and_working_anchors(site: Build) -> None:
    """udskriv/ joins every page: no id twice, every #link finds its target, a contents list to every page."""
    doc = lxml.html.fromstring(site.html("udskriv/"))
    ids = [element.get("id") for element in doc.iter() if element.get("id")]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    assert duplicates == []
    dead = sorted({a.get("href") for a in doc.iter("a") if (a.get("href") or "").startswith("#")} - {"#"})
    dead = [href for href in dead if href[1:] not in set(ids)]
    assert dead == []
    sections = {s.get("id") for s in doc.cssselect("section.print-page")}
    assert {"index", "kapitler-metodeskiftet", "antologi-buber-1923-ich-und-du", "litteratur"} <= sections
    assert doc.cssselect("#udskrift-forside .forside-tryk")
    contents = {a.get("href") for a in doc.cssselect("#udskrift-indhold a")}
    assert {f"#{key}" for key in sections} <= contents  # works without JavaScript: it is in the HTML
    sidebar = {a.get("href") for a in doc.cssselect("nav.md-nav--secondary a")}  # on screen, beside the text
    assert {f"#{key}" for key in sections} <= sidebar


def test_the_print_page_is_built_like_every_other_page(site: Build) -> None:
    """The site's own template, scripts and styles; not in the search index (each page is there itself)."""

    def assets(url_path: str) -> list[str]:
        doc = lxml.html.fromstring(site.html(url_path))
        return [e.get("src") or e.get("href") for e in doc.cssselect("script[src], link[rel=stylesheet]")]

    assert [a.removeprefix("../") for a in assets("udskriv/")] == [
        a.removeprefix("../../") for a in assets("kapitler/metodeskiftet/")
    ]
    index = json.loads((site.site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert not [d for d in index["docs"] if d["location"].startswith("udskriv/")]
    assert [d for d in index["docs"] if d["location"].startswith("kapitler/metodeskiftet/")]


def test_the_changes_page_lists_every_page_s_record_newest_first(fixture_site: Build) -> None:
    doc = lxml.html.fromstring(fixture_site.html("aendringer/"))
    days = [(h.get("id"), h.text_content().strip().rstrip("¶").strip()) for h in doc.cssselect("article h2")]
    assert days == [("2026-10-15", "15. oktober 2026"), ("2026-09-01", "1. september 2026")]
    lines = [" ".join(li.text_content().split()) for li in doc.cssselect("article h2 + ul > li")]
    assert lines == [
        'Konkurrencestaten: Afsnittet om kritikken <script>alert(1)</script> er *omskrevet* "helt".',
        "Henvisninger, Konkurrencestaten: Ny kilde om konkurrencestaten tilføjet.",  # one line, both pages
    ]
    links = [a.get("href") for a in doc.cssselect("article h2 + ul > li a")]
    assert links == [
        "../antologi/pedersen-2011-konkurrencestaten/",
        "../henvisninger/",
        "../antologi/pedersen-2011-konkurrencestaten/",
    ]
    assert not doc.cssselect("article script")


def test_a_page_shows_its_latest_substantive_change_apart_from_the_git_dates(fixture_site: Build) -> None:
    doc = lxml.html.fromstring(fixture_site.html("antologi/pedersen-2011-konkurrencestaten/"))
    aside = doc.cssselect("aside.md-source-file")[0]
    assert " · Væsentligt ændret 15. oktober 2026 · " in " ".join(aside.text_content().split())
    changed = aside.cssselect("a")[0]
    assert changed.get("href") == "../../aendringer/#2026-10-15"
    assert changed.get("title") == 'Afsnittet om kritikken <script>alert(1)</script> er *omskrevet* "helt".'
    plain = lxml.html.fromstring(fixture_site.html(""))  # no record: no such line
    assert "Væsentligt ændret" not in plain.cssselect("aside.md-source-file")[0].text_content()


def test_a_reference_copied_or_downloaded_carries_the_reader_s_day(
    base_url: str, browser: Browser, tmp_path: Path
) -> None:
    """The browser's own date (here fixed at 5 March 2027), not the build date, in all three forms."""
    context = browser.new_context(locale="da-DK")
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.clock.set_fixed_time(datetime(2027, 3, 5, 10, 0))
    page.goto(base_url + "kapitler/metodeskiftet/")
    visible = page.locator("#citer-reference").inner_text()
    assert " Hentet 5. marts 2027 fra https://relationel-velfaerd.github.io/" in visible
    page.locator("button.citer__copy").click()
    assert page.evaluate("navigator.clipboard.readText()") == visible
    files = {}
    for kind in ("bib", "ris"):
        with page.expect_download() as download:
            page.locator(f"a.md-button[download$='.{kind}']").click()
        files[kind] = tmp_path / f"download.{kind}"
        download.value.save_as(files[kind])
    context.close()
    bib = json.loads(pypandoc.convert_file(str(files["bib"]), "csljson", format="bibtex"))
    assert bib[0]["accessed"] == {"date-parts": [[2027, 3, 5]]}
    assert bib[0]["author"] == [{"literal": "Redaktionen af Relationel velfærd"}]
    ris_text = files["ris"].read_text(encoding="utf-8")
    assert rispy.loads(ris_text)[0]["access_date"] == "2027/03/05"
    ris = json.loads(pypandoc.convert_file(str(files["ris"]), "csljson", format="ris"))
    assert ris[0]["author"] == [{"family": "Redaktionen af Relationel velfærd"}]  # not "Relationel velfærd, R…"


def test_litteratur_offers_the_whole_bibliography_as_bibtex_and_ris(site: Build, tmp_path: Path) -> None:
    doc = lxml.html.fromstring(site.html("litteratur/"))
    links = {a.text_content(): a.get("href") for a in doc.cssselect("article a[download]")}
    assert links == {"BibTeX": "../relationel-velfaerd-litteratur.bib", "RIS": "../relationel-velfaerd-litteratur.ris"}
    source = bibtexparser.parse_string((ROOT / "bibliography" / "litteratur.bib").read_text(encoding="utf-8"))
    keys = sorted(e.key for e in source.entries)
    bib_text = (site.site / "relationel-velfaerd-litteratur.bib").read_text(encoding="utf-8")
    library = bibtexparser.parse_string(bib_text)
    assert library.failed_blocks == []
    assert sorted(e.key for e in library.entries) == keys
    assert not [e.key for e in library.entries if "verified" in e.fields_dict or "ids" in e.fields_dict]
    hood = source.entries_dict["hood1995new"].fields_dict
    exported = library.entries_dict["hood1995new"].fields_dict
    assert {k: v.value for k, v in exported.items()} == {
        k: v.value for k, v in hood.items() if k not in ("verified", "ids")
    }
    records = rispy.loads((site.site / "relationel-velfaerd-litteratur.ris").read_text(encoding="utf-8"))
    assert sorted(r["id"] for r in records) == keys
    lumholt = next(r for r in records if r["id"] == "allentoft2016lumholt")
    assert lumholt["title"] == "Karen Lumholt går et skridt tilbage i tænketanken Cura"  # as written, not sentence case
    (tmp_path / "all.bib").write_text(bib_text, encoding="utf-8")
    assert len(json.loads(pypandoc.convert_file(str(tmp_path / "all.bib"), "csljson", format="biblatex"))) == len(keys)


def test_the_teaching_guide_gives_each_chapter_the_reading_time_its_learning_goals_give(site: Build) -> None:
    guide = lxml.html.fromstring(site.html("undervisning/"))
    rows = guide.cssselect("table")[0].cssselect("tbody tr")
    assert len(rows) == 11
    for row in rows:
        link = row.cssselect("td a")[0].get("href")  # ../kapitler/x/
        shown = row.cssselect("td")[2].text_content().strip()
        chapter = lxml.html.fromstring(site.html(link.removeprefix("../")))
        goals = chapter.cssselect("details.laeringsmaal")[0]
        minutes = re.search(r"Læsetid: ca\. (\d+) minutter \([\d.]+ ord\)", goals.text_content())
        assert minutes and shown == f"ca. {minutes.group(1)} min.", link
    assert "\\laesetid" not in site.html("undervisning/")
