"""The reader's experience in a real browser: Debian's Chromium driven by Playwright.

The built site is served on 127.0.0.1 as GitHub Pages serves it
(scripts/relationel_velfaerd/localsite.py). Every request the browser makes is recorded; only
loopback traffic is allowed.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from urllib.parse import urlsplit

import pypdfium2
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from conftest import Build, is_redirect_stub
from relationel_velfaerd.localsite import PREFIX
from relationel_velfaerd.pdf import print_with


def site_pages(site: Build) -> list[str]:
    """URL paths of every page of the built site and its 404 page (redirect stubs left out)."""
    pages = []
    for html in sorted(site.site.rglob("index.html")):
        if is_redirect_stub(html.read_text(encoding="utf-8")):
            continue
        pages.append(html.parent.relative_to(site.site).as_posix().removeprefix(".") + "/")
    return [p.lstrip("/") for p in pages] + ["404.html"]


# --- privacy ----------------------------------------------------------------------


def test_every_page_loads_only_from_loopback_without_console_errors(site: Build, base_url: str, page: Page) -> None:
    requests: list[tuple[str, str]] = []
    errors: list[tuple[str, str]] = []
    current = {"path": ""}
    page.on("request", lambda request: requests.append((current["path"], request.url)))
    page.on("console", lambda msg: msg.type == "error" and errors.append((current["path"], msg.text)))
    page.on("pageerror", lambda error: errors.append((current["path"], str(error))))
    paths = site_pages(site)
    assert len(paths) > 20
    for path in paths:
        current["path"] = path
        page.goto(base_url + path, wait_until="load")
        page.wait_for_timeout(150)  # let the search worker and late scripts start
    foreign = [(path, url) for path, url in requests if urlsplit(url).hostname not in ("127.0.0.1", None)]
    foreign = [(path, url) for path, url in foreign if not url.startswith(("data:", "blob:"))]
    assert foreign == []
    assert errors == []


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
]


def search(page: Page, query: str) -> list[list[str]]:
    """Type a query as a reader does; for each result page, its link and its sections' links."""
    box = page.locator("input.md-search__input")
    box.click()
    box.fill("")
    box.press_sequentially(query, delay=15)  # Material's search reacts to key events, not to fill()
    results = page.locator("li.md-search-result__item")
    expect(results.first).to_be_visible(timeout=5000)
    page.wait_for_timeout(300)
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


# --- tooltips -----------------------------------------------------------------------


def test_glossary_term_shows_its_definition_on_hover_and_keyboard_focus(base_url: str, page: Page) -> None:
    tooltip = page.locator(".md-tooltip2--active .md-tooltip2__inner")
    for action in ("hover", "focus"):
        page.goto(base_url + "kapitler/metodeskiftet/")
        term = page.locator("article abbr").first
        definition = term.get_attribute("title") or ""
        assert len(definition) > 20
        term.scroll_into_view_if_needed()
        getattr(term, action)()
        expect(tooltip).to_have_count(1)
        expect(tooltip).to_have_text(definition)


def test_citation_shows_the_reference_on_hover(base_url: str, page: Page) -> None:
    page.goto(base_url + "kapitler/metodeskiftet/")
    reference = page.locator("article sup[id^='fnref'] a").first
    footnote = page.locator(f"[id='{(reference.get_attribute('href') or '#').lstrip('#')}']").inner_text()
    reference.scroll_into_view_if_needed()
    reference.hover()
    tooltip = page.locator(".md-tooltip2--active .md-tooltip2__inner")
    expect(tooltip).to_have_count(1)
    assert "Relationel velfærd" in tooltip.inner_text()
    assert tooltip.inner_text().strip()[:40] == footnote.strip()[:40]


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


def test_axe_finds_no_serious_problem_on_any_page_and_none_on_chapters(site: Build, base_url: str, page: Page) -> None:
    axe = Axe()
    problems = []
    for path in site_pages(site):
        page.goto(base_url + path)
        results = axe.run(page)
        for violation in results.response["violations"]:
            strict = path.startswith("kapitler/")
            if strict or violation["impact"] in ("serious", "critical"):
                targets = [node["target"] for node in violation["nodes"][:3]]
                problems.append(f"{path}: {violation['id']} ({violation['impact']}) at {targets}")
    assert problems == [], "\n".join(problems)


def test_headings_in_order_images_with_danish_alt_text(site: Build, base_url: str, page: Page) -> None:
    problems = []
    for path in site_pages(site):
        page.goto(base_url + path)
        levels = page.locator("article :is(h1, h2, h3, h4, h5, h6)").evaluate_all("hs => hs.map(h => +h.tagName[1])")
        if levels and levels[0] != 1:
            problems.append(f"{path}: first heading is h{levels[0]}")
        for earlier, later in itertools.pairwise(levels):
            if later > earlier + 1:
                problems.append(f"{path}: h{earlier} followed by h{later}")
        for image in page.locator("img").all():
            if not (image.get_attribute("alt") or "").strip():
                problems.append(f"{path}: image {image.get_attribute('src')} has no alt text")
    assert problems == []


# --- print ----------------------------------------------------------------------------


def test_the_whole_site_prints_to_a_pdf_with_cover_contents_and_bibliography(
    browser: Browser, base_url: str, tmp_path: Path
) -> None:
    pdf = tmp_path / "relationel-velfaerd.pdf"
    print_with(browser, base_url, pdf)
    document = pypdfium2.PdfDocument(str(pdf))
    text = [page.get_textpage().get_text_range() for page in document]
    assert len(document) > 40
    assert "Relationel velfærd" in text[0]
    assert "Indhold" in text[1]
    for entry in ("Hvad er relationel velfærd?", "Metodeskiftet", "Værdikæde DK"):  # the contents are printed
        assert entry in text[1], f"{entry!r} is missing from the table of contents"
    assert any("Buber, Martin. 1923. Ich und Du." in t for t in text), "the bibliography is missing"
    assert all("Page " not in t for t in text), "the plugin's English page numbers are back"
    assert "side 2 af" in text[1]
