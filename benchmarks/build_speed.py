"""Benchmark: what the site's machinery costs a build, and how soon `make serve` shows an edit.

Usage:
    python benchmarks/build_speed.py [--runs 3]                 # the real site
    python benchmarks/build_speed.py --pages 300 [--works 200]  # a generated site: citations vs footnotes
    add --profile to see where the builds differ, stage by stage; --keep DIR keeps the projects

The real site (default), each build warm (one build first):

- site: ``mkdocs build --strict`` of the project as it is (make build);
- plain Material: the same docs/ with Material, search and the same standard
  Markdown extensions alone: no other plugins, no hooks, no glossary (not
  strict: the citations stay text);
- plain Material, same text: the Markdown each page of the site hands to
  Python-Markdown (the citations written out as text and footnotes by
  mkdocs-bibtex, the generated lists in), built the same plain way: the ratio
  to it is the machinery alone, without the text and the notes it adds;
- serve: ``mkdocs serve`` as ``make serve`` starts it (FULL_BUILD=false, --dirty),
  then the seconds from saving an edit to a chapter until the served page shows
  it; once more with everything on and every page rebuilt, for comparison.
  Targets (issue "One pipeline"): site at most 2x plain Material; serve at most 1.5 s.

A generated site (--pages N): N pages of about 1,400 words and 20 citations
each, æøå in text and names, citing a generated bibliography, built strictly
with the project's own mkdocs.yml and hooks:

- footnotes: the same pages with the same citations written as plain Markdown
  footnotes (the text the plugin would write, "(Hansen 2011, s. 12)[^key]", and
  the reference as the footnote), the bibtex plugin switched off: the same
  footnote HTML, so the ratio measures the citation machinery alone;
- citations, cold: the citation cache (.cache/) deleted before each run;
- citations, warm: the cache left from the previous run.
  Targets: warm at most 1.1x footnotes.

Prints medians in wall-clock and CPU seconds, and the ratios. A script, not a
test: the figures depend on the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import pstats
import random
import re
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from relationel_velfaerd import references
from relationel_velfaerd.conventions import ROOT

SURNAMES = ["Ærø", "Østergaard", "Åkesson", "Pedersen", "Hansen", "Møller", "Sørensen", "Bøgh", "Aagaard", "Cottam"]
GIVEN = ["Anne", "Bjørn", "Søren", "Åse", "Mette", "Jørgen", "Ida", "Ove", "Karen", "Hilary"]
WORDS = (
    "velfærd relation borger fællesskab kommune frivillig forening tillid medborgerskab samskabelse "
    "ansvar omsorg nærvær dannelse oplysning sundhed retssikkerhed demokrati faglighed ledelse værdi "
    "praksis hverdag møde sammen åben større mindre både også derfor måske særligt løsning udvikling"
).split()


def _letters(n: int) -> str:
    """0 -> a, 25 -> z, 26 -> ba ...: a unique ASCII word for each work."""
    out = ""
    while True:
        n, rest = divmod(n, 26)
        out = chr(97 + rest) + out
        if n == 0:
            return out


Work = tuple[str, str, int, str]  # surname, given name, year, title


def make_bib(works: int, rng: random.Random) -> tuple[str, list[str], dict[str, Work]]:
    """A bibliography with shared surnames and same-author, same-year works."""
    entries, keys, info = [], [], {}
    for i in range(works):
        surname = SURNAMES[i % len(SURNAMES)]
        given = GIVEN[(i // len(SURNAMES)) % len(GIVEN)]
        year = 1990 + (i // 3) % 30  # every author has several works, some in the same year
        ascii_name = surname.lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
        key = f"{ascii_name}{year}vaerk{_letters(i)}"
        keys.append(key)
        title = f"Om {rng.choice(WORDS)} og {rng.choice(WORDS)} nr. {i}"
        info[key] = (surname, given, year, title)
        entries.append(
            f"@book{{{key},\n  author = {{{surname}, {given}}},\n  title = {{{title}}},\n"
            f"  publisher = {{Forlaget Ålborg}},\n  year = {{{year}}},\n"
            f"  verified = {{generated for the benchmark}}\n}}\n"
        )
    ordered = [entry for _, entry in sorted(zip(keys, entries, strict=True))]  # bibcheck wants key order
    return "\n".join(ordered), keys, info


def paragraph(sentences: int, keys: list[str], rng: random.Random, cited: float, with_page: float) -> str:
    """Sentences of ten Danish words; a share ``cited`` cite a work, a share ``with_page`` of those with a page."""
    out = []
    for _ in range(sentences):
        words = " ".join(rng.choice(WORDS) for _ in range(10))
        cite = ""
        if rng.random() < cited:
            key = rng.choice(keys)
            cite = f" [@{key}, s. {rng.randint(1, 300)}]" if rng.random() < with_page else f" [@{key}]"
        out.append(words.capitalize() + cite + ".")
    return " ".join(out)


def make_page(n: int, keys: list[str], rng: random.Random) -> str:
    paragraphs = [f"---\ntitle: Side {n}\ndescription: Genereret side nummer {n} til måling.\n---\n\n# Side {n}\n"]
    for section in range(7):
        paragraphs.append(f"## Afsnit {section} om {rng.choice(WORDS)} {{#afsnit-{section}}}\n")
        for _ in range(2):
            paragraphs.append(paragraph(10, keys, rng, cited=0.15, with_page=0.4) + "\n")
    paragraphs.append("## Kilder {#kilder}\n\n\\bibliography\n")
    return "\n".join(paragraphs)


CITATION = re.compile(r"\[@([\w-]+)(?:, (s\. \d+))?\]")


def as_footnotes(page: str, info: dict[str, Work]) -> str:
    """The page with each citation as the plugin would write it, as a plain Markdown footnote."""
    cited: list[str] = []

    def replace(match: re.Match[str]) -> str:
        key, pages = match.group(1), match.group(2)
        cited.append(key)
        surname, _, year, _ = info[key]
        return f"({surname} {year}{', ' + pages if pages else ''})[^{key}]"

    page = CITATION.sub(replace, page)
    notes = "\n".join(
        f"[^{key}]: {info[key][0]}, {info[key][1]}. {info[key][2]}. *{info[key][3]}*. Forlaget Ålborg."
        for key in dict.fromkeys(cited)
    )
    return page.replace("\\bibliography", notes)


def make_site(dest: Path, pages: int, works: int, with_citations: bool) -> None:
    rng = random.Random(42)
    bib, keys, info = make_bib(works, rng)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = config[: config.index("\nnav:")] + "\nnav:\n" + "".join(f"  - s{i}.md\n" for i in range(pages))
    if not with_citations:  # the hooks skip their citation steps without the plugin
        config = re.sub(r"  - bibtex:\n(?:      .*\n)+", "", config)
    (dest / "mkdocs.yml").write_text(config, encoding="utf-8")
    copy_machinery(dest)
    (dest / "bibliography").mkdir()
    shutil.copy(ROOT / "bibliography" / "dansk-forfatter-aar.csl", dest / "bibliography")
    (dest / "bibliography" / "bench.bib").write_text(bib, encoding="utf-8")
    docs = dest / "docs"
    shutil.copytree(ROOT / "docs" / "assets", docs / "assets")
    for i in range(pages):
        page = make_page(i, keys, rng)
        (docs / f"s{i}.md").write_text(page if with_citations else as_footnotes(page, info), encoding="utf-8")


def copy_machinery(dest: Path) -> None:
    """The theme and the hooks module (the package itself is installed)."""
    shutil.copytree(ROOT / "overrides", dest / "overrides", ignore=shutil.ignore_patterns("__pycache__"))
    (dest / "scripts").mkdir(exist_ok=True)
    shutil.copy(ROOT / "scripts" / "mkdocs_hooks.py", dest / "scripts")


def copy_real_site(dest: Path) -> None:
    for part in ("mkdocs.yml", "docs", "bibliography"):
        (shutil.copytree if (ROOT / part).is_dir() else shutil.copy)(ROOT / part, dest / part)
    copy_machinery(dest)
    if (ROOT / ".cache").is_dir():
        shutil.copytree(ROOT / ".cache", dest / ".cache")


def plain_material(dest: Path) -> None:
    """The real site's pages with Material, search and the standard Markdown extensions alone."""
    shutil.copytree(ROOT / "docs", dest / "docs")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    extensions = config[config.index("\nmarkdown_extensions:") : config.index("\n# Page tree")]
    extensions = re.sub(r"  # The glossary:.*?\n  - admonition", "  - admonition", extensions, flags=re.S)
    nav = config[config.index("\nnav:") :]
    (dest / "mkdocs.yml").write_text(
        "site_name: Relationel velfærd\nsite_url: https://example.org/\ntheme:\n  name: material\n  language: da\n"
        "plugins:\n  - search:\n      lang: da\n" + extensions + nav,
        encoding="utf-8",
    )


