"""The real site: every page renders, the home page has its text, nothing leaks."""

from __future__ import annotations

import itertools
import json
import re
import subprocess
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import lxml.html
from mkdocs.config import load_config

from conftest import ROOT, Build, is_redirect_stub
from relationel_velfaerd import bibliography_export, changes, frontmatter


def nav_page_paths() -> list[str]:
    """Source paths of every page in the nav of mkdocs.yml."""
    config = load_config(str(ROOT / "mkdocs.yml"))
    paths: list[str] = []

    def walk(items: list) -> None:
        for item in items:
            if isinstance(item, dict):
                for value in item.values():
                    walk(value if isinstance(value, list) else [value])
            elif isinstance(item, str):
                paths.append(item)

    walk(config["nav"])
    return paths


def url_path(src: str) -> str:
    """docs/kapitler/x.md -> kapitler/x/ ; index.md -> ''."""
    stem = src.removesuffix(".md")
    if stem == "index":
        return ""
    return stem.removesuffix("/index") + "/"


def test_every_nav_page_renders_with_a_heading_and_text(site: Build) -> None:
    pages = nav_page_paths()
    assert "index.md" in pages and "litteratur.md" in pages
    for src in pages:
        assert (ROOT / "docs" / src).is_file(), f"nav names {src}, which does not exist"
        doc = lxml.html.fromstring(site.html(url_path(src)))
        article = doc.cssselect("article.md-content__inner")
        assert article, f"{src}: no article"
        assert article[0].cssselect("h1"), f"{src}: no h1"
        words = article[0].text_content().split()
        assert len(words) > 80, f"{src}: only {len(words)} words"


def test_pages_are_danish(site: Build) -> None:
    for html_file in site.site.rglob("*.html"):
        text = html_file.read_text(encoding="utf-8")
        if not is_redirect_stub(text):
            assert '<html lang="da"' in text[:400], html_file


def test_home_page_explains_the_site(site: Build) -> None:
    doc = lxml.html.fromstring(site.html(""))
    article = doc.cssselect("article")[0]
    text = article.text_content()
    assert article.cssselect("h1")[0].text_content().strip().startswith("Relationel velfærd")
    assert len(text.split()) >= 400
    for phrase in ("systemvelfærd", "Hvem sitet er til", "Sådan finder du rundt", "kritikere"):
        assert phrase in text
    assert any(a.get("href") == "litteratur/" for a in article.cssselect("a"))
    for word in ("TODO", "Lorem", "placeholder"):
        assert word not in text


def test_every_page_has_its_own_description(site: Build) -> None:
    seen: dict[str, Path] = {}
    for html_file in site.site.rglob("index.html"):
        if is_redirect_stub(html_file.read_text(encoding="utf-8")):
            continue
        doc = lxml.html.fromstring(html_file.read_text(encoding="utf-8"))
        meta = doc.cssselect('meta[name="description"]')
        assert meta, html_file
        content = meta[0].get("content", "")
        assert content and content not in seen, f"{html_file}: description missing or shared with {seen.get(content)}"
        seen[content] = html_file


def test_sources_are_not_published(site: Build) -> None:
    # MkDocs copies every file of the theme folder (overrides/) that is not an .html template.
    leaked = [p for p in site.site.rglob("*") if p.suffix in {".bib", ".csl", ".py", ".tpl", ".j2"}]
    # The one .bib published on purpose: the whole bibliography for reference managers (Litteratur).
    assert leaked == [site.site / bibliography_export.BIBTEX_NAME]
    assert "verified" not in leaked[0].read_text(encoding="utf-8")


def test_no_page_loads_anything_from_another_host(site: Build) -> None:
    """Scripts, styles, fonts and images come from the site itself."""
    for html_file in site.site.rglob("*.html"):
        doc = lxml.html.fromstring(html_file.read_text(encoding="utf-8"))
        for el in doc.cssselect("script[src], link[href], img[src], iframe[src], source[src]"):
            if el.tag == "link" and el.get("rel") not in {"stylesheet", "icon", "preload", "modulepreload", "manifest"}:
                continue  # canonical, alternate and sitemap links are not loaded
            url = el.get("src") or el.get("href")
            assert not urlsplit(url).netloc, f"{html_file}: <{el.tag}> loads {url}"
    css = "\n".join(p.read_text(encoding="utf-8") for p in site.site.rglob("*.css"))
    assert not re.search(r"@import\s+url\(\s*['\"]?https?:", css)
    assert "fonts.googleapis" not in css


