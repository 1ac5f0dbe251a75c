"""Benchmark: Lighthouse scores and page weight of the built site.

Usage: python benchmarks/lighthouse_scores.py [--site DIR] [--runs N] [PAGE ...]

Serves the built site on 127.0.0.1 (scripts/relationel_velfaerd/localsite.py; build it first
with ``make build``), runs Lighthouse (installed on first use into
benchmarks/lighthouse/node_modules from that folder's lock file, so neither
``make serve`` nor ``make test`` installs its 114 npm packages) with Debian's
Chromium (CHROME_PATH=/usr/bin/chromium) on each page, on the mobile and the
desktop preset, and prints the four category scores and the bytes a first
load transfers, with the search index listed separately (Material loads it
in the background for search). Goals (issue "Reader experience"): 100 in
every category, and at most 150 KB for a chapter's first load without the
search index. A script, not a test: the figures depend on the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from relationel_velfaerd import chromium
from relationel_velfaerd.conventions import ROOT
from relationel_velfaerd.localsite import serve

LIGHTHOUSE_DIR = ROOT / "benchmarks" / "lighthouse"
LIGHTHOUSE = LIGHTHOUSE_DIR / "node_modules" / ".bin" / "lighthouse"
PAGES = ["", "kapitler/metodeskiftet/", "kapitler/vaerdiskiftet/", "begreber/", "litteratur/"]
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
CHROME_FLAGS = " ".join(["--headless=new", *chromium.ARGS])


def install() -> None:
    """Lighthouse from benchmarks/lighthouse/package-lock.json, without install scripts."""
    if not LIGHTHOUSE.exists():
        subprocess.run(["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund"], cwd=LIGHTHOUSE_DIR, check=True)


def lighthouse(url: str, preset: str, out: Path) -> dict:
    """Run Lighthouse once and return its JSON report."""
    args = [str(LIGHTHOUSE), url, "--output=json", f"--output-path={out}", "--quiet"]
    args += [f"--chrome-flags={CHROME_FLAGS}", f"--only-categories={','.join(CATEGORIES)}"]
    if preset == "desktop":
        args.append("--preset=desktop")
    subprocess.run(args, check=True, env={**os.environ, "CHROME_PATH": str(chromium.CHROMIUM)})
    return json.loads(out.read_text(encoding="utf-8"))


def weights(report: dict) -> tuple[int, int]:
    """Bytes transferred on first load: (everything but the search index, the search index)."""
    items = report["audits"]["network-requests"]["details"]["items"]
    index = sum(i.get("transferSize", 0) for i in items if "search_index.json" in i["url"])
    rest = sum(i.get("transferSize", 0) for i in items if "search_index.json" not in i["url"])
    return rest, index


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site", help="the built site (default: site/)")
    parser.add_argument("--runs", type=int, default=1, help="runs per page and preset; medians are printed")
    parser.add_argument("pages", nargs="*", default=PAGES, help="URL paths below the site, e.g. begreber/")
    options = parser.parse_args()
    if not (options.site / "index.html").exists():
        print(f"{options.site}/index.html is missing: run 'make build' first.", file=sys.stderr)
        return 2
    if not chromium.CHROMIUM.exists():
        print(chromium.MISSING, file=sys.stderr)
        return 2
    install()
    header = f"{'page':32} {'preset':8} {'perf':>5} {'a11y':>5} {'best':>5} {'seo':>5} {'KB':>7} {'index KB':>9}"
    print(header + "  perf range")
    with serve(options.site) as base, tempfile.TemporaryDirectory() as tmp:
        for page in options.pages:
            for preset in ("mobile", "desktop"):
                reports = [lighthouse(base + page, preset, Path(tmp) / "report.json") for _ in range(options.runs)]
                scores = [
                    round(statistics.median(100 * (r["categories"][c]["score"] or 0) for r in reports))
                    for c in CATEGORIES
                ]
                performance = sorted(round(100 * (r["categories"]["performance"]["score"] or 0)) for r in reports)
                rest, index = weights(reports[0])
                cells = " ".join(f"{s:5d}" for s in scores)
                print(
                    f"{page or '(forside)':32} {preset:8} {cells} {rest / 1024:7.1f} {index / 1024:9.1f}"
                    f"  {performance[0]}–{performance[-1]}",
                    flush=True,
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