# Run in the site's project: every page's Markdown as Python-Markdown gets it, into sys.argv[1].
DUMP_MARKDOWN = """
import sys
from pathlib import Path
from mkdocs.commands import build
from mkdocs.config import load_config
from mkdocs.structure.pages import Page
out, render = Path(sys.argv[1]), Page.render
def dump(page, config, files):
    target = out / page.file.src_uri
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(page.markdown, encoding="utf-8")
    return render(page, config, files)
Page.render = dump
config = load_config("mkdocs.yml", site_dir=sys.argv[2])
config.plugins.on_startup(command="build", dirty=False)
build.build(config)
"""


def same_text_material(dest: Path, site: Path) -> None:
    """Plain Material over the Markdown the site's pages hand to Python-Markdown (see the module's doc)."""
    plain_material(dest)
    shutil.rmtree(dest / "docs")
    dumped = dest / "docs"
    subprocess.run(
        [sys.executable, "-c", DUMP_MARKDOWN, str(dumped), str(dest / "dump-site")], cwd=site, check=True, env=ENV
    )
    shutil.copytree(ROOT / "docs" / "assets", dumped / "assets")
    (dumped / "udskriv.md").unlink(missing_ok=True)  # generated by the hooks, not a page of docs/
    # The notes as mkdocs-bibtex writes them without the site's references.py: the references' Markdown.
    cache = json.loads(next((site / ".cache" / "citations").glob("*.json")).read_text(encoding="utf-8"))
    for page in dumped.rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        page.write_text(references.TOKEN.sub(lambda m: cache["reference"][m.group(1)], text), encoding="utf-8")


ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}


