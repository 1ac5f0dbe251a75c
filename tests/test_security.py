"""Nothing a contributor types can run in a reader's browser.

A small project (the site's real configuration, theme and hooks) with hostile
values in a .bib entry and in front matter (tests/data/hostile/) is built and
opened in Chromium. Each payload would set ``window.__xss`` or open a dialog
if it ran. Every value must come out as the text it is: in the citation meta
tags, the JSON-LD, the BibTeX and RIS downloads and the copied reference.

The Content-Security-Policy is tested on the real site: every page template
loads with zero violations, and search, the colour toggle, tooltips and the
copy button keep working.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

import bibtexparser
import lxml.html
import pypandoc
import pytest
import rispy
import yaml
from playwright.sync_api import Browser, Page, expect

from conftest import HOSTILE, Build, build, pages_of, small_project
from relationel_velfaerd.escape import bibtex_value, one_line
from relationel_velfaerd.localsite import serve

CHAPTER = "kapitler/ondt/"
WORK = "antologi/vaerk/"
PAGES = ["", CHAPTER, WORK, "antologi/", "litteratur/", "udskriv/", "404.html"]

# Watches for the payloads before any page script runs.
TRAP = """
window.__dialogs = [];
window.__violations = [];
document.addEventListener('securitypolicyviolation', e =>
  window.__violations.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' ' + e.sample));
