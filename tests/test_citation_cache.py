"""The citation cache: site-wide disambiguation, reuse, and never a stale result."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import lxml.html
import pytest

from conftest import DATA, ROOT, Build, build, small_project
from relationel_velfaerd import bibliography_export
from relationel_velfaerd.bibliography import check_file

FORMATTED = re.compile(r"Formatted (\d+) citation blocks with pandoc")


def page(title: str, body: str) -> str:
    return f"---\ntitle: {title}\ndescription: Side {title}.\n---\n\n# {title}\n\n{body}\n"


def article_text(result: Build, url_path: str) -> str:
    return lxml.html.fromstring(result.html(url_path)).cssselect("article")[0].text_content()


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A bibliography with hard cases, cited from three pages, and its Litteratur page (nothing else)."""
    pages = {
        "index.md": page("Forside", "Tre sider med henvisninger."),
        "a.md": page("A", "Tekst [@hansen2011arbejde]."),
        "b.md": page("B", "Tekst [@hansen2011boliger] og [@moeller2015omsorg]."),
        "c.md": page("C", "Tekst [@moeller2016tillid]."),
        "litteratur.md": page("Litteratur", "\\full_bibliography"),
    }
    bib = (DATA / "disambiguation" / "disambiguation.bib").read_text(encoding="utf-8")
    return small_project(tmp_path_factory.mktemp("disambiguation"), pages, bib)


@pytest.fixture(scope="module")
def cold(project: Path) -> Build:
    shutil.rmtree(project / ".cache", ignore_errors=True)
    result = build(project, project / "site")
    assert result.returncode == 0, result.log
    return result


def test_year_suffixes_are_the_same_on_every_page(cold: Build) -> None:
    # Each page cites only one of the two 2011 works, yet both show their
    # suffix, as the Litteratur page does: disambiguation is site-wide.
    assert "(Hansen 2011a)" in article_text(cold, "a/")
    assert "(Hansen 2011b)" in article_text(cold, "b/")
    litteratur = article_text(cold, "litteratur/")
    assert "Hansen, Ida. 2011a. Arbejde." in litteratur
    assert "Hansen, Ida. 2011b. Boliger." in litteratur


def test_shared_surnames_get_given_names(cold: Build) -> None:
    assert "(Anne Møller 2015)" in article_text(cold, "b/")
    assert "(Bo Møller 2016)" in article_text(cold, "c/")


def test_a_rebuild_with_the_same_bibliography_starts_no_pandoc(project: Path, cold: Build) -> None:
    assert FORMATTED.search(cold.log)
    warm = build(project, project / "site-warm")
    assert warm.returncode == 0, warm.log
    assert not FORMATTED.search(warm.log)
    for page in ("a/", "b/", "c/", "litteratur/"):
        assert _comparable(warm.site / page / "index.html", {}) == _comparable(cold.site / page / "index.html", {})
    ris = [(site / bibliography_export.RIS_NAME).read_bytes() for site in (cold.site, warm.site)]
    assert ris[0] == ris[1] and ris[0].count(b"\r\n") == ris[0].count(b"\n") > 0  # CRLF, cached or not


def test_a_changed_bibliography_is_never_served_from_the_cache(project: Path, cold: Build) -> None:
    bib = project / "bibliography" / "litteratur.bib"
    original = bib.read_text(encoding="utf-8")
    try:
        bib.write_text(original.replace("{Arbejde}", "{Arbejdsliv}"), encoding="utf-8")
        changed = build(project, project / "site-changed")
        assert changed.returncode == 0, changed.log
        assert FORMATTED.search(changed.log)
        assert "Hansen, Ida. 2011a. Arbejdsliv." in article_text(changed, "litteratur/")
    finally:
        bib.write_text(original, encoding="utf-8")


def test_a_new_citation_formats_only_what_is_new(project: Path, cold: Build) -> None:
    page = project / "docs" / "c.md"
    original = page.read_text(encoding="utf-8")
    try:
        page.write_text(original + "\nOg med sidetal [@moeller2016tillid, s. 12].\n", encoding="utf-8")
        result = build(project, project / "site-new")
        assert result.returncode == 0, result.log
        match = FORMATTED.search(result.log)
        assert match and match.group(1) == "1"
        assert "(Bo Møller 2016, s. 12)" in article_text(result, "c/")
    finally:
        page.write_text(original, encoding="utf-8")


