"""Bad input fails the build with a message that names the file, the line and the fix."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import DATA, ROOT, Build, build, run_tool, small_project
from relationel_velfaerd.bibliography import check_dir
from relationel_velfaerd.frontmatter import check_page

BAD_BIB = DATA / "bad-bib"

# fixture file -> the exact messages the checker must print
EXPECTED = {
    "missing-comma.bib": [
        "missing-comma.bib:3: entry 'pedersen2011konkurrencestaten': "
        "missing comma after field 'title'; add ',' at the end of this line",
    ],
    "unclosed-brace.bib": [
        "unclosed-brace.bib:11: entry 'rorty1989contingency': "
        "unclosed brace in field 'title'; close it with '}' on this line",
    ],
    "duplicate-key.bib": [
        "duplicate-key.bib:9: entry 'Pedersen2011konkurrencestaten': "
        "key must be ASCII 'authorYYYYword' in lower case, e.g. pedersen2011konkurrencestaten",
        "duplicate-key.bib:9: entry 'Pedersen2011konkurrencestaten': "
        "duplicate key, first defined at {dir}/duplicate-key.bib:1; rename or merge the entries",
    ],
    "out-of-order.bib": [
        "out-of-order.bib:9: entry 'pedersen2011konkurrencestaten': "
        "out of key order; move the entry before 'rorty1989contingency'",
    ],
    "bad-values.bib": [
        "bad-values.bib:1: entry 'bateson1979mind': field 'url' is not a plain http(s) address: "
        "'javascript:alert(1)'; write it as https://… without spaces or quotes",
        "bad-values.bib:1: entry 'bateson1979mind': field 'year' is '19x9'; "
        "write four digits, e.g. 2011 (leave it out if unknown)",
        "bad-values.bib:9: entry 'hood1995new': field 'doi' is not a DOI: "
        "'https://doi.org/10.1016/0361-3682(93)E0001-W'; write it as 10.xxxx/…, without https://doi.org/",
        "bad-values.bib:9: entry 'hood1995new': field 'date' is '2016-13-45'; "
        "write a real date as YYYY, YYYY-MM or YYYY-MM-DD (a range as A/B)",
    ],
    "missing-field.bib": [
        "missing-field.bib:1: entry 'hood1991public': @article needs the field 'journal or journaltitle'",
    ],
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bibcheck_names_file_line_and_problem(name: str, tmp_path: Path) -> None:
    shutil.copy(BAD_BIB / name, tmp_path / name)
    messages = [str(p) for p in check_dir(tmp_path)]
    expected = [f"{tmp_path}/{m.replace('{dir}', str(tmp_path))}" for m in EXPECTED[name]]
    assert messages == expected


def test_bibcheck_passes_the_real_bibliography() -> None:
    assert check_dir(ROOT / "bibliography") == []


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_malformed_bib_fails_the_build(name: str, tmp_path: Path) -> None:
    front = "---\ntitle: Forside\ndescription: En side.\n---\n\n# Forside\n"
    project = small_project(tmp_path, {"index.md": front}, (ROOT / "bibliography" / "litteratur.bib").read_text())
    shutil.copy(BAD_BIB / name, project / "bibliography" / name)
    result = build(project, project / "site")
    assert result.returncode != 0
    first = EXPECTED[name][0].split(":")[:2]  # file and line
    assert f"\n  bibliography/{first[0]}:{first[1]}: " in result.log
    assert "Traceback" not in result.log


def test_unknown_citation_key_fails_naming_page_line_and_key(broken_site: Build) -> None:
    assert "docs/ny.md:12: unknown citation key '@ukendt2020noegle'" in broken_site.log


def test_broken_links_and_anchors_fail_naming_file_and_line(broken_site: Build) -> None:
    log = broken_site.log
    assert "docs/ny.md:8: contains a link 'findes-ikke.md', but the target is not found" in log
    assert "docs/ny.md:10: contains a link '#findes-ikke', but there is no such anchor on this page." in log
    assert "docs/ny.md:10: contains a link 'index.md#findes-ikke', but the doc 'index.md' does not contain" in log


LATIN_1 = "---\ntitle: Tekst\ndescription: En side.\n---\n\n# Tekst\n\nSærlig tekst på latin-1.\n".encode("latin-1")
IMPOSSIBLE_DATE = "---\ntitle: Dato\ndescription: En side.\ndate: 2020-13-45\n---\n\n# Dato\n"


def test_a_page_not_in_utf8_and_an_impossible_date_are_one_line_each_in_check(tmp_path: Path) -> None:
    (tmp_path / "latin.md").write_bytes(LATIN_1)
    (tmp_path / "dato.md").write_text(IMPOSSIBLE_DATE, encoding="utf-8")
    for module in ("frontmatter", "citekeys"):
        result = run_tool(module, tmp_path, *(["bibliography"] if module == "citekeys" else []))
        assert f"{tmp_path}/latin.md:8: not valid UTF-8 (byte 0xe6); save the file as UTF-8" in result.stdout
        assert "Traceback" not in result.stderr
    assert [str(p) for p in check_page(IMPOSSIBLE_DATE, "dato.md", "docs/dato.md")] == [
        "docs/dato.md:4: front matter has an impossible date (month must be in 1..12); write a real date as YYYY-MM-DD"
    ]


def test_a_page_not_in_utf8_and_an_impossible_date_fail_the_build(tmp_path: Path) -> None:
    pages = {"index.md": IMPOSSIBLE_DATE.replace("Dato", "Forside"), "kapitler/latin.md": ""}
    project = small_project(tmp_path, pages, "")
    (project / "docs" / "kapitler" / "latin.md").write_bytes(LATIN_1)
    result = build(project, project / "site")
    assert result.returncode != 0
    assert "Traceback" not in result.log
    assert "docs/kapitler/latin.md:8: not valid UTF-8 (byte 0xe6); save the file as UTF-8" in result.log
    assert "docs/index.md:4: front matter has an impossible date" in result.log
    assert not (project / "site").exists()


UNKNOWN_WORK = "---\ntitle: Værk\ndescription: En side.\nvaerk: findesikke2020vaerk\ngruppe: dansk-debat\n---\n\n# V\n"


def test_an_unknown_vaerk_key_is_one_line_with_file_and_line_in_check_and_build(
    tmp_path: Path, broken_site: Build
) -> None:
    message = (
        "docs/antologi/v.md:4: front matter 'vaerk: findesikke2020vaerk' is not a key in bibliography/*.bib; "
        "use the key of the work's entry"
    )
    project = small_project(
        tmp_path, {"index.md": IMPOSSIBLE_DATE.replace("date: 2020-13-45\n", ""), "antologi/v.md": UNKNOWN_WORK}, ""
    )
    checked = run_tool("citekeys", "docs", "bibliography", cwd=project)
    assert checked.returncode == 1 and checked.stdout.strip() == message
    assert message in broken_site.log


def test_citekeys_reports_a_broken_bibliography_instead_of_false_unknown_keys(tmp_path: Path) -> None:
    shutil.copy(BAD_BIB / "unclosed-brace.bib", tmp_path / "litteratur.bib")
    result = run_tool("citekeys", ROOT / "docs", tmp_path)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"{tmp_path}/litteratur.bib:11: entry 'rorty1989contingency': "
        "unclosed brace in field 'title'; close it with '}' on this line"
    ]
    assert "fix the bibliography first" in result.stderr
