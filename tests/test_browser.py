"""The reader's experience in a real browser: Debian's Chromium driven by Playwright.

The built site is served on 127.0.0.1 as GitHub Pages serves it
(scripts/relationel_velfaerd/localsite.py). Every request the browser makes is recorded; only
loopback traffic is allowed.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pypdfium2
import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from conftest import ROOT, Build, build, is_redirect_stub, small_project
from relationel_velfaerd.localsite import PREFIX, serve
from relationel_velfaerd.pdf import print_with


def site_pages(site: Build) -> list[str]:
    """URL paths of every page of the built site and its 404 page (redirect stubs left out)."""
    pages = []
    for html in sorted(site.site.rglob("index.html")):
        if is_redirect_stub(html.read_text(encoding="utf-8")):
            continue
        pages.append(html.parent.relative_to(site.site).as_posix().removeprefix(".") + "/")
    return [p.lstrip("/") for p in pages] + ["404.html"]


# One page of each kind the site has: each is made by its own template or
# generated parts (home page, chapter, anthology work and index, glossary,
# Litteratur, timeline table, teaching guide, print page, 404). The browser
# checks run on these, in light and dark mode; what every page must satisfy and
# can be read from the HTML is checked on every built page instead (test_site.py).
PAGE_KINDS = [
    "",
    "kapitler/metodeskiftet/",
    "antologi/pedersen-2011-konkurrencestaten/",
    "antologi/",
    "begreber/",
    "litteratur/",
    "tidslinje/",
    "aktoerer/",
    "undervisning/",
    "om/",
    "udskriv/",
    "404.html",
]
SCHEMES = ["light", "dark"]
# The print page holds every page of the site again (axe takes 40 s over it); its own parts are
# the cover, the table of contents and the frame, so axe reads those and the first page in it.
PRINT_PAGE = "udskriv/"
AXE_CONTEXT = {
    PRINT_PAGE: {"include": [["header.md-header"], ["#udskrift-forside"], ["#udskrift-indhold"], ["section#index"]]}
}


def test_the_page_kinds_cover_every_folder_of_the_site(site: Build) -> None:
    folders = {path.split("/", 1)[0] for path in site_pages(site) if "/" in path.rstrip("/")}
    assert folders <= {kind.split("/", 1)[0] for kind in PAGE_KINDS}


# --- privacy ----------------------------------------------------------------------


# --- search -------------------------------------------------------------------------

# (query as a reader types it, a page that must be among the first three results)
SEARCHES = [
    ("samskabelse", "begreber/#samskabelse"),
    ("samskabelsen", "begreber/#samskabelse"),
    ("relationerne", "begreber/#relation"),
    ("velfærdsstaten", "kapitler/hvad-er-relationel-velfaerd/"),
    ("velfaerdsstaten", "kapitler/hvad-er-relationel-velfaerd/"),
    ("laering", "kapitler/"),
    ("læringsmål", "kapitler/"),
    ("vaerdikaede", "kapitler/vaerdikaede-dk/"),
    ("værdikæden", "kapitler/vaerdikaede-dk/"),
    ("Løgstrup", "antologi/logstrup-1956-den-etiske-fordring/"),
    ("loegstrup", "antologi/logstrup-1956-den-etiske-fordring/"),
    ("konkurrencestaten", "antologi/pedersen-2011-konkurrencestaten/"),
    ("konkurrencestatens", "antologi/pedersen-2011-konkurrencestaten/"),
    ("tilliden", "begreber/#tillid"),
    ("charteret", "begreber/#charter"),
    ("frivillighedens", "begreber/"),
    ("relationel koordination", "begreber/#relationel-koordination"),
    ("relationel koordinering", "begreber/#relationel-koordination"),
    ("Buber", "antologi/buber-1923-ich-und-du/"),
    ("Cottam", "antologi/cottam-2011-relational-welfare/"),
    ("systemvelfærden", "antologi/askovfonden-2017-systemvelfaerd/"),
    ("medborgerskabet", "begreber/#medborgerskab"),
    ("kritikken", "kapitler/kritik-og-dilemmaer/"),
    ("Grundtvigs", "antologi/grundtvig-1838-skolen-for-livet/"),
    # Danish letters typed without the Danish keyboard: æ, ø, å as a, o, a, or as ä, ö.
    ("logstrup", "antologi/logstrup-1956-den-etiske-fordring/"),
    ("lögstrup", "antologi/logstrup-1956-den-etiske-fordring/"),
    ("velfard", "kapitler/"),
    ("aldrerad", "begreber/#aeldreraad"),
    ("aeldreraadet", "begreber/#aeldreraad"),
    ("ældrerådet", "begreber/#aeldreraad"),
    ("okonomisme", "begreber/#oekonomisme"),
    ("frivilligradet", "begreber/#frivilligraad"),
    ("vaerdiledelse", "begreber/#vaerdiledelse"),
    ("tillidsreformen", "begreber/#tillidsreform"),
    ("samproduktionen", "begreber/#samproduktion"),
]


def search(page: Page, query: str) -> list[list[str]]:
    """Type a query as a reader does; for each result page, its link and its sections' links."""
    box = page.locator("input.md-search__input")
    results = page.locator("li.md-search-result__item")
    box.click()
    # Material's search reads the box on a key event, not on fill(): one key, as the last one typed.
    box.fill("")
    box.press("End")
    expect(results).to_have_count(0)  # the last query's results are gone
    box.fill(query)
    box.press("End")
    expect(results.first).to_be_visible(timeout=5000)
    page.wait_for_timeout(150)
    hrefs = results.evaluate_all("items => items.map(li => [...li.querySelectorAll('a')].map(a => a.href))")
    return [[site_relative(href) for href in group] for group in hrefs]


