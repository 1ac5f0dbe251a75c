"""Front matter: every page has the keys its kind needs, and typos are named."""

from __future__ import annotations

import pytest

from conftest import ROOT, Build
from relationel_velfaerd.frontmatter import check_dir, check_page

CASES = {
    "typo": (
        "kapitler/x.md",
        "---\ntitle: X\ndescripton: En side.\n---\n\n# X\n",
        [
            "docs/kapitler/x.md:3: unknown key 'descripton'; did you mean 'description'?",
            "docs/kapitler/x.md:1: missing key 'description': one sentence of at most 160 characters "
            "for search engines and link previews",
        ],
    ),
    "anthology without work": (
        "antologi/y.md",
        "---\ntitle: Y\ndescription: Et værk.\ngruppe: filosofi\n---\n\n# Y\n",
        [
            "docs/antologi/y.md:4: key 'gruppe' is 'filosofi'; use one of dansk-debat, forskning, "
            "offentlig-styring, relationsfilosofi, tillid-og-civilsamfund",
            "docs/antologi/y.md:1: missing key 'vaerk': the BibTeX key of the work an anthology page presents",
        ],
    ),
    "not yaml": (
        "z.md",
        "---\ntitle: [Z\ndescription: x\n---\n\n# Z\n",
        ["docs/z.md:3: front matter is not valid YAML (expected ',' or ']', but got ':')"],
    ),
    "wrong form": (
        "kapitler/w.md",
        "---\ntitle: W\ndescription: Side.\nauthors: Anne Hansen\n---\n\n# W\n",
        [
            "docs/kapitler/w.md:4: key 'authors' has the wrong form; "
            "it should be a list of names, e.g. authors: [Anne Hansen]"
        ],
    ),
    "change record": (
        "kapitler/c.md",
        "---\ntitle: C\ndescription: Side.\naendringer:\n  - dato: 2026-09-01\n    tekst: Nyt afsnit.\n"
        "  - dato: i går\n    hvad: Rettet.\n  - dato: 2999-01-01\n    tekst: '  '\n---\n\n# C\n",
        [
            "docs/kapitler/c.md:4: change 2 under 'aendringer' has the unknown field(s) hvad; "
            "use only 'dato' and 'tekst'",
            "docs/kapitler/c.md:4: change 2 under 'aendringer': 'dato' is 'i går'; "
            "write the day of the change as YYYY-MM-DD",
            "docs/kapitler/c.md:4: change 2 under 'aendringer': 'tekst' is missing; say in one sentence what changed",
            "docs/kapitler/c.md:4: change 3 under 'aendringer': 'dato' 2999-01-01 is in the future; "
            "write the day the change was made",
            "docs/kapitler/c.md:4: change 3 under 'aendringer': 'tekst' is missing; say in one sentence what changed",
        ],
    ),
    "none": ("v.md", "# V\n", ["docs/v.md:1: no front matter; start the file with ---, title:, description: and ---"]),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_problem_is_one_line_with_file_line_and_key(case: str) -> None:
    rel, text, expected = CASES[case]
    assert [str(p) for p in check_page(text, rel, f"docs/{rel}")] == expected


def test_the_real_pages_pass() -> None:
    assert check_dir(ROOT / "docs", ROOT) == []


def test_bad_front_matter_fails_the_build(broken_site: Build) -> None:
    assert "docs/kapitler/x.md:3: unknown key 'descripton'; did you mean 'description'?" in broken_site.log
    assert "docs/kapitler/x.md:4: change 1 under 'aendringer': 'dato' is 'i går'" in broken_site.log
