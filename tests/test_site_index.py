"""The site index: every page read once, and the questions that need the whole site."""

from __future__ import annotations

from relationel_velfaerd.site_index import SiteIndex

GLOSSARY = (
    "---\ntitle: Begreber\ndescription: Ordlisten.\n---\n\n# Begreber\n\n## Tillid {#tillid}\n\nAt regne med andre.\n"
)


def page(title: str, body: str, extra: str = "") -> str:
    return f"---\ntitle: {title}\ndescription: Side {title}.\n{extra}---\n\n# {title}\n\n{body}\n"


def index() -> SiteIndex:
    pages = [
        ("kapitler/b.md", page("B", "Om tillid [@hansen2011a; @hansen2011b, s. 3].")),
        ("kapitler/a.md", page("A", "Tekst [@hansen2011b].\n\n```\n[@ikke2020kode]\n```")),
        ("antologi/hansen.md", page("Hansen", "Værket [@hansen2011b].", "vaerk: hansen2011b\ngruppe: forskning\n")),
        ("antologi/igen.md", page("Igen", "Igen.", "vaerk: hansen2011b\ngruppe: forskning\n")),
        ("antologi/ukendt.md", page("Ukendt", "Ukendt.", "vaerk: findesikke2020x\ngruppe: forskning\n")),
        ("begreber.md", GLOSSARY),
    ]
    return SiteIndex.read((src, f"docs/{src}", text) for src, text in pages)


def test_each_page_is_read_once_with_its_front_matter_title_and_citations() -> None:
    site = index()
    b = site.pages["kapitler/b.md"]
    assert b.title == "B" and b.meta["description"] == "Side B." and b.problems == []
    assert b.keys == ["hansen2011a", "hansen2011b"]
    assert site.pages["kapitler/a.md"].keys == ["hansen2011b"]  # the key in code is shown, not cited
    assert [t.id for t in site.terms] == ["tillid"]


def test_who_cites_a_work_follows_the_nav_order_and_leaves_out_the_anthology() -> None:
    site = index()
    site.order(["kapitler/a.md", "kapitler/b.md"])
    assert [p.src_uri for p in site.cited_by("hansen2011b")] == ["kapitler/a.md", "kapitler/b.md"]


def test_an_anthology_page_for_an_unknown_or_taken_work_is_a_problem() -> None:
    pages, problems = index().work_pages({"hansen2011a", "hansen2011b"})
    assert pages["hansen2011b"].src_uri == "antologi/hansen.md"
    assert problems == [
        "docs/antologi/igen.md: 'hansen2011b' already has an anthology page, docs/antologi/hansen.md",
        "docs/antologi/ukendt.md:4: front matter 'vaerk: findesikke2020x' is not a key in bibliography/*.bib; "
        "use the key of the work's entry",
    ]


def test_a_term_is_used_by_the_pages_that_name_it_in_any_form() -> None:
    assert index().term_uses() == {"tillid": [("kapitler/b.md", "B")]}
