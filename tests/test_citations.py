"""Citations: Danish author-year form, and a complete Litteratur page in Danish order."""

from __future__ import annotations

from pathlib import Path

import lxml.html

from conftest import DATA, ROOT, Build, build, run_tool, small_project
from relationel_velfaerd import citations
from relationel_velfaerd.bibliography import check_file


def bib_keys() -> list[str]:
    keys: list[str] = []
    for path in sorted((ROOT / "bibliography").rglob("*.bib")):
        entries, problems = check_file(path)
        assert problems == []
        keys += [e.key for e in entries]
    return keys


def litteratur_posts(site: Build) -> list[tuple[str, str]]:
    doc = lxml.html.fromstring(site.html("litteratur/"))
    return [(p.get("id"), p.text_content()) for p in doc.cssselect("p.litteratur-post")]


def test_litteratur_lists_every_entry_once_with_a_stable_anchor(site: Build) -> None:
    ids = [post_id for post_id, _ in litteratur_posts(site)]
    assert sorted(ids) == sorted(f"ref-{key}" for key in bib_keys())


def test_litteratur_is_in_danish_alphabetical_order(site: Build) -> None:
    order = [text for _, text in litteratur_posts(site)]

    def first(prefix: str) -> int:
        return next(i for i, text in enumerate(order) if text.startswith(prefix))

    # æ, ø, å come after z; ø after every other l-name; aa is sorted as å.
    assert first("Lumholt") < first("Løgstrup") < first("Mortensen")
    assert first("Svendsen") < first("Aarup")
    assert first("Aarup") == len(order) - 1
    # Titles that begin with a sign (»§ 115-redegørelse«) come before the letters, as in Danish indexes.
    assert first("Agger") == min(i for i, text in enumerate(order) if text[:1].isalpha())
    assert first("Agger") < first("Allentoft") < first("Andersen")


def test_litteratur_has_no_footnotes_or_dead_back_links(site: Build) -> None:
    html = site.html("litteratur/")
    assert "fnref" not in html
    assert 'class="footnote"' not in html


def test_danish_terms_in_references(site: Build) -> None:
    posts = dict(litteratur_posts(site))
    assert "Bertelsen, Johs. u.å." in posts["ref-bertelsenuabrikker"]
    assert "Lumholt, Karen og Jonas Norgaard Mortensen (red.). 2015." in posts["ref-lumholt2015personlige"]
    assert ": 93–109" in posts["ref-hood1995new"]  # an en dash, not 93--109
    assert posts["ref-askovfonden2017systemvelfaerd"].startswith("AskovFonden. 2017.")  # a corporate name
    assert posts["ref-oecd2011society"].startswith("OECD. 2011.")
    assert "Oversat af Walter Kaufmann" in posts["ref-buber1970thou"]
    # URLs keep their underscores (pybtex's re-written copy of the .bib escaped them).
    assert "https://tekster.kb.dk/text/gv-1838_593-intro-root" in posts["ref-grundtvig1838skolen"]
    doc = lxml.html.fromstring(site.html("litteratur/"))
    hrefs = {a.get("href") for a in doc.cssselect("p.litteratur-post a")}
    assert "https://tekster.kb.dk/text/gv-1838_593-intro-root" in hrefs
    assert not any("\\" in href for href in hrefs)


def test_in_text_citations_are_danish_with_hover_references(fixture_site: Build) -> None:
    doc = lxml.html.fromstring(fixture_site.html("henvisninger/"))
    text = doc.cssselect("article")[0].text_content()
    assert "(Hood 1995, s. 93–95)" in text
    assert "(Pedersen 2011)" in text
    assert "(Lumholt og Mortensen 2015)" in text
    assert "(Bertelsen u.å.)" in text
    assert "(Testorganisationen 2020)" in text
    # Each citation links to its footnote, which holds the full reference
    # (fodnoter.js previews it).
    notes = {li.get("id"): li.text_content().strip() for li in doc.cssselect("div.footnote li")}
    assert notes["fn:pedersen2011konkurrencestaten"].startswith("Pedersen, Ove Kaj. 2011. Konkurrencestaten.")
    # A web page read on a given date: Danish "Hentet <dato> fra <adresse>".
    assert notes["fn:testside2020hentet"].startswith(
        "Testorganisationen. 2020. En side på nettet. 4. maj 2020. Hentet 20. november 2026 fra https://example.org/side."
    )
    refs = doc.cssselect("a.footnote-ref")
    assert {a.get("href") for a in refs} == {f"#{note_id}" for note_id in notes}
    # One marker a work: its text is the link to the note, with no number beside it.
    assert not doc.cssselect("article sup")
    hood = doc.cssselect("a.henvisning[href='#fn:hood1995new']")[0]
    assert hood.text_content() == "Hood 1995, s. 93–95" and hood.getparent().tag == "p"
    assert "assets/javascripts/fodnoter.js" in fixture_site.html("henvisninger/")


def test_headings_keep_danish_letters_in_their_ids(fixture_site: Build) -> None:
    doc = lxml.html.fromstring(fixture_site.html("henvisninger/"))
    ids = {h.get("id") for h in doc.cssselect("h2")}
    assert "ændring-af-ord" in ids  # generated: keeps æ
    assert "laering" in ids  # explicit {#laering}