def site_relative(url: str) -> str:
    parts = urlsplit(url)
    return parts.path.split(PREFIX, 1)[1] + (f"#{parts.fragment}" if parts.fragment else "")


def test_danish_search_finds_inflected_and_unaccented_forms(base_url: str, page: Page) -> None:
    page.goto(base_url + "kapitler/metodeskiftet/")
    misses = []
    for query, wanted in SEARCHES:
        top = search(page, query)[:3]
        if not any(link.startswith(wanted) for group in top for link in group):
            misses.append(f"{query!r}: wanted {wanted}, got {[group[0] for group in top]}")
    assert misses == [], "\n".join(misses)


MARKS = "ms => ms.map(m => [m.textContent, !!m.closest('a[href^=\"http\"]')])"


def test_a_search_result_highlights_on_its_page_the_words_the_reader_meant(base_url: str, page: Page) -> None:
    """Folded like the search: ?h=loegstrup marks "Løgstrup"; never letters inside a web address."""
    page.goto(base_url + "kapitler/metodeskiftet/")
    search(page, "loegstrup")
    result = page.locator("a.md-search-result__link").first
    assert "?h=" in (result.get_attribute("href") or "")  # the query as the search read it
    result.click()
    page.wait_for_url("**/antologi/logstrup-1956-den-etiske-fordring/")  # h taken out of the address
    marks = page.locator("article mark[data-md-highlight]").evaluate_all(MARKS)
    assert marks and {text for text, _ in marks} <= {"Løgstrup", "Løgstrups"}
    # The work's reference shows its address, which has "velfaerdsstaten" in it.
    page.goto(base_url + "antologi/allentoft-2017-velfaerdsstaten/?h=velfaerdsstat")
    expect(page.locator("article a[href*='velfaerdsstaten']").first).to_be_attached()
    marks = page.locator("article mark[data-md-highlight]").evaluate_all(MARKS)
    assert marks and all(text.lower().startswith("velfærdsstat") and not in_url for text, in_url in marks)
    page.goto(base_url + "kapitler/metodeskiftet/?h=samskabelsen")  # an ending less also counts
    assert "samskabelse" in page.locator("article mark[data-md-highlight]").all_inner_texts()


