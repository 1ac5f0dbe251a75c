"""The print page's joining of pages (print_page.py), as functions."""

from __future__ import annotations

import lxml.html
from markupsafe import Markup

from relationel_velfaerd import print_page
from relationel_velfaerd.print_page import Part

MARK = '<a class="begreb footnote-ref" href="begreb:tillid">'
KEYS = {"": "index", "kapitler/metodeskiftet/": "kapitler-metodeskiftet", "begreber/": "begreber"}


def rebased(html: str, url: str = "kapitler/metodeskiftet/") -> str:
    return print_page.rebased(html, url, KEYS, "udskriv/")


def test_ids_and_links_within_a_page_get_the_page_key() -> None:
    html = rebased('<h2 id="kilder">Kilder</h2><a href="#fn:buber">1</a><label for="x" aria-describedby="a b">')
    assert 'id="kapitler-metodeskiftet-kilder"' in html
    assert 'href="#kapitler-metodeskiftet-fn:buber"' in html
    assert 'for="kapitler-metodeskiftet-x"' in html
    assert 'aria-describedby="kapitler-metodeskiftet-a kapitler-metodeskiftet-b"' in html


def test_links_to_printed_pages_stay_on_the_print_page() -> None:
    assert 'href="#begreber-begreb-tillid"' in rebased('<a href="../../begreber/#begreb-tillid">')
    assert 'href="#begreber"' in rebased('<a href="../../begreber/">')
    assert 'href="#index"' in rebased('<a href="../../">')
    assert 'href="#kapitler-metodeskiftet"' in rebased('<a href="./">')


def test_other_links_are_rebased_or_left_alone() -> None:
    assert 'href="../pdf/kapitler/metodeskiftet.pdf"' in rebased('<a href="../../pdf/kapitler/metodeskiftet.pdf">')
    assert 'src="../assets/logo.svg"' in rebased('<img src="../assets/logo.svg">', url="begreber/")
    assert 'href="https://example.org/#a"' in rebased('<a href="https://example.org/#a">')
    assert 'href="mailto:a@example.org"' in rebased('<a href="mailto:a@example.org">')
    assert 'marker-end="url(#kapitler-metodeskiftet-pil)"' in rebased('<line marker-end="url(#pil)"/>')


def test_the_print_page_has_contents_sections_and_no_glossary_marks() -> None:
    parts = [
        Part(1, "Forside", "", '<h1 id="top">Forside</h1>'),
        Part(1, "Kapitler"),
        Part(2, Markup("<b>Metode</b>skiftet"), "kapitler/metodeskiftet/", f"<p>{MARK}tillid</a></p>"),
        Part(1, "Opslag <&>"),
        Part(2, "Begreber", "begreber/", "<p>B</p>"),
    ]  # fmt: skip
    doc = lxml.html.fromstring(print_page.combined(parts, "<p>Forside til tryk</p>", "udskriv/"))
    contents = doc.cssselect("#udskrift-indhold")[0]
    nested = [(len(list(a.iterancestors("ul"))), a.text_content()) for a in contents.iter("a")]
    assert nested == [(1, "Forside"), (1, "Kapitler"), (2, "Metodeskiftet"), (1, "Opslag <&>"), (2, "Begreber")]
    targets = [a.get("href")[1:] for a in contents.iter("a")]
    assert targets == ["index", "del-kapitler", "kapitler-metodeskiftet", "del-opslag", "begreber"]
    assert all(doc.get_element_by_id(t) is not None for t in targets)
    assert doc.cssselect("#udskrift-forside p")[0].text == "Forside til tryk"
    assert not doc.cssselect("a.begreb") and "tillid" in doc.get_element_by_id("kapitler-metodeskiftet").text_content()