GUIDE = """---
title: Sådan henviser du
description: En vejledning, der viser henvisningernes syntaks.
---

# Sådan henviser du

Skriv `[@ukendt2020noegle]` i teksten og `\\bibliography` under Kilder, som her:

```markdown
En påstand [@ukendt2020noegle, s. 8].

\\bibliography
```

En rigtig henvisning [@ond2020titel].

## Kilder {#kilder}

\\bibliography
"""


def test_citations_and_commands_in_code_are_shown_not_used(tmp_path: Path) -> None:
    bib = (DATA / "hostile" / "litteratur.bib").read_text(encoding="utf-8")
    project = small_project(tmp_path, {"index.md": GUIDE}, bib)
    assert run_tool("citekeys", "docs", "bibliography", cwd=project).stdout == ""
    result = build(project, project / "site")
    assert result.returncode == 0, result.log
    doc = lxml.html.fromstring(result.html(""))
    code = [c.text_content() for c in doc.cssselect("article code")]
    assert code[:2] == ["[@ukendt2020noegle]", "\\bibliography"]
    assert "[@ukendt2020noegle, s. 8]" in code[2] and "\\bibliography" in code[2]
    notes = doc.cssselect("div.footnote li")
    assert len(notes) == 1 and notes[0].text_content().strip().startswith("Ond, Mallory. 2020.")


WRAPPED = """---
title: Ombrudt
description: En side med en henvisning over to linjer.
---

# Ombrudt

En påstand med to kilder [@ond2020titel;
  @ond2020titel, s. 3].

## Kilder {#kilder}

\\bibliography
"""


def test_a_citation_over_two_lines_is_a_citation(tmp_path: Path) -> None:
    bib = (DATA / "hostile" / "litteratur.bib").read_text(encoding="utf-8")
    project = small_project(tmp_path, {"index.md": WRAPPED}, bib)
    result = build(project, project / "site")
    assert result.returncode == 0, result.log
    text = lxml.html.fromstring(result.html("")).cssselect("article")[0].text_content()
    assert "[@" not in text and "(Ond 2020; 2020, s. 3)" in text  # one author: the name once


def test_a_citation_left_in_the_text_fails_the_build_with_its_line(broken_site: Build) -> None:
    assert "docs/kapitler/ombrudt.md:8: the citation of '@ond2020titel' was not converted" in broken_site.log


def test_a_lower_case_organisation_is_printed_without_pandoc_markup(tmp_path: Path) -> None:
    bib = "@misc{snuaaeldre,\n  author = {{sn.dk}},\n  title = {Ældre},\n  verified = {test}\n}\n"
    page = WRAPPED.replace("[@ond2020titel;\n  @ond2020titel, s. 3]", "[@snuaaeldre]")
    project = small_project(tmp_path, {"index.md": page}, bib)
    result = build(project, project / "site")
    assert result.returncode == 0, result.log
    text = lxml.html.fromstring(result.html("")).cssselect("article")[0].text_content()
    assert "(sn.dk u.å.)" in text and "{.nocase}" not in text
    assert citations.pandoc_spans("<p>([sn.dk]{.nocase} u.å.)</p>") == ["[sn.dk]{.nocase}"]


def _marker(key: str, n: int, again: str = "") -> str:
    return f'<sup id="fnref{again}:{key}"><a class="footnote-ref" href="#fn:{key}">{n}</a></sup>'


SHORT = {"a": "Allentoft 2017", "c": "Cottam 2018", "p": "Pedersen 2011", "m1": "Mortensen u.å.a",
         "m2": "Mortensen u.å.b", "f": "Forum – idéburna u.å."}  # fmt: skip


def test_each_work_of_a_citation_is_the_link_to_its_own_note() -> None:
    def links(html: str) -> list[tuple[str, str, str]]:
        doc = lxml.html.fromstring(f"<p>{citations.one_marker(html, SHORT)}</p>")
        assert not doc.cssselect("sup")
        return [(a.get("id"), a.get("href"), a.text_content()) for a in doc.cssselect("a.henvisning")]

    # pandoc sorts a citation's works by author: the text's order, not the markers', decides.
    assert links("(Cottam 2018, s. 12; Pedersen 2011)" + _marker("p", 1) + _marker("c", 2, "2")) == [
        ("fnref2:c", "#fn:c", "Cottam 2018, s. 12"),
        ("fnref:p", "#fn:p", "Pedersen 2011"),
    ]
    assert [t for _, _, t in links("(Mortensen u.å.a, u.å.b)" + _marker("m2", 1) + _marker("m1", 2))] == [
        "Mortensen u.å.a",
        "u.å.b",
    ]
    assert links("(Forum &ndash; idéburna u.å.; Allentoft 2017)" + _marker("f", 1) + _marker("a", 2))[0][1] == "#fn:f"
    glossary_mark = '(<em><a class="begreb footnote-ref" href="../begreber/#begreb-x">Allentoft</a></em> 2017)'
    assert [t for _, _, t in links(glossary_mark + _marker("a", 1))] == ["Allentoft 2017"]


def test_a_citation_whose_works_cannot_be_told_apart_keeps_its_numbers() -> None:
    two_unknown = "(Cottam 2018; Nogen 2001)" + _marker("c", 1) + _marker("ukendt", 2)
    for html in ("(Nogen 2001; Andre 2002)" + _marker("a", 1), two_unknown):
        assert citations.one_marker(html, SHORT) == html
