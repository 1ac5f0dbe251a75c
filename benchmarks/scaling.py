"""Benchmark: does the build time of one chapter grow linearly with its size?

Usage: python benchmarks/scaling.py [--sizes 100 200 500 1000] [--runs 1] [--keep DIR]

For each size (in KB) it generates a project with the site's own mkdocs.yml,
theme and hooks and one chapter of that size: a heading with an id every
~530 bytes (1,600 to 2,000 a megabyte), five to six thousand citations a megabyte
(half of them with a page number), a link to an earlier heading in every
section, Danish letters throughout, citing a generated bibliography of 200
works. It builds each strictly (cold citation cache) and prints the seconds,
the milliseconds per KB and how that compares with the smallest chapter.
Targets (issue "Robustness"): the 1 MB chapter in at most 30 s, and time per
KB at most 1.5x that of the 100 KB chapter. A script, not a test: the figures
depend on the machine.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from build_speed import ROOT, WORDS, copy_machinery, make_bib, mkdocs_build, paragraph


def make_chapter(kb: int, keys: list[str], rng: random.Random) -> str:
    parts = ["---\ntitle: Stort kapitel\ndescription: Et genereret kapitel til måling af byggetid.\n---\n\n"]
    parts.append("# Stort kapitel\n")
    size, section = 0, 0
    while size < kb * 1024:
        section += 1
        earlier = max(1, section // 2)
        text = (
            f"\n## Afsnit {section} om {rng.choice(WORDS)} {{#afsnit-{section}}}\n\n"
            + paragraph(5, keys, rng, cited=0.6, with_page=0.5)
            + f" Se også [afsnit {earlier}](#afsnit-{earlier}).\n"
        )
        parts.append(text)
        size += len(text.encode("utf-8"))
    parts.append("\n## Kilder {#kilder}\n\n\\bibliography\n")
    return "".join(parts)


def make_project(dest: Path, kb: int) -> tuple[int, int]:
    """The project for one chapter of ``kb`` KB; returns its headings and citations."""
    rng = random.Random(kb)
    bib, keys, _ = make_bib(200, rng)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"^( +redirect_maps:)(?:\n {8}.*)*", r"\1 {}", config, flags=re.M)  # their pages are not here
    config = config[: config.rindex("\nnav:")] + "\nnav:\n  - index.md\n"
    dest.mkdir(parents=True)
    (dest / "mkdocs.yml").write_text(config, encoding="utf-8")
    copy_machinery(dest)
    (dest / "bibliography").mkdir()
    shutil.copy(ROOT / "bibliography" / "dansk-forfatter-aar.csl", dest / "bibliography")
    (dest / "bibliography" / "bench.bib").write_text(bib, encoding="utf-8")
    shutil.copytree(ROOT / "docs" / "assets", dest / "docs" / "assets")
    chapter = make_chapter(kb, keys, rng)
    (dest / "docs" / "index.md").write_text(chapter, encoding="utf-8")
    return chapter.count("\n## "), chapter.count("[@")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 200, 500, 1000], help="chapter sizes in KB")
    parser.add_argument("--runs", type=int, default=1, help="builds per size; the median is printed")
    parser.add_argument("--keep", type=Path, help="generate the projects here and keep them")
    args = parser.parse_args()
    base = args.keep or Path(tempfile.mkdtemp(prefix="bench-scaling-"))
    print(f"{'size':>7} {'headings':>9} {'citations':>10} {'seconds':>8} {'ms/KB':>7} {'vs smallest':>12}")
    first = None
    for kb in args.sizes:
        project = base / f"{kb}kb"
        shutil.rmtree(project, ignore_errors=True)
        headings, citations = make_project(project, kb)
        times = []
        for _ in range(args.runs):
            shutil.rmtree(project / ".cache", ignore_errors=True)  # cold: pandoc formats every citation
            start = time.perf_counter()
            mkdocs_build(project)
            times.append(time.perf_counter() - start)
        seconds = statistics.median(times)
        per_kb = 1000 * seconds / kb
        first = first or per_kb
        print(f"{kb:>5}KB {headings:>9} {citations:>10} {seconds:>8.2f} {per_kb:>7.1f} {per_kb / first:>11.2f}x")
    if not args.keep:
        shutil.rmtree(base)
    return 0


if __name__ == "__main__":
    sys.exit(main())