"""


def front_matter(name: str) -> dict:
    text = (HOSTILE / name).read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---\n")[1])


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    pages = {
        path.relative_to(HOSTILE).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(HOSTILE.rglob("*.md"), key=lambda p: (p.name != "index.md" or p.parent != HOSTILE, p))
    }
    project = small_project(tmp_path_factory.mktemp("hostile"), pages, (HOSTILE / "litteratur.bib").read_text())
    result = build(project, project / "site")
    assert result.returncode == 0, result.log
    return result


@pytest.fixture(scope="module")
def hostile_url(hostile_site: Build) -> Iterator[str]:
    with serve(hostile_site.site) as url:
        yield url


@pytest.fixture
def trapped(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="da-DK")
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.add_init_script(TRAP)
    page.on("dialog", lambda dialog: (page.evaluate("m => window.__dialogs.push(m)", dialog.message), dialog.dismiss()))
    yield page
    context.close()


def test_no_payload_runs_in_chromium(hostile_url: str, trapped: Page) -> None:
    for path in PAGES:
        trapped.goto(hostile_url + path, wait_until="load")
        trapped.wait_for_timeout(200)
        assert trapped.evaluate("window.__xss") is None, path
        assert trapped.evaluate("window.__dialogs") == [], path
        # Injected markup would also show as a script the policy blocked.
        assert trapped.evaluate("window.__violations") == [], path


def meta(page: Page, name: str) -> list[str]:
    """The content of each ``<meta name=NAME>`` inside <head>, as the browser parsed it."""
    return page.evaluate(f"[...document.head.querySelectorAll('meta[name={name}]')].map(m => m.content)")


def test_citation_tags_and_json_ld_hold_the_values_as_typed(hostile_url: str, trapped: Page) -> None:
    fields = front_matter("kapitler/ondt.md")
    trapped.goto(hostile_url + CHAPTER)
    assert trapped.evaluate("document.body.querySelectorAll('meta').length") == 0, "a meta tag left <head>"
    assert meta(trapped, "citation_title") == [fields["title"]]
    assert meta(trapped, "citation_author") == fields["authors"]
    assert meta(trapped, "description") == [fields["description"]]
    reference = meta(trapped, "citation_reference")
    assert len(reference) == 1 and reference[0].startswith('Ond, Mallory. 2020. Titel "><img src=x onerror=')
    assert reference[0].endswith(
        'slut. Forlag "><svg onload="window.__xss=\'bib-publisher\'"> & Co. https://example.org/sti?a=1&b=2.'
    )
    assert trapped.title() == f"{fields['title']} - Relationel velfærd"
    scripts = trapped.evaluate(
        "[...document.querySelectorAll('script[type=\"application/ld+json\"]')].map(s => s.text)"
    )
    assert len(scripts) == 1
    data = json.loads(scripts[0])
    assert data["headline"] == fields["title"]
    assert data["description"] == fields["description"]
    assert [a["name"] for a in data["author"]] == fields["authors"]
    assert data["citation"] == reference


def test_nav_headings_and_anthology_lists_show_titles_as_text(hostile_url: str, trapped: Page) -> None:
    work = front_matter("antologi/vaerk.md")
    trapped.goto(hostile_url + "antologi/")
    item = trapped.locator("article li").filter(has_text="Værket")
    expect(item).to_have_count(1)
    assert item.inner_text() == f"{work['title']} – {work['description']}"
    assert item.locator("a").count() == 1  # "[ikke et link](javascript:x)" stays text
    chapter = front_matter("kapitler/ondt.md")
    nav = trapped.locator("nav.md-nav--primary a.md-nav__link").all_inner_texts()
    assert chapter["title"] in [text.strip() for text in nav]


def download(page: Page, name: str) -> str:
    href = page.locator(f"a.md-button[download$='.{name}']").get_attribute("href") or ""
    return unquote(href.split(",", 1)[1])


def test_bibtex_download_is_one_entry_with_the_values_as_typed(hostile_url: str, trapped: Page, tmp_path: Path) -> None:
    fields = front_matter("kapitler/ondt.md")
    trapped.goto(hostile_url + CHAPTER)
    text = download(trapped, "bib")
    library = bibtexparser.parse_string(text)
    assert library.failed_blocks == []
    assert len(library.entries) == 1
    entry = library.entries[0]
    assert entry.entry_type == "online"
    assert sorted(f.key for f in entry.fields) == sorted(
        ["author", "title", "organization", "date", "urldate", "note", "url", "langid"]
    )
    # pandoc reads the LaTeX escapes back as a reference manager does.
    bib = tmp_path / "download.bib"
    bib.write_text(text, encoding="utf-8")
    csl = json.loads(pypandoc.convert_file(str(bib), "csljson", format="bibtex"))
    assert len(csl) == 1
    assert entry.fields_dict["title"].value == bibtex_value(fields["title"])  # nothing cut off or added
    # (pandoc's LaTeX reader makes ' a typographic apostrophe, as LaTeX prints it)
    assert csl[0]["title"].replace("’", "'") == one_line(fields["title"])
    authors = [a.get("literal") or f"{a['given']} {a['family']}" for a in csl[0]["author"]]
    assert authors == [one_line(a) for a in fields["authors"]]
    assert csl[0]["URL"] == f"https://relationel-velfaerd.github.io/relationel-velfaerd/{CHAPTER}"


def test_ris_download_is_one_record_with_the_values_as_typed(hostile_url: str, trapped: Page) -> None:
    fields = front_matter("kapitler/ondt.md")
    trapped.goto(hostile_url + CHAPTER)
    records = rispy.loads(download(trapped, "ris"))
    assert len(records) == 1
    record = records[0]
    assert record["title"] == one_line(fields["title"])
    assert record["authors"] == [one_line(a) for a in fields["authors"]]
    assert record["abstract"] == one_line(fields["description"])
    assert record["type_of_reference"] == "ELEC"


def test_copied_reference_is_the_visible_one(hostile_url: str, trapped: Page) -> None:
    trapped.goto(hostile_url + CHAPTER)
    visible = trapped.locator("#citer-reference").inner_text()
    assert 'Ondt "><img src=x' in visible
    trapped.locator("button.citer__copy").click()
    assert trapped.evaluate("navigator.clipboard.readText()") == visible


# --- bad input that is refused ----------------------------------------------------------

BAD_URL = (
    (HOSTILE / "litteratur.bib")
    .read_text(encoding="utf-8")
    .replace("https://example.org/sti?a=1&b=2", "javascript:alert(1)")
)


def test_script_in_markdown_and_non_text_front_matter_fail_the_build(broken_site: Build) -> None:
    for message in (
        "docs/kapitler/ondt.md:4: key 'authors' has the wrong form; it should be a list of names",
        "docs/antologi/index.md: inline <script> 'alert(1)' is not one the site's templates emit",
        "docs/antologi/index.md: HTML attribute 'onerror=' runs script",
        "docs/antologi/index.md: a link with a 'javascript:' address",
    ):
        assert message in broken_site.log


def test_a_url_that_is_not_http_fails_the_build(tmp_path: Path) -> None:
    project = small_project(tmp_path, pages_of(HOSTILE), BAD_URL)
    result = build(project, project / "site")
    assert result.returncode != 0 and "Traceback" not in result.log
    message = "bibliography/litteratur.bib:4: entry 'ond2020titel': field 'url' is not a plain http(s) address"
    assert message in result.log


# --- the Content-Security-Policy on the real site ---------------------------------------

TEMPLATES = ["", "kapitler/metodeskiftet/", "antologi/pedersen-2011-konkurrencestaten/", "litteratur/",
             "begreber/", "udskriv/", "findes-ikke/"]  # fmt: skip


def test_every_page_template_loads_with_zero_csp_violations(site: Build, base_url: str, browser: Browser) -> None:
    context = browser.new_context(locale="da-DK")
    page = context.new_page()
    page.add_init_script(TRAP)
    for path in TEMPLATES:
        page.goto(base_url + path, wait_until="load")
        page.wait_for_timeout(300)
        policy = page.locator("head meta[http-equiv='Content-Security-Policy']")
        expect(policy).to_have_count(1)
        assert "'unsafe-inline'" not in (policy.get_attribute("content") or "")
        assert page.evaluate("window.__violations") == [], path
    context.close()


def test_search_toggle_tooltips_and_copy_work_under_the_policy(base_url: str, browser: Browser) -> None:
    context = browser.new_context(locale="da-DK")
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.add_init_script(TRAP)
    page.goto(base_url + "kapitler/metodeskiftet/")
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially("samskabelse", delay=15)
    expect(page.locator("li.md-search-result__item").first).to_be_visible(timeout=5000)
    box.press("Escape")
    body = page.locator("body")
    before = body.get_attribute("data-md-color-scheme")
    page.locator("form[data-md-component='palette'] label:visible").first.click()
    assert body.get_attribute("data-md-color-scheme") != before
    term = page.locator("article a.begreb").first
    term.scroll_into_view_if_needed()
    term.hover()
    expect(page.locator(".forhaandsvisning")).to_have_count(1)
    page.locator("button.citer__copy").click()
    assert page.evaluate("navigator.clipboard.readText()") == page.locator("#citer-reference").inner_text()
    assert page.evaluate("window.__violations") == []
    context.close()


def test_published_hood_1995_reference_reads_back_whole(site: Build) -> None:
    """Its title has quotation marks, which once cut every citation_reference after »The «."""
    found = 0
    for path in site.site.rglob("index.html"):
        doc = lxml.html.fromstring(path.read_text(encoding="utf-8"))
        for tag in doc.cssselect("meta[name=citation_reference]"):
            if tag.get("content", "").startswith("Hood, Christopher. 1995."):
                assert tag.get("content") == HOOD_1995, path
                found += 1
    assert found > 0


HOOD_1995 = (
    'Hood, Christopher. 1995. The "New Public Management" in the 1980s: Variations on a Theme. '
    "Accounting, Organizations and Society 20 (2/3): 93–109."
)
