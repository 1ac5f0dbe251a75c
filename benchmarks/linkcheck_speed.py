"""Benchmark: the link checker against html-proofer on a generated Material-like site.

Usage: python benchmarks/linkcheck_speed.py [--pages 300] [--runs 3] [--keep DIR] [--no-htmlproofer]

Generates a built site of N pages shaped like Material for MkDocs output
(30-60 KB each, about 150 links a page: the full navigation, the table of
contents with heading permalinks, about 20 links to other pages with
#fragments, some with æ, ø and å percent-encoded, about 20 footnotes with
back-links, external links, stylesheets, scripts and images; every link
valid), then times, as separate processes:

- this checker, internal mode: ``python -m relationel_velfaerd linkcheck SITE`` (median of --runs);
- ``htmlproofer`` with external links disabled, checking links (with
  anchors), scripts and images, if it is installed (Debian: ruby-html-proofer);
  once, as it is slow.

Prints the seconds, peak memory, seconds per 100 pages and the ratio. Goals:
at most 1 s per 100 pages, and at least 20 times faster than html-proofer.
A script, not a test: the figures depend on the machine.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

from relationel_velfaerd.conventions import ROOT

PAGES_PER_SECTION = 10
WORDS = (
    "velfærd relation borger fællesskab kommune frivillig forening tillid medborgerskab samskabelse "
    "ansvar omsorg nærvær dannelse oplysning sundhed retssikkerhed demokrati faglighed ledelse værdi "
    "praksis hverdag møde sammen åben større mindre både også derfor måske særligt løsning udvikling"
).split()
HEADINGS = ["Læring", "Tillid", "Samskabelse", "Nærvær", "Omsorg", "Frivillighed", "Dannelse", "Ansvar"]
EXTERNAL = [
    "https://www.retsinformation.dk/eli/lta/2023/1",
    "https://www.sm.dk/arbejdsomraader/frivillighed",
    "https://www.frise.dk/",
    "https://www.kl.dk/",
    "https://www.ft.dk/da/dokumenter",
    "https://doi.org/10.1000/182",
    "https://www.dst.dk/da/Statistik",
    "https://creativecommons.org/licenses/by/4.0/deed.da",
]
# Material inlines an SVG for every icon; they are much of a page's weight.
ICON = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M12 2A10 10 0 0 0 2 12c0 4.42 2.87 8.17 '
    "6.84 9.5.5.08.66-.23.66-.5v-1.69c-2.77.6-3.36-1.34-3.36-1.34-.46-1.16-1.11-1.47-1.11-1.47-.91-.62.07-.6.07-.6 "
    "1 .07 1.53 1.03 1.53 1.03.87 1.52 2.34 1.07 2.91.83.09-.65.35-1.09.63-1.34-2.22-.25-4.55-1.11-4.55-4.92 "
    "0-1.11.38-2 1.03-2.71-.1-.25-.45-1.29.1-2.64 0 0 .84-.27 2.75 1.02.79-.22 1.65-.33 2.5-.33.85 0 1.71.11 "
    "2.5.33 1.91-1.29 2.75-1.02 2.75-1.02.55 1.35.2 2.39.1 2.64.65.71 1.03 1.6 1.03 2.71 0 3.82-2.34 4.66-4.57 "
    '4.91.36.31.69.92.69 1.85V21c0 .27.16.59.67.5C19.14 20.16 22 16.42 22 12A10 10 0 0 0 12 2Z"/></svg>'
)
ASSETS = [
    "assets/stylesheets/main.min.css",
    "assets/stylesheets/palette.min.css",
    "assets/stylesheets/site.css",
    "assets/javascripts/bundle.min.js",
    "assets/logo.svg",
    "assets/images/favicon.png",
]


def page_path(n: int) -> str:
    """Page 0 is the home page; the others are in sections of ten."""
    return "index.html" if n == 0 else f"afsnit-{n // PAGES_PER_SECTION}/side-{n}/index.html"


def slug(heading: str, k: int) -> str:
    return f"{heading.lower()}-{k}"


def relative(source: str, target: str) -> str:
    """The link from page ``source`` to page ``target``, as MkDocs writes it ('../side-3/')."""
    up = source.count("/")
    folder = target.removesuffix("index.html")
    return "../" * up + folder if up or folder else "./"


def make_page(n: int, pages: int, rng: random.Random) -> str:
    path = page_path(n)
    up = "../" * path.count("/")
    sections = range((pages - 1) // PAGES_PER_SECTION + 1)
    nav = [f'<li class="md-nav__item"><a href="{relative(path, page_path(0))}" class="md-nav__link">Forside</a></li>']
    for section in sections:
        first = max(1, section * PAGES_PER_SECTION)
        if first >= pages:
            break
        nav.append(
            f'<li class="md-nav__item md-nav__item--nested"><a href="{relative(path, page_path(first))}" '
            f'class="md-nav__link">{ICON[:60]}Afsnit {section}</a>'
        )
        if section == n // PAGES_PER_SECTION:
            members = range(first, min(pages, (section + 1) * PAGES_PER_SECTION))
            nav.append(
                '<ul class="md-nav__list">'
                + "".join(
                    f'<li class="md-nav__item"><a href="{relative(path, page_path(m))}" '
                    f'class="md-nav__link">Side {m}</a></li>'
                    for m in members
                )
                + "</ul>"
            )
        nav.append("</li>")
    headings = [slug(HEADINGS[(n + k) % len(HEADINGS)], k) for k in range(12)]
    toc = "".join(f'<li><a href="#{quote(h)}" class="md-nav__link">{h}</a></li>' for h in headings)
    body: list[str] = []
    footnote = 0
    for k, heading in enumerate(headings):
        permalink = f'<a class="headerlink" href="#{heading}" title="Link til dette afsnit">¶</a>'
        body.append(f'<h2 id="{heading}">{heading.title()}{permalink}</h2>')
        for _ in range(2):
            words = []
            for w in range(rng.randint(40, 200)):  # pages of 30-60 KB
                words.append(rng.choice(WORDS))
                if w == 20:
                    other = rng.randrange(pages)
                    fragment = slug(HEADINGS[(other + (k % 12)) % len(HEADINGS)], k % 12)
                    fragment = quote(fragment) if rng.random() < 0.5 else fragment
                    words.append(f'<a href="{relative(path, page_path(other))}#{fragment}">se side {other}</a>')
                if w == 30 and footnote < 20:
                    footnote += 1
                    words.append(
                        f'<sup id="fnref:{footnote}"><a class="footnote-ref" href="#fn:{footnote}">{footnote}</a></sup>'
                    )
            body.append("<p>" + " ".join(words).capitalize() + ".</p>")
        if k < len(EXTERNAL):
            body.append(f'<p>Kilde: <a href="{EXTERNAL[(n + k) % len(EXTERNAL)]}">{EXTERNAL[k]}</a></p>')
    notes = "".join(
        f'<li id="fn:{i}"><p>Pedersen {2000 + i}, s. {i * 7}.&#160;<a class="footnote-backref" href="#fnref:{i}" '
        f'title="Tilbage til henvisning {i} i teksten">&#8617;</a></p></li>'
        for i in range(1, footnote + 1)
    )
    icons = "".join(f'<span class="md-icon">{ICON}</span>' for _ in range(8))
    return f"""<!doctype html>