def test_every_real_entry_renders_the_same_with_and_without_the_cache(tmp_path: Path) -> None:
    """The citation cache only makes the build faster: without it, the pages are byte-identical.

    Every entry of the real bibliography is cited (some with a page) and listed
    on Litteratur. Site-wide disambiguation is the one deliberate difference
    (without the cache, mkdocs-bibtex decides 2011a/2011b, and given names for
    shared surnames, page by page), so year suffixes and the given names of
    shared surnames are ignored.
    """
    keys = sorted(entry.key for entry in check_file(ROOT / "bibliography" / "litteratur.bib")[0])
    cites = " ".join(f"Tekst [@{key}{', s. 12' if n % 3 == 0 else ''}]." for n, key in enumerate(keys))
    pages = {"index.md": page("Forside", cites), "litteratur.md": page("Litteratur", "\\full_bibliography")}
    bib = (ROOT / "bibliography" / "litteratur.bib").read_text(encoding="utf-8")
    results = []
    for name in ("with-cache", "without-cache"):
        project = small_project(tmp_path / name, pages, bib)
        if name == "without-cache":
            hooks = project / "scripts" / "mkdocs_hooks.py"
            call = "        citation_cache.preformat(build.bib, build.index.citation_blocks(), build.root)\n"
            assert call in hooks.read_text(encoding="utf-8")
            hooks.write_text(hooks.read_text(encoding="utf-8").replace(call, "        pass\n"), encoding="utf-8")
        results.append(build(project, project / "site"))
        assert results[-1].returncode == 0, results[-1].log
    cached, plain = results
    shared = _shared_surnames(ROOT / "bibliography")
    for url in ("", "litteratur/"):
        assert _comparable(cached.site / url / "index.html", shared) == _comparable(
            plain.site / url / "index.html", shared
        )


MONTHS = "januar|februar|marts|april|maj|juni|juli|august|september|oktober|november|december"
# A date in text, or percent-encoded in a download link (%202026/12/01, %7B2026-12-01).
DATES = re.compile(
    rf"(?:(?<!\d)|(?<=%[0-9A-F]{{2}}))\d{{4}}[/-]\d\d[/-]\d\d(?!\d)"
    rf"|\b\d{{1,2}}\. (?:{MONTHS}) \d{{4}}(?: \d\d:\d\d:\d\d \w+)?"
)


def _shared_surnames(bib_dir: Path) -> dict[str, str]:
    """'Given Surname' -> 'Surname' for every surname that several people in the bibliography share."""
    people: dict[str, set[str]] = {}
    for path in bib_dir.rglob("*.bib"):
        for entry in check_file(path)[0]:
            for field in ("author", "editor"):
                for name in entry.fields.get(field, "").split(" and "):
                    surname, _, given = (part.strip() for part in name.partition(","))
                    if given:
                        people.setdefault(surname, set()).add(given)
    return {f"{g} {surname}": surname for surname, given in people.items() if len(given) > 1 for g in given}


def _comparable(html_file: Path, shared: dict[str, str]) -> str:
    """The page with year suffixes (2011a, u.å.b), given names of shared surnames and dates left out,
    and the Litteratur entries in a fixed order.

    Dates differ for a reason that has nothing to do with citations: a copy of
    the project has no git history, so its page dates fall back to the build date.
    """
    text = re.sub(r"\b(1[5-9]\d\d|20\d\d)[a-z]\b", r"\1", html_file.read_text(encoding="utf-8"))
    text = re.sub(r"\bu\.å\.[a-z]\b\.?", "u.å.", text)  # "u.å.b." and "u.å.b)" become "u.å." and "u.å.)"
    for full, surname in shared.items():
        text = text.replace(full, surname)
    # Entries of one author without a year sort by their suffix (u.å.a, u.å.b), so
    # without site-wide disambiguation they may come in another order: compare as a set.
    posts = sorted(POST.findall(text))
    text = POST.sub("", text) + "".join(posts)
    return DATES.sub("DATO", text)


POST = re.compile(r'<p class="litteratur-post".*?</p>', re.S)