def mkdocs_build(project: Path, *python_options: str, strict: bool = True) -> None:
    """One build of the project; python_options go before ``-m mkdocs``."""
    subprocess.run(
        [sys.executable, *python_options, "-m", "mkdocs", "build", *(["--strict"] * strict), "--quiet", "-d", "site"],
        cwd=project,
        check=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"},
    )


def build_seconds(project: Path, clear_cache: bool, strict: bool = True) -> tuple[float, float]:
    """Wall-clock and CPU seconds (the build and its pandoc processes) of one build."""
    if clear_cache:
        shutil.rmtree(project / ".cache", ignore_errors=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    mkdocs_build(project, strict=strict)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


# Stages of a build, as (label, file suffix, function names) in cProfile's terms.
STAGES = [
    ("Markdown to HTML (Python-Markdown)", "markdown/core.py", {"convert"}),
    ("page templates (Jinja)", "jinja2/environment.py", {"render"}),
    ("search index (Material)", "material/plugins/search/plugin.py", {"on_page_context"}),
    ("print page (print_page.py)", "relationel_velfaerd/print_page.py", {"combined"}),
    ("mkdocs-bibtex", "mkdocs_bibtex/plugin.py", {"on_config", "on_page_markdown"}),
    ("site index (hooks on_files)", "scripts/mkdocs_hooks.py", {"on_files"}),
    ("citation cache (pandoc)", "relationel_velfaerd/citation_cache.py", {"preformat"}),
    ("hooks, per page", "scripts/mkdocs_hooks.py", {"on_page_markdown", "on_page_content", "on_page_context"}),
    ("glossary (Markdown extension)", "relationel_velfaerd/glossary.py", {"run"}),
    ("CSP check of built pages", "relationel_velfaerd/csp.py", {"problems"}),
]


def profile_stages(project: Path) -> dict[str, float]:
    """Cumulative seconds of each stage in one profiled build (the profiler slows it about twofold)."""
    out = project / "build.prof"
    mkdocs_build(project, "-m", "cProfile", "-o", str(out))
    stats = pstats.Stats(str(out)).stats  # type: ignore[attr-defined]
    seconds = dict.fromkeys([label for label, _, _ in STAGES] + ["whole build"], 0.0)
    for (filename, _, function), (_, _, _, cumulative, _) in stats.items():
        for label, suffix, functions in STAGES:
            if filename.endswith(suffix) and function in functions:
                seconds[label] += cumulative
        if filename.endswith("mkdocs/commands/build.py") and function == "build":
            seconds["whole build"] += cumulative
    return seconds


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # loopback only
            return response.read().decode("utf-8")
    except OSError:
        return ""


SERVED_PAGE = "kapitler/metodeskiftet"


def serve_seconds(project: Path, full_build: bool, edits: int, extra: tuple[str, ...] = ()) -> list[float]:
    """Seconds from saving an edit to docs/SERVED_PAGE.md until ``mkdocs serve`` serves it, per edit."""
    port = _free_port()
    env = {**ENV, "FULL_BUILD": "true" if full_build else "false"}
    command = [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}", *extra]
    server = subprocess.Popen(command, cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/relationel-velfaerd/{SERVED_PAGE}/"
    page = project / "docs" / f"{SERVED_PAGE}.md"
    original = page.read_text(encoding="utf-8")
    times = []
    try:
        deadline = time.monotonic() + 120
        while "<html" not in _get(url):
            if time.monotonic() > deadline or server.poll() is not None:
                raise SystemExit("mkdocs serve did not start")
            time.sleep(0.2)
        for n in range(edits):
            time.sleep(1.0)  # let the watcher settle
            marker = f"Målemærke{n}x{port}"
            page.write_text(original + f"\n{marker}\n", encoding="utf-8")
            saved = time.monotonic()
            while marker not in _get(url):
                if time.monotonic() - saved > 60:
                    raise SystemExit("mkdocs serve did not show the edit within 60 s")
                time.sleep(0.02)
            times.append(time.monotonic() - saved)
    finally:
        page.write_text(original, encoding="utf-8")
        server.terminate()
        server.wait(timeout=30)
    return times


def _row(name: str, times: list[tuple[float, float]], base: list[tuple[float, float]]) -> str:
    """Medians, and the ratios to ``base`` round by round (the builds of a round ran one after
    the other, so a slow spell of the machine slows both): their median, and the ratio of the
    fastest runs (the least disturbed, as timeit reports)."""
    wall = statistics.median(t for t, _ in times)
    cpu = statistics.median(c for _, c in times)
    rounds = statistics.median(t / b for (t, _), (b, _) in zip(times, base, strict=True))
    rounds_cpu = statistics.median(c / b for (_, c), (_, b) in zip(times, base, strict=True))
    fastest = min(t for t, _ in times) / min(b for b, _ in base)
    runs = ", ".join(f"{t:.2f}" for t, _ in times)
    return (
        f"{name:22} median {wall:6.2f} s  ratio {rounds:4.2f} (fastest {fastest:4.2f})  "
        f"CPU {cpu:6.2f} s  ratio {rounds_cpu:4.2f}  (wall runs: {runs})"
    )


def real_site(base: Path, runs: int, profile: bool) -> None:
    site, plain = base / "site", base / "plain-material"
    for project in (site, plain):
        shutil.rmtree(project, ignore_errors=True)
        project.mkdir(parents=True)
    # A clone, for the git history the page dates are read from; then the working tree's
    # files over it, so uncommitted edits are measured too.
    shutil.rmtree(site)
    subprocess.run(["git", "clone", "-q", str(ROOT), str(site)], check=True)
    for part in ("docs", "bibliography", "overrides"):
        shutil.rmtree(site / part, ignore_errors=True)
    copy_real_site(site)
    plain_material(plain)
    mkdocs_build(site)  # warm: the citation cache is filled
    same_text = base / "plain-material-same-text"
    shutil.rmtree(same_text, ignore_errors=True)
    same_text_material(same_text, site)
    for project in (plain, same_text):
        mkdocs_build(project, strict=False)
    results: dict[str, list[tuple[float, float]]] = {
        "plain Material": [],
        "plain, same text": [],
        "site (make build)": [],
    }
    for _ in range(runs):  # taking turns: a slow spell of the machine slows all three
        results["plain Material"].append(build_seconds(plain, False, strict=False))
        results["plain, same text"].append(build_seconds(same_text, False, strict=False))
        results["site (make build)"].append(build_seconds(site, False))
    pages = len(list((plain / "docs").rglob("*.md")))
    print(f"The real site: {pages} pages; {runs} runs each, warm; ratios to plain Material")
    for name, times in results.items():
        print(_row(name, times, results["plain Material"]))
    print("ratios to plain Material, same text:")
    print(_row("site (make build)", results["site (make build)"], results["plain, same text"]))
    for full in (False, True):
        # make serve: FULL_BUILD=false with --dirty; for comparison, everything on and every page rebuilt.
        times = serve_seconds(site, full, runs, () if full else ("--dirty",))
        label = "serve, everything rebuilt" if full else "make serve"
        print(
            f"{label:28} edit shown after median {statistics.median(times):.2f} s  (runs: "
            + ", ".join(f"{t:.2f}" for t in times)
            + ")"
        )
    if profile:
        _print_profiles(plain, site)


def generated_site(base: Path, pages: int, works: int, runs: int, profile: bool) -> None:
    footnotes, cited = base / "footnotes", base / "citations"
    for project, with_citations in ((footnotes, False), (cited, True)):
        shutil.rmtree(project, ignore_errors=True)
        project.mkdir(parents=True)
        make_site(project, pages, works, with_citations)
    count = sum(p.read_text(encoding="utf-8").count("[@") for p in (cited / "docs").glob("*.md"))
    print(f"{pages} pages, {works} works, {count} citations; {runs} runs each")
    results: dict[str, list[tuple[float, float]]] = {
        "footnotes": [],
        "citations, cold": [],
        "citations, warm": [],
    }
    for _ in range(runs):  # taking turns: a slow spell of the machine slows all three
        results["footnotes"].append(build_seconds(footnotes, False))
        results["citations, cold"].append(build_seconds(cited, True))
        results["citations, warm"].append(build_seconds(cited, False))
    # CPU seconds beside wall-clock seconds: on a shared machine the wall clock
    # of one build varies by a fifth from run to run, CPU time far less.
    for name, times in results.items():
        print(_row(name, times, results["footnotes"]))
    if profile:
        _print_profiles(footnotes, cited)


def _print_profiles(first: Path, second: Path) -> None:
    a, b = profile_stages(first), profile_stages(second)
    print(f"\nProfiled once each (cProfile, warm), seconds: {first.name} against {second.name}")
    print(f"{'stage':36} {first.name[:10]:>10} {second.name[:10]:>10} {'extra':>8}")
    for label in a:
        print(f"{label:36} {a[label]:10.2f} {b[label]:10.2f} {b[label] - a[label]:+8.2f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, help="a generated site of this many pages instead of the real one")
    parser.add_argument("--works", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="make the projects here and keep them")
    parser.add_argument("--profile", action="store_true", help="then show where the builds differ, stage by stage")
    args = parser.parse_args()
    base = args.keep or Path(tempfile.mkdtemp(prefix="bench-build-"))
    if args.pages:
        generated_site(base, args.pages, args.works, args.runs, args.profile)
    else:
        real_site(base, args.runs, args.profile)
    if not args.keep:
        shutil.rmtree(base)
    return 0


if __name__ == "__main__":
    sys.exit(main())