# --- tooltips -----------------------------------------------------------------------


def test_glossary_term_previews_its_definition_on_hover_and_focus_and_links_its_entry(
    base_url: str, page: Page
) -> None:
    tooltip = page.locator(".forhaandsvisning")
    for action in ("hover", "focus"):
        page.goto(base_url + "kapitler/metodeskiftet/")
        term = page.locator("article a.begreb").first
        target = (term.get_attribute("href") or "").split("#")[1]  # Material previews the element with this id
        definition = page.locator(f"[id='{target}'] p").first.inner_text()
        assert definition.startswith("Transaktionsmodel: ") and len(definition) > 40
        term.scroll_into_view_if_needed()
        getattr(term, action)()
        expect(tooltip).to_have_count(1)
        expect(tooltip).to_contain_text(definition)
        more = tooltip.get_by_role("link", name="Læs mere i Begreber")
        expect(more).to_have_count(1)
    more.hover()  # the preview stays while the pointer moves into it, so its link can be clicked
    more.click()
    page.wait_for_url("**/begreber/#begreb-transaktionsmodel")
    assert page.locator("#begreb-transaktionsmodel").inner_text().startswith("En model for velfærd")


def test_citation_shows_the_reference_on_hover(base_url: str, page: Page) -> None:
    page.goto(base_url + "kapitler/metodeskiftet/")
    reference = page.locator("article a.henvisning").first
    footnote = page.locator(f"[id='{(reference.get_attribute('href') or '#').lstrip('#')}']").inner_text()
    reference.scroll_into_view_if_needed()
    reference.hover()
    tooltip = page.locator(".forhaandsvisning")
    expect(tooltip).to_have_count(1)
    assert "Relationel velfærd" in tooltip.inner_text()
    assert tooltip.inner_text().strip()[:40] == footnote.strip()[:40]
    assert "↩" not in tooltip.inner_text()  # the way back to the text is no part of the reference


def test_on_a_touch_screen_a_tap_previews_a_citation_and_a_second_tap_jumps_to_its_note(
    browser: Browser, base_url: str
) -> None:
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="da-DK", is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.goto(base_url + "kapitler/metodeskiftet/")
    marker = page.locator("article a.henvisning").nth(1)
    marker.scroll_into_view_if_needed()
    before = page.evaluate("scrollY")
    marker.tap()
    tooltip = page.locator(".forhaandsvisning")
    expect(tooltip).to_have_count(1)
    assert "Bertelsen" in tooltip.inner_text() and "↩" not in tooltip.inner_text()
    assert page.evaluate("scrollY") == before and "#fn" not in page.url  # no jump yet
    note = (marker.get_attribute("href") or "").lstrip("#")
    marker.tap()
    page.wait_for_timeout(400)
    assert page.url.endswith("#" + note)  # the address names the note, not the Kilder heading
    box = page.locator(f"[id='{note}']").bounding_box()
    assert box is not None and 0 <= box["y"] < 844  # and the note is on screen
    context.close()


# --- navigation ---------------------------------------------------------------------


def test_mobile_drawer_chapters_and_table_of_contents(browser: Browser, base_url: str) -> None:
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="da-DK", is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.goto(base_url)
    page.locator("label.md-header__button[for='__drawer']").click()
    drawer = page.locator("nav.md-nav--primary")
    expect(drawer).to_be_visible()
    drawer.locator("label.md-nav__link", has_text="Kapitler").first.click()
    chapter = drawer.get_by_role("link", name="Metodeskiftet", exact=True)
    expect(chapter).to_be_visible()
    chapter.click()
    page.wait_for_url("**/kapitler/metodeskiftet/")
    page.locator("label.md-header__button[for='__drawer']").click()
    toc_toggle = page.locator("nav.md-nav--primary label.md-nav__link[for='__toc']")
    expect(toc_toggle).to_be_visible()
    toc_toggle.click()
    heading_link = page.locator("nav.md-nav--secondary a[href='#transaktion-og-relation']").first
    expect(heading_link).to_be_visible()
    heading_link.click()
    page.wait_for_timeout(300)
    assert page.url.endswith("#transaktion-og-relation")
    assert page.locator("#transaktion-og-relation").bounding_box()["y"] < 844
    context.close()


