"""The link checker on built HTML: pages, #anchors, the Markdown source in messages, usage.

The fixture sites in tests/data/linkcheck/ are small hand-written pages with
known problems; the checker runs as contributors run it, as a command.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import DATA, run_tool
from linkcheck_speed import make_site
from relationel_velfaerd.linkcheck import Options, Resolver, Target, check, parse_page

FIXTURES = DATA / "linkcheck"
SITE = FIXTURES / "internal" / "html"
CLEAN = FIXTURES / "clean" / "html"
Run = tuple[subprocess.CompletedProcess[str], dict]
BASE_URL = "https://relationel-velfaerd.github.io/relationel-velfaerd/"
SUMMARY = re.compile(r"^(\d+) pages, (\d+) links, (\d+) broken, (\d+) transient, (\d+) ok in \d+\.\d\d s$")

# Every problem in the fixture site, in the order printed (pages in path order).
EXPECTED_LINES = [
    "404.html: /relationel-velfaerd/kapitler/findes-ikke/ — page not found",
    "404.html: /andet-projekt/ — page not found: the link leaves the site, which starts at /relationel-velfaerd/",
    'index.html (docs/index.md): #findes-ikke — no element with id "findes-ikke" in index.html',
    'index.html (docs/index.md): kapitler/tillid/#mistillid — no element with id "mistillid" in '
    "kapitler/tillid/index.html",
    "index.html (docs/index.md): findes-ikke/ — page not found",
    "index.html (docs/index.md): kapitler/findes-ikke.html#x — page not found",
    "index.html (docs/index.md): assets/mangler.png — page not found",
    'index.html (docs/index.md): gammel/#mangler — no element with id "mangler" in kapitler/tillid/index.html',
    "index.html (docs/index.md): https://relationel-velfaerd.github.io/relationel-velfaerd/kapitler/omsorg/ "
    "— page not found",
    "kapitler/tillid/index.html (docs/kapitler/tillid.md): ../omsorg/#omsorg — page not found",
    'kapitler/tillid/index.html (docs/kapitler/tillid.md): ../../s%C3%B8g/#l%C3%A6ring — no element with id "læring" '
    "in søg/index.html",
]


def linkcheck(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return run_tool("linkcheck", *args)


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    """The fixture site checked once with --base-url, and its JSON."""
    out = tmp_path_factory.mktemp("linkcheck") / "results.json"
    proc = linkcheck(SITE, "--base-url", BASE_URL, "--json", out)
    return proc, json.loads(out.read_text(encoding="utf-8"))


def result(data: dict, page: str, url: str) -> dict:
    found = [r for r in data["results"] if r["page"] == page and r["url"] == url]
    assert len(found) == 1, f"{page}: {url} not reported exactly once"
    return found[0]


def test_prints_one_exact_line_per_problem_then_a_summary(run: Run) -> None:
    proc, data = run
    assert proc.returncode == 1, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[:-1] == EXPECTED_LINES
    summary = SUMMARY.match(lines[-1])
    assert summary, lines[-1]
    pages, links, broken, transient, ok = map(int, summary.groups()[:5])
    assert (pages, links, broken, transient) == (5, len(data["results"]), len(EXPECTED_LINES), 0)
    assert ok == sum(r["status"] == "ok" for r in data["results"])
    assert proc.stderr == ""


@pytest.mark.parametrize(
    ("page", "url", "status"),
    [
        ("index.html", "#", "ok"),
        ("index.html", "#top", "ok"),  # browsers scroll to the top without such an id
        ("index.html", "#forside", "ok"),
        ("index.html", "", "ok"),
        ("index.html", "#findes-ikke", "broken"),  # missing anchor, same page
        ("index.html", "kapitler/tillid/", "ok"),  # directory URL -> index.html
        ("index.html", "kapitler/tillid", "ok"),  # folder without the final slash
        ("index.html", "kapitler/tillid/#tillid", "ok"),
        ("index.html", "kapitler/tillid/#mistillid", "broken"),  # missing anchor, other page
        ("index.html", "kapitler/tillid/index.html?utm_source=forside#tillid", "ok"),  # query string ignored
        ("index.html", "kapitler/tillid/?side=2", "ok"),
        ("index.html", "kapitler/tillid/#l%C3%A6ring", "ok"),  # encoded fragment finds id="læring"
        ("index.html", "kapitler/tillid/#læring", "ok"),
        ("index.html", "s%C3%B8g/", "ok"),  # encoded path finds søg/index.html
        ("index.html", "søg/#s%C3%B8geresultater", "ok"),
        ("index.html", "findes-ikke/", "broken"),  # missing page
        ("index.html", "kapitler/findes-ikke.html#x", "broken"),
        ("index.html", "assets/mangler.png", "broken"),  # src, not only href
        ("index.html", "assets/logo.svg", "ok"),
        ("index.html", "assets/site.js", "ok"),
        ("index.html", "assets/site.css#ikke-html", "ok"),  # fragments of non-HTML files are not checked
        ("index.html", "gammel/#tillid", "ok"),  # a redirect page carries the fragment on
        ("index.html", "gammel/#mangler", "broken"),
        ("index.html", BASE_URL, "ok"),  # the canonical link: internal with --base-url
        ("index.html", f"{BASE_URL}kapitler/tillid/#tillid", "ok"),
        ("index.html", f"{BASE_URL}kapitler/omsorg/", "broken"),
        ("index.html", "/relationel-velfaerd/kapitler/tillid/#tillid", "ok"),  # root-relative under the base path
        ("index.html", "mailto:redaktion@example.org", "ignored"),
        ("index.html", "tel:+4512345678", "ignored"),
        ("index.html", "javascript:void(0)", "ignored"),
        ("index.html", "data:image/gif;base64,R0lGODlhAQABAAAAACw=", "ignored"),
        ("index.html", "https://example.org/om", "ignored"),  # external: only with --external
        ("404.html", "/relationel-velfaerd/.", "ok"),  # links inside the 404 page
        ("404.html", "/relationel-velfaerd/assets/site.css", "ok"),
        ("404.html", "/relationel-velfaerd/kapitler/tillid/#tillid", "ok"),
        ("404.html", "/relationel-velfaerd/kapitler/findes-ikke/", "broken"),
        ("404.html", "/andet-projekt/", "broken"),
        ("kapitler/tillid/index.html", "#fn:1", "ok"),
        ("kapitler/tillid/index.html", "../../#forside", "ok"),
        ("kapitler/tillid/index.html", "../../s%C3%B8g/#l%C3%A6ring", "broken"),
        ("gammel/index.html", "../kapitler/tillid/", "ok"),
    ],
)
def test_classifies_each_link(run: Run, page: str, url: str, status: str) -> None:
    assert result(run[1], page, url)["status"] == status


def test_json_has_one_result_per_distinct_link_as_written(run: Run) -> None:
    data = run[1]
    assert set(data) == {"pages", "links", "results"}
    assert data["pages"] == 5 and data["links"] == len(data["results"])
    for r in data["results"]:
        assert set(r) == {"page", "source", "url", "status", "code", "detail"}
        assert r["status"] in {"ok", "redirected", "broken", "transient", "ignored"}
        assert r["code"] is None  # no HTTP without --external
    pairs = [(r["page"], r["url"]) for r in data["results"]]
    assert len(pairs) == len(set(pairs))
    missing = result(data, "index.html", "kapitler/tillid/#mistillid")
    assert missing == {
        "page": "index.html",
        "source": "docs/index.md",
        "url": "kapitler/tillid/#mistillid",
        "status": "broken",
        "code": None,
        "detail": 'no element with id "mistillid" in kapitler/tillid/index.html',
    }
    assert result(data, "kapitler/tillid/index.html", "#fn:1")["source"] == "docs/kapitler/tillid.md"  # edit link
    assert result(data, "søg/index.html", "../")["source"] == "docs/søg/index.md"  # folder/index.md
    assert result(data, "404.html", "/andet-projekt/")["source"] is None
    hrefs = [r["url"] for r in data["results"] if r["page"] == "index.html"]
    assert "https://fonts.example.org" not in hrefs  # a preconnect hint is not a link


def test_a_clean_site_passes(tmp_path: Path) -> None:
    proc = linkcheck(CLEAN, "--json", tmp_path / "out.json")
    assert proc.returncode == 0, proc.stdout
    assert SUMMARY.match(proc.stdout.strip())
    assert proc.stdout.startswith("2 pages, 7 links, 0 broken, 0 transient, 5 ok in ")


def test_without_base_url_root_relative_links_are_looked_up_at_the_top(tmp_path: Path) -> None:
    proc = linkcheck(SITE)
    assert proc.returncode == 1
    assert "404.html: /relationel-velfaerd/kapitler/tillid/#tillid — page not found" in proc.stdout.splitlines()
    assert "--base-url" in proc.stderr  # and the contributor is told what to do


def test_docs_folder_can_be_given(tmp_path: Path) -> None:
    site = shutil.copytree(SITE, tmp_path / "built")  # no docs/ next to it
    proc = linkcheck(site, "--base-url", BASE_URL)
    assert "index.html: findes-ikke/ — page not found" in proc.stdout.splitlines()
    proc = linkcheck(site, "--base-url", BASE_URL, "--docs", SITE.parent / "docs")
    assert "index.html (docs/index.md): findes-ikke/ — page not found" in proc.stdout.splitlines()


def test_ignore_patterns_are_regular_expressions_searched_in_the_link(tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    proc = linkcheck(SITE, "--base-url", BASE_URL, "--json", out, "--ignore", "findes-ikke", r"^assets/mangler\.")
    data = json.loads(out.read_text(encoding="utf-8"))
    assert result(data, "index.html", "findes-ikke/")["status"] == "ignored"
    assert result(data, "index.html", "assets/mangler.png")["status"] == "ignored"
    assert result(data, "404.html", "/relationel-velfaerd/kapitler/findes-ikke/")["status"] == "ignored"
    assert "findes-ikke" not in proc.stdout and proc.returncode == 1  # other problems remain
    everything = ["findes-ikke", "mangler", "omsorg", "andet-projekt", "#l%C3%A6ring$", "#mistillid"]
    assert linkcheck(SITE, "--base-url", BASE_URL, "--ignore", *everything).returncode == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "the following arguments are required: SITE_DIR"),
        (["/findes/ikke"], "SITE_DIR /findes/ikke is not a folder"),
        ([SITE / "index.html"], "is not a folder"),
        ([FIXTURES / "internal" / "docs"], "has no HTML pages"),
        ([SITE, "--timeout", "0"], "must be more than 0"),
        ([SITE, "--concurrency", "mange"], "not a number"),
        ([SITE, "--ignore", "("], "not a valid regular expression"),
        ([SITE, "--base-url", "relationel-velfaerd.github.io"], "not a web address"),
        ([SITE, "--docs", "/findes/ikke"], "--docs /findes/ikke is not a folder"),
        ([SITE, "--no-such-option"], "unrecognized arguments"),
    ],
)
def test_bad_usage_exits_2_with_a_clear_message(args: list[str | Path], message: str) -> None:
    proc = linkcheck(*args)
    assert proc.returncode == 2
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr


def write_site(root: Path, pages: dict[str, str]) -> Path:
    for name, body in pages.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f'<!doctype html><html><head><meta charset="utf-8"></head><body>{body}</body></html>')
    return root


def statuses(site: Path, options: Options | None = None) -> dict[tuple[str, str], str | None]:
    return {(r.page, r.url): r.detail if r.status == "broken" else r.status for r in check(site, options).results}


def test_anchors_by_name_base_tags_and_redirects_to_other_sites(tmp_path: Path) -> None:
    site = write_site(
        tmp_path,
        {
            "index.html": '<a name="gammelt-anker"></a><input name="felt"><a href="#gammelt-anker">a</a>'
            '<a href="#felt">b</a><a href="ud/#x">c</a><a href="tom.html">d</a>',
            "ud/index.html": '<meta http-equiv="Refresh" content="0; URL=\'https://example.org/\'">',
            "tom.html": "",
            "under/index.html": '<base href="../"><a href="index.html#gammelt-anker">e</a><a href="#x">f</a>',
        },
    )
    (site / "tom.html").write_bytes(b"")
    assert statuses(site) == {
        ("index.html", "#gammelt-anker"): "ok",  # <a name> counts
        ("index.html", "#felt"): 'no element with id "felt" in index.html',  # other names do not
        ("index.html", "ud/#x"): "ok",  # redirects elsewhere: not ours to check
        ("index.html", "tom.html"): "ok",
        ("under/index.html", "index.html#gammelt-anker"): "ok",  # resolved against <base href>
        ("under/index.html", "#x"): 'no element with id "x" in index.html',  # as browsers do
    }


@pytest.mark.parametrize(
    ("page", "link", "expected"),
    [
        ("index.html", "a/b/../c/", Target("internal", "a/c/", None, absolute=BASE_URL + "a/c/")),
        ("a/index.html", "..", Target("internal", "", None, absolute=BASE_URL)),
        ("a/index.html", "../../../x.html", Target("internal", "x.html", None, absolute=BASE_URL + "x.html")),
        ("a/index.html", " ./ ", Target("internal", "a/", None, absolute=BASE_URL + "a/")),
        ("a/index.html", "#x", Target("internal", "a/index.html", "x", absolute=BASE_URL + "a/index.html#x")),
        ("a/index.html", "/relationel-velfaerd", Target("internal", "", None, absolute=BASE_URL)),
        ("a/index.html", "//example.org/x#y", Target("external", url="https://example.org/x", fragment="y")),
        ("a/index.html", "HTTPS://relationel-velfaerd.github.io:443/relationel-velfaerd/a/", Target("internal", "a/")),
        ("a/index.html", "http://relationel-velfaerd.github.io/andet/", Target("external")),
        ("a/index.html", "sms:+45", Target("skip", url="sms: links are not checked")),
    ],
)
def test_resolver(page: str, link: str, expected: Target) -> None:
    target = Resolver(BASE_URL).resolve(page, link)
    assert target.kind == expected.kind
    if expected.kind == "internal":
        assert (target.path, target.fragment) == (expected.path, expected.fragment)
    if expected.url:
        assert target.url == expected.url
    if expected.fragment and expected.kind == "external":
        assert target.fragment == expected.fragment
    if expected.absolute:
        assert target.absolute == expected.absolute


def test_parse_page_collects_each_link_once_in_order() -> None:
    page = parse_page(
        b'<html><head><link rel="dns-prefetch" href="//cdn.example.org"><base href="/"></head><body>'
        b'<a href="b">1</a><img src="a"><a href="b">2</a><h2 id="\xc3\xa6">\xc3\xa6</h2></body></html>',
        "x/index.html",
    )
    assert page.links == ["b", "a"]
    assert page.ids == {"æ"}  # read as UTF-8
    assert page.base == "/"


def test_the_benchmark_site_checks_clean(tmp_path: Path) -> None:
    """The site benchmarks/linkcheck_speed.py times (speed is its business): every link of it resolves."""
    make_site(tmp_path, 100)
    report = check(tmp_path)
    assert report.pages == 100 and not report.failed
    assert len(report.results) > 100 * 100