<html lang="da" class="no-js">
<head>
<meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<link rel="canonical" href="https://relationel-velfaerd.github.io/relationel-velfaerd/{path[:-10]}">
<link rel="icon" href="{up}assets/images/favicon.png">
<title>Side {n} - Relationel velfærd</title>
<link rel="stylesheet" href="{up}{ASSETS[0]}"><link rel="stylesheet" href="{up}{ASSETS[1]}">
<link rel="stylesheet" href="{up}{ASSETS[2]}">
</head>
<body dir="ltr">
<a href="#indhold" class="md-skip">Spring til indhold</a>
<header class="md-header"><nav class="md-header__inner md-grid">
<a href="{relative(path, page_path(0))}" title="Relationel velfærd" class="md-header__button md-logo">
<img src="{up}assets/logo.svg" alt="logo"></a>{icons}
<a href="https://github.com/relationel-velfaerd/relationel-velfaerd" class="md-source">relationel-velfaerd</a>
</nav></header>
<div class="md-container"><main class="md-main"><div class="md-main__inner md-grid">
<div class="md-sidebar md-sidebar--primary"><nav class="md-nav md-nav--primary"><ul class="md-nav__list">
{"".join(nav)}
</ul></nav></div>
<div class="md-sidebar md-sidebar--secondary"><nav class="md-nav md-nav--secondary">
<label class="md-nav__title">Indhold</label><ul class="md-nav__list">{toc}</ul></nav></div>
<div class="md-content" id="indhold"><article class="md-content__inner md-typeset">
<h1 id="side-{n}">Side {n}</h1>
{"".join(body)}
<div class="footnote"><hr><ol>{notes}</ol></div>
</article></div></div></main>
<footer class="md-footer"><div class="md-copyright">Tekst:
<a href="https://creativecommons.org/licenses/by/4.0/deed.da">CC BY 4.0</a>, lavet med
<a href="https://squidfunk.github.io/mkdocs-material/">Material for MkDocs</a>
<a href="#" class="md-top">Tilbage til toppen</a></div></footer></div>
<script src="{up}{ASSETS[3]}"></script>
</body>
</html>
"""


def make_site(dest: Path, pages: int = 300, seed: int = 42) -> None:
    """Write a built site of ``pages`` pages (every link valid) to ``dest``."""
    rng = random.Random(seed)
    for asset in ASSETS:
        (dest / asset).parent.mkdir(parents=True, exist_ok=True)
        (dest / asset).write_text("/* asset */\n", encoding="utf-8")
    for n in range(pages):
        path = dest / page_path(n)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(make_page(n, pages, rng), encoding="utf-8")


def run_measured(command: list[str], cwd: Path, output: Path) -> tuple[float, float, int]:
    """Seconds, peak memory in MB and exit status of one process."""
    with output.open("wb") as out:
        started = time.perf_counter()
        proc = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    return seconds, usage.ru_maxrss / 1024, proc.returncode


def htmlproofer_command(site: Path) -> list[str] | None:
    """The html-proofer command for the installed version: links, scripts and images, no external links."""
    program = shutil.which("htmlproofer")
    if program is None:
        return None
    version = subprocess.run([program, "--version"], capture_output=True, text=True, check=False).stdout
    major = int(version.split()[-1].split(".")[0]) if version.split() else 3
    if major >= 4:
        return [program, str(site), "--disable-external", "--checks", "Links,Scripts,Images", "--no-enforce-https"]
    # 3.x checks links (with #anchors), scripts and images by default; "#" alone is a valid link.
    return [program, str(site), "--disable-external", "--allow-hash-href"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="generate the site here and keep it")
    parser.add_argument("--no-htmlproofer", action="store_true", help="skip html-proofer even if installed")
    args = parser.parse_args()

    base = args.keep or Path(tempfile.mkdtemp(prefix="bench-linkcheck-"))
    site = base / "built"
    shutil.rmtree(site, ignore_errors=True)
    site.mkdir(parents=True)
    make_site(site, args.pages)
    sizes = [p.stat().st_size for p in site.rglob("*.html")]
    print(
        f"{args.pages} pages, {sum(sizes) / 1e6:.1f} MB of HTML "
        f"({min(sizes) // 1000}-{max(sizes) // 1000} KB a page); {args.runs} runs of linkcheck"
    )

    output = base / "linkcheck.txt"
    command = [sys.executable, "-m", "relationel_velfaerd", "linkcheck", str(site)]
    runs = [run_measured(command, ROOT, output) for _ in range(args.runs)]
    ours = statistics.median(seconds for seconds, _, _ in runs)
    summary = output.read_text(encoding="utf-8").strip().splitlines()[-1]
    per_100 = ours / args.pages * 100
    print(f"linkcheck    median {ours:7.2f} s  peak {max(m for _, m, _ in runs):6.0f} MB  exit {runs[-1][2]}")
    print(f"             {summary}")
    print(f"             {per_100:.2f} s per 100 pages (goal: at most 1 s): {'met' if per_100 <= 1 else 'NOT met'}")

    proofer = None if args.no_htmlproofer else htmlproofer_command(site)
    if proofer is None:
        print("htmlproofer not installed" if not args.no_htmlproofer else "htmlproofer skipped")
    else:
        seconds, memory, status = run_measured(proofer, base, base / "htmlproofer.txt")
        ratio = seconds / ours
        print(f"htmlproofer  {seconds:7.2f} s  peak {memory:6.0f} MB  exit {status}  ({' '.join(proofer[2:])})")
        print(f"ratio: linkcheck is {ratio:.0f}x faster (goal: at least 20x): {'met' if ratio >= 20 else 'NOT met'}")
    if not args.keep:
        shutil.rmtree(base)
    return 0


if __name__ == "__main__":
    sys.exit(main())