def test_on_a_phone_each_chapter_s_text_starts_on_the_first_screen_and_targets_are_24_px(
    browser: Browser, base_url: str
) -> None:
    """Learning goals folded (a tap opens them); the first section, or a lead paragraph, in view;
    and unfolded on a laptop."""
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="da-DK", is_mobile=True, has_touch=True
    )
    page = context.new_page()
    late, numbered = [], []
    for source in sorted((ROOT / "docs" / "kapitler").glob("*.md")):
        page.goto(f"{base_url}kapitler/{source.stem}/")
        goals = page.locator("details.laeringsmaal")
        expect(goals).to_have_count(1)
        expect(goals.locator("li").first).to_be_hidden()
        start = page.evaluate(
            """() => {
                const lead = document.querySelector('article > h1 + p');  // text before the boxes
                return (lead || document.querySelector('article > h2')).getBoundingClientRect().top
            }"""
        )
        if start >= 844:
            late.append((source.name, start))
        if page.locator("article sup[id^='fnref']").count():  # a number beside a citation
            numbered.append(source.name)
    goals.locator("summary").click()
    expect(goals.locator("li").first).to_be_visible()
    # WCAG 2.2 target size: citations (each work's text, the one marker) and the menu's links
    # at least 24 × 24 px. A citation broken over two lines has a box per line: each counts.
    citations = page.evaluate(
        "[...document.querySelectorAll('article a.henvisning')].flatMap(a => [...a.getClientRects()])"
        ".map(r => [r.width, r.height])"
    )
    assert citations and all(h >= 24 for w, h in citations)
    assert sum(w >= 24 for w, _ in citations) / len(citations) > 0.95  # the rest: the end of a line
    page.locator("label.md-header__button[for='__drawer']").click()
    expect(page.locator("nav.md-nav--primary")).to_be_visible()
    links = page.evaluate(
        "[...document.querySelectorAll('nav.md-nav--primary a.md-nav__link')].filter(a => a.offsetParent)"
        ".map(a => a.getBoundingClientRect()).map(r => [r.width, r.height])"
    )
    assert links and all(w >= 24 and h >= 24 for w, h in links)
    context.close()
    assert late == []
    assert numbered == []  # each citation is its own marker: no number beside it to wrap away
    wide = browser.new_context(viewport={"width": 1280, "height": 900}, locale="da-DK")
    laptop = wide.new_page()
    laptop.goto(base_url + "kapitler/metodeskiftet/")
    expect(laptop.locator("details.laeringsmaal li").first).to_be_visible()  # unfolded on a laptop
    wide.close()


def test_colour_scheme_choice_persists_across_pages(base_url: str, page: Page) -> None:
    page.goto(base_url)
    body = page.locator("body")
    before = body.get_attribute("data-md-color-scheme")
    page.locator("form[data-md-component='palette'] label:visible").first.click()
    after = body.get_attribute("data-md-color-scheme")
    assert after != before
    page.goto(base_url + "begreber/")
    assert page.locator("body").get_attribute("data-md-color-scheme") == after


def test_404_page_is_danish_and_helps_the_reader_on(base_url: str, page: Page) -> None:
    response = page.goto(base_url + "kapitler/findes-ikke/")
    assert response is not None and response.status == 404
    assert page.locator("html").get_attribute("lang") == "da"
    text = page.locator("article").inner_text()
    assert "Siden findes ikke" in text
    page.get_by_role("link", name="Kapitler").first.click()
    page.wait_for_load_state()
    assert page.url.startswith(base_url) and "findes-ikke" not in page.url
    assert page.locator("article h1").count() == 1


# --- accessibility ------------------------------------------------------------------