def test_every_page_has_headings_in_order_and_images_with_alt_text(site: Build) -> None:
    problems = []
    for html_file in sorted(site.site.rglob("*.html")):
        text = html_file.read_text(encoding="utf-8")
        if is_redirect_stub(text):
            continue
        doc = lxml.html.fromstring(text)
        where = html_file.relative_to(site.site).as_posix()
        levels = [int(h.tag[1]) for h in doc.cssselect("article :is(h1, h2, h3, h4, h5, h6)")]
        if levels and levels[0] != 1:
            problems.append(f"{where}: first heading is h{levels[0]}")
        problems += [f"{where}: h{a} followed by h{b}" for a, b in itertools.pairwise(levels) if b > a + 1]
        problems += [f"{where}: image {i.get('src')} has no alt text" for i in doc.iter("img") if not i.get("alt")]
    assert problems == []


def test_every_page_links_its_history_and_the_changes_page_exists(site: Build) -> None:
    repository = load_config(str(ROOT / "mkdocs.yml"))["repo_url"]
    for source in sorted((ROOT / "docs").rglob("*.md")):
        page = source.relative_to(ROOT / "docs").as_posix()
        if page == "404.md":
            continue
        address = page.removesuffix("index.md").removesuffix(".md") + ("" if page.endswith("index.md") else "/")
        doc = lxml.html.fromstring(site.html("" if address == "/" else address))
        links = {a.text_content(): a.get("href") for a in doc.cssselect("aside.md-source-file a")}
        assert links["Sidens historik"] == f"{repository}/commits/main/docs/{page}", page
    changes_page = lxml.html.fromstring(site.html("aendringer/"))
    assert changes_page.cssselect("article h2[id^='20'] + ul > li a")  # dated lists of linked pages


def test_pages_say_in_words_when_they_were_created_and_updated_and_the_footer_is_danish(site: Build) -> None:
    """The dates are the page's first and last commit (a clean clone has its history), in Danish."""
    page = "docs/kapitler/metodeskiftet.md"
    log = subprocess.run(
        ["git", "log", "--format=%H %at", "--", page], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split("\n")
    commits = [line.split() for line in log if line]
    copy_edits = (ROOT / ".git-blame-ignore-revs").read_text(encoding="utf-8")  # not an update
    content = [stamp for sha, stamp in commits if sha not in copy_edits]
    copenhagen = ZoneInfo("Europe/Copenhagen")
    first, last = (datetime.fromtimestamp(int(s), copenhagen).date() for s in (commits[-1][1], content[0]))
    doc = lxml.html.fromstring(site.html("kapitler/metodeskiftet/"))
    facts = [" ".join(f.text_content().split()) for f in doc.cssselect("aside.md-source-file")]
    months = "januar februar marts april maj juni juli august september oktober november december".split()
    change = changes.latest(frontmatter.read_page((ROOT / page).read_text(encoding="utf-8"), "", page)[0])
    assert change is not None  # the chapter has a record of substantive changes
    assert facts == [
        f"Oprettet {first.day}. {months[first.month - 1]} {first.year} · "
        f"Sidst opdateret {last.day}. {months[last.month - 1]} {last.year} · "
        f"Væsentligt ændret {change.day.day}. {months[change.day.month - 1]} {change.day.year} · Sidens historik"
    ]
    history = doc.cssselect("aside.md-source-file a")[-1].get("href")
    assert history == "https://github.com/relationel-velfaerd/relationel-velfaerd/commits/main/" + page
    footer = doc.cssselect("footer")[0].text_content()
    assert "Made with" not in footer and "Bygget med MkDocs og Material for MkDocs" in footer


def test_search_indexes_the_text_but_not_the_notes_or_the_glossary_s_usage_lines(site: Build) -> None:
    """Kilder's notes and Begreber's "Bruges på" repeat Litteratur and the pages; the pages keep them."""
    index = json.loads((site.site / "search" / "search_index.json").read_text(encoding="utf-8"))
    texts = {d["location"]: d["text"] for d in index["docs"]}
    assert not [where for where, text in texts.items() if "↩" in text or "Bruges på" in text]
    assert "Bertelsen" not in texts["kapitler/metodeskiftet/#kilder"]
    assert "Radical Help" in "".join(t for where, t in texts.items() if where.startswith("litteratur/"))
    chapter = lxml.html.fromstring(site.html("kapitler/metodeskiftet/"))
    notes = chapter.cssselect("div.footnote li[id^='fn:']")
    assert notes and "Bertelsen" in notes[0].text_content()
    glossary = lxml.html.fromstring(site.html("begreber/"))
    assert len(glossary.cssselect("p.begreb-brug a")) > 100
