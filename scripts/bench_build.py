"""Benchmark: how much do citations cost a strict build?

Usage: python -m scripts.bench_build [--pages 300] [--works 200] [--runs 3] [--keep DIR] [--profile]

Generates a site of N pages (about 1,400 words each, about 20 citations a
page, æøå in text and names) that cites a generated bibliography, then builds
it strictly with the project's own mkdocs.yml and hooks:

- without citations: the bibtex plugin and the two citation hooks
  (citations.py, citation_cache.py) removed, everything else as in the real site;
- with citations, cold: the citation cache (.cache/) deleted before each run;
- with citations, warm: the cache left from the previous run.

Prints the median of each, in wall-clock and in CPU seconds, and the ratios
to the build without citations. With --profile it then builds each site once
more under cProfile and prints where the builds differ, stage by stage.
Targets (issue "Citations at scale"): cold at most 1.3x, warm at most 1.1x.
A script, not a test: the figures depend on the machine.
"""

from __future__ import annotations

import argparse
import os
import pstats
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

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


def make_bib(works: int, rng: random.Random) -> tuple[str, list[str]]:
    """A bibliography with shared surnames and same-author, same-year works."""
    entries, keys = [], []
    for i in range(works):
        surname = SURNAMES[i % len(SURNAMES)]
        given = GIVEN[(i // len(SURNAMES)) % len(GIVEN)]
        year = 1990 + (i // 3) % 30  # every author has several works, some in the same year
        ascii_name = surname.lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
        key = f"{ascii_name}{year}vaerk{_letters(i)}"
        keys.append(key)
        entries.append(
            f"@book{{{key},\n  author = {{{surname}, {given}}},\n  title = {{Om {rng.choice(WORDS)} og "
            f"{rng.choice(WORDS)} nr. {i}}},\n  publisher = {{Forlaget Ålborg}},\n  year = {{{year}}},\n"
            f"  verified = {{generated for the benchmark}}\n}}\n"
        )
    ordered = [entry for _, entry in sorted(zip(keys, entries, strict=True))]  # bibcheck wants key order
    return "\n".join(ordered), keys


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


def make_site(dest: Path, pages: int, works: int, with_citations: bool) -> None:
    rng = random.Random(42)
    bib, keys = make_bib(works, rng)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = config[: config.index("\nnav:")] + "\nnav:\n" + "".join(f"  - s{i}.md\n" for i in range(pages))
    if not with_citations:
        config = re.sub(r"  - bibtex:\n(?:      .*\n)+", "", config)
        # Only the citation hooks go: the others (glossary, cite this page, print
        # page ...) do the same work in both builds.
        config = re.sub(r"  - overrides/hooks/citation(?:s|_cache)\.py\n", "", config)
    (dest / "mkdocs.yml").write_text(config, encoding="utf-8")
    shutil.copytree(ROOT / "overrides", dest / "overrides", ignore=shutil.ignore_patterns("__pycache__"))
    (dest / "bibliography").mkdir()
    shutil.copy(ROOT / "bibliography" / "dansk-forfatter-aar.csl", dest / "bibliography")
    (dest / "bibliography" / "bench.bib").write_text(bib, encoding="utf-8")
    docs = dest / "docs"
    shutil.copytree(ROOT / "docs" / "assets", docs / "assets")
    for i in range(pages):
        (docs / f"s{i}.md").write_text(make_page(i, keys, rng), encoding="utf-8")


def mkdocs_build(project: Path, *python_options: str) -> None:
    """One strict build of the project; python_options go before ``-m mkdocs``."""
    subprocess.run(
        [sys.executable, *python_options, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", "site"],
        cwd=project,
        check=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"},
    )


def build_seconds(project: Path, clear_cache: bool) -> tuple[float, float]:
    """Wall-clock and CPU seconds (the build and its pandoc processes) of one strict build."""
    if clear_cache:
        shutil.rmtree(project / ".cache", ignore_errors=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    mkdocs_build(project)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


# Stages of a build, as (label, file suffix, function names) in cProfile's terms.
STAGES = [
    ("Markdown to HTML (Python-Markdown)", "markdown/core.py", {"convert"}),
    ("page templates (Jinja)", "jinja2/environment.py", {"render"}),
    ("search index (Material)", "material/plugins/search/plugin.py", {"on_page_context"}),
    ("print page (mkdocs-print-site)", "mkdocs_print_site_plugin/plugin.py", {"on_post_build"}),
    ("mkdocs-bibtex", "mkdocs_bibtex/plugin.py", {"on_config", "on_page_markdown"}),
    ("hooks/citations.py", "hooks/citations.py", {"on_config", "on_pre_build", "on_nav", "on_page_markdown"}),
    ("hooks/citation_cache.py (pandoc)", "hooks/citation_cache.py", {"on_files"}),
    ("hooks/cite_page.py", "hooks/cite_page.py", {"on_config", "on_page_context"}),
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--works", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="generate the sites here and keep them")
    parser.add_argument("--profile", action="store_true", help="then show where the warm build spends its extra time")
    args = parser.parse_args()

    base = args.keep or Path(tempfile.mkdtemp(prefix="bench-build-"))
    plain, cited = base / "without", base / "with"
    for project, with_citations in ((plain, False), (cited, True)):
        shutil.rmtree(project, ignore_errors=True)
        project.mkdir(parents=True)
        make_site(project, args.pages, args.works, with_citations)
    citations = sum(p.read_text(encoding="utf-8").count("[@") for p in (cited / "docs").glob("*.md"))
    print(f"{args.pages} pages, {args.works} works, {citations} citations; {args.runs} runs each")

    # The three builds take turns, so that a slow spell of the machine slows
    # all three instead of one: without, cold (cache deleted), warm (its cache).
    results: dict[str, list[tuple[float, float]]] = {
        "without citations": [],
        "with citations, cold": [],
        "with citations, warm": [],
    }
    for _ in range(args.runs):
        results["without citations"].append(build_seconds(plain, False))
        results["with citations, cold"].append(build_seconds(cited, True))
        results["with citations, warm"].append(build_seconds(cited, False))
    # CPU seconds are printed beside wall-clock seconds: on a shared machine the
    # wall clock of one build varies by a fifth from run to run, CPU time far less.
    base_wall = statistics.median(t for t, _ in results["without citations"])
    base_cpu = statistics.median(c for _, c in results["without citations"])
    for name, times in results.items():
        wall = statistics.median(t for t, _ in times)
        cpu = statistics.median(c for _, c in times)
        runs = ", ".join(f"{t:.2f}" for t, _ in times)
        print(
            f"{name:22} median {wall:6.2f} s  ratio {wall / base_wall:4.2f}  "
            f"CPU {cpu:6.2f} s  ratio {cpu / base_cpu:4.2f}  (wall runs: {runs})"
        )
    if args.profile:
        plain_stages, cited_stages = profile_stages(plain), profile_stages(cited)
        print("\nProfiled once each (cProfile, warm cache), seconds:")
        print(f"{'stage':36} {'without':>8} {'with':>8} {'extra':>8}")
        for label in plain_stages:
            extra = cited_stages[label] - plain_stages[label]
            print(f"{label:36} {plain_stages[label]:8.2f} {cited_stages[label]:8.2f} {extra:+8.2f}")
    if not args.keep:
        shutil.rmtree(base)
    return 0


if __name__ == "__main__":
    sys.exit(main())