@pytest.mark.parametrize("scheme", SCHEMES)
def test_each_kind_of_page_loads_only_from_loopback_without_errors_and_passes_axe(
    base_url: str, browser: Browser, scheme: str
) -> None:
    """One visit per kind of page and colour scheme: every request stays on loopback, no script
    error reaches the console, and axe finds no problem on chapters and no serious one elsewhere."""
    axe = Axe()
    problems: list[str] = []
    requests: list[tuple[str, str]] = []
    errors: list[tuple[str, str]] = []
    context = browser.new_context(locale="da-DK", color_scheme=scheme)  # type: ignore[arg-type]
    page = context.new_page()
    current = {"path": ""}
    page.on("request", lambda request: requests.append((current["path"], request.url)))
    page.on("console", lambda msg: msg.type == "error" and errors.append((current["path"], msg.text)))
    page.on("pageerror", lambda error: errors.append((current["path"], str(error))))
    for path in PAGE_KINDS:
        current["path"] = path
        page.goto(base_url + path, wait_until="load")
        page.wait_for_timeout(150)  # let the search worker and late scripts start
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == (
            "slate" if scheme == "dark" else "default"
        )
        for violation in axe.run(page, context=AXE_CONTEXT.get(path)).response["violations"]:
            if path.startswith("kapitler/") or violation["impact"] in ("serious", "critical"):
                targets = [node["target"] for node in violation["nodes"][:3]]
                problems.append(f"{path} ({scheme}): {violation['id']} ({violation['impact']}) at {targets}")
    context.close()
    foreign = [(path, url) for path, url in requests if urlsplit(url).hostname not in ("127.0.0.1", None)]
    foreign = [(path, url) for path, url in foreign if not url.startswith(("data:", "blob:"))]
    assert foreign == []
    assert errors == []
    assert problems == [], "\n".join(problems)


# --- print ----------------------------------------------------------------------------


def chapter(title: str, body: str) -> str:
    return f"---\ntitle: {title}\ndescription: Kapitlet {title}.\n---\n\n# {title}\n\n{body}\n"


@pytest.fixture(scope="module")
def print_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A small site with the real configuration (print page, cover, CSS) and the whole bibliography, served.

    The same machinery as `make pdf` on the real site, in a fraction of the time; the
    real site's print page is checked for ids, links and its policy by test_educators.
    """
    paragraph = "Relationel velfærd er velfærd, der skabes i relationer [@buber1923ich]. " * 40
    pages = {
        "index.md": chapter("Forside", paragraph),
        "kapitler/metodeskiftet.md": chapter("Metodeskiftet", (paragraph + "\n\n") * 6 + "## Kilder\n\n\\bibliography"),
        "kapitler/vaerdikaede-dk.md": chapter("Værdikæde DK", (paragraph + "\n\n") * 6),
        "litteratur.md": chapter("Litteratur", "\\full_bibliography"),
    }
    bib = (ROOT / "bibliography" / "litteratur.bib").read_text(encoding="utf-8")
    project = small_project(tmp_path_factory.mktemp("print"), pages, bib)
    result = build(project, project / "site")
    assert result.returncode == 0, result.log
    with serve(result.site) as url:
        yield url


def test_the_site_prints_to_a_pdf_with_cover_contents_and_bibliography(
    browser: Browser, print_site: str, tmp_path: Path
) -> None:
    pdf = tmp_path / "relationel-velfaerd.pdf"
    print_with(browser, print_site, pdf)
    document = pypdfium2.PdfDocument(str(pdf))
    text = [page.get_textpage().get_text_range() for page in document]
    assert len(document) > 10
    assert "Relationel velfærd" in text[0]
    assert "Indhold" in text[1]
    for entry in ("Metodeskiftet", "Værdikæde DK", "Litteratur"):  # the contents are printed
        assert entry in text[1], f"{entry!r} is missing from the table of contents"
    assert any("Buber, Martin. 1923. Ich und Du." in t for t in text), "the bibliography is missing"
    assert all("Page " not in t for t in text), "the plugin's English page numbers are back"
    assert "side 2 af" in text[1]
