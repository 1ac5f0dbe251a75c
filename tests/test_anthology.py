"""Anthology pages: the reference comes from the bibliography, "Brugt i" from the citations."""

from __future__ import annotations

import lxml.html

from conftest import Build


def test_anthology_page_shows_the_reference_from_the_bibliography(fixture_site: Build) -> None:
    doc = lxml.html.fromstring(fixture_site.html("antologi/pedersen-2011-konkurrencestaten/"))
    block = doc.cssselect("div.antologi-reference")
    assert block, "no reference block"
    text = block[0].text_content()
    assert "Pedersen, Ove Kaj. 2011. Konkurrencestaten. Hans Reitzels Forlag." in text
    link = block[0].cssselect("a")[-1]
    assert link.get("href") == "../../litteratur/#ref-pedersen2011konkurrencestaten"


def test_brugt_i_lists_exactly_the_pages_that_cite_the_work(fixture_site: Build) -> None:
    doc = lxml.html.fromstring(fixture_site.html("antologi/pedersen-2011-konkurrencestaten/"))
    heading = doc.cssselect("h2#brugt-i")
    assert heading
    items = heading[0].getnext().getnext()  # the intro sentence, then the list
    links = [(a.text_content(), a.get("href")) for a in items.cssselect("li a")]
    citing = sorted(
        str(p.relative_to(fixture_site.project / "docs"))
        for p in (fixture_site.project / "docs").rglob("*.md")
        if "@pedersen2011konkurrencestaten" in p.read_text(encoding="utf-8")
        and not str(p.relative_to(fixture_site.project / "docs")).startswith("antologi/")
    )
    assert len(links) == len(citing) >= 1
    assert ("Henvisninger", "../../henvisninger/") in links


def test_litteratur_links_each_entry_to_its_anthology_page_and_citing_pages(fixture_site: Build) -> None:
    doc = lxml.html.fromstring(fixture_site.html("litteratur/"))
    post = doc.cssselect("#ref-pedersen2011konkurrencestaten")[0]
    hrefs = {a.text_content(): a.get("href") for a in post.cssselect("span.litteratur-links a")}
    assert hrefs["Om værket"] == "../antologi/pedersen-2011-konkurrencestaten/"
    assert hrefs["Henvisninger"] == "../henvisninger/"
    # An entry nobody cites and without an anthology page has no links.
    assert doc.cssselect("#ref-uciteret2020vaerk")
    assert not doc.cssselect("#ref-uciteret2020vaerk span.litteratur-links")
