"""Print the site to PDF: the whole site from the printable page udskriv/, and each chapter as a handout.

Usage:
    python -m relationel_velfaerd pdf [--site DIR] [--out FILE] [--png DIR]   # the whole site
    python -m relationel_velfaerd pdf --site DIR --handouts                  # DIR/pdf/, published

``make pdf`` builds the site, then prints the whole site. The build joins
every page into ``udskriv/`` with a cover, a table of contents and the
bibliography (print_page.py); this script serves the built site on 127.0.0.1
(localsite.py), opens that page in Debian's Chromium through Playwright and
prints it with the site's print stylesheet to A4 with page numbers.

``--handouts`` (``make handouts``, which the deploy workflow runs before it
publishes) writes into the built site itself: ``pdf/relationel-velfaerd.pdf``
(the whole site) and ``pdf/<chapter>.pdf`` for every chapter, each printed
from the chapter's own page, whose print-only cover (partials/handout-cover.html)
gives title, edition date, the reference to cite, the address and the
licence. Each chapter's "Citér denne side" links its handout (HANDOUTS).

``--png DIR`` also renders every PDF page to a PNG (pypdfium2), so the
result can be looked at page by page without a PDF viewer.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from playwright.sync_api import Browser, Page, sync_playwright

from relationel_velfaerd import chromium
from relationel_velfaerd.citation_metadata import handout_path
from relationel_velfaerd.conventions import CHAPTERS, HANDOUTS, PRINT_PAGE_URL, ROOT, WHOLE_SITE_HANDOUT
from relationel_velfaerd.localsite import serve

PRINT_PAGE = PRINT_PAGE_URL
MARGINS = {"top": "18mm", "bottom": "18mm", "left": "16mm", "right": "16mm"}
FOOTER = (
    '<div style="font-size:8pt;width:100%;text-align:center;color:#444">'
    'Relationel velfærd · side <span class="pageNumber"></span> af <span class="totalPages"></span></div>'
)


def print_pdf(site: Path, out: Path) -> None:
    """Serve ``site`` on 127.0.0.1, start Chromium and print the whole site to ``out``."""
    with serve(site) as base, sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=str(chromium.CHROMIUM), args=chromium.ARGS)
        try:
            print_with(browser, base, out)
        finally:
            browser.close()


def print_with(browser: Browser, base: str, out: Path) -> None:
    """Print the page udskriv/ of the site served at ``base`` to the PDF ``out``."""
    _print_pages(browser, base, [(PRINT_PAGE, out)])


def _print_pages(browser: Browser, base: str, pages: list[tuple[str, Path]]) -> None:
    """Print each address of the site served at ``base`` to its PDF, without JavaScript.

    A page prints as its HTML stands (the print page's contents are in it too), so nothing
    changes it while it prints: Material's scripts change nothing on paper, loading them took
    half the time, and with them on one loaded test run got a whole-site PDF of 53 pages
    instead of 297 (the cause was not found).
    """
    context = browser.new_context(locale="da-DK", java_script_enabled=False)
    try:
        for address, out in pages:
            page = context.new_page()
            page.goto(base + address, wait_until="load")
            _print(page, out)
    finally:
        context.close()


def _print(page: Page, out: Path) -> None:
    page.emulate_media(media="print")
    out.parent.mkdir(parents=True, exist_ok=True)
    page.pdf(
        path=str(out),
        format="A4",
        margin=MARGINS,
        print_background=False,
        display_header_footer=True,
        header_template="<div></div>",
        footer_template=FOOTER,
        outline=True,
        tagged=True,
    )
    page.close()


def chapters(site: Path) -> list[str]:
    """The chapter pages of a built site, as addresses relative to it (kapitler/x/)."""
    pages = sorted(site.glob(f"{CHAPTERS}*/index.html"))
    return [p.parent.relative_to(site).as_posix() + "/" for p in pages if 'class="citer"' in p.read_text("utf-8")]


def print_handouts_with(browser: Browser, base: str, site: Path) -> list[Path]:
    """The whole site and every chapter, printed into ``site``/pdf/."""
    pages = [(PRINT_PAGE, site / WHOLE_SITE_HANDOUT)] + [(a, site / handout_path(a)) for a in chapters(site)]
    _print_pages(browser, base, pages)
    return [out for _, out in pages]


def print_handouts(site: Path) -> list[Path]:
    with serve(site) as base, sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=str(chromium.CHROMIUM), args=chromium.ARGS)
        try:
            return print_handouts_with(browser, base, site)
        finally:
            browser.close()


def to_png(pdf: Path, folder: Path) -> int:
    import pypdfium2  # only needed for the check; a dev dependency

    folder.mkdir(parents=True, exist_ok=True)
    document = pypdfium2.PdfDocument(str(pdf))
    for number, page in enumerate(document, start=1):
        page.render(scale=1).to_pil().save(folder / f"side-{number:03d}.png")
    return len(document)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    parser.add_argument("--out", type=Path, default=ROOT / "relationel-velfaerd.pdf")
    parser.add_argument("--png", type=Path, help="also render each page to DIR/side-NNN.png")
    parser.add_argument("--handouts", action="store_true", help=f"the whole site and each chapter into SITE/{HANDOUTS}")
    options = parser.parse_args(argv)
    if not (options.site / PRINT_PAGE / "index.html").exists():
        print(f"{options.site / PRINT_PAGE}index.html is missing: run 'make build' first.", file=sys.stderr)
        return 2
    if not chromium.CHROMIUM.exists():
        print(chromium.MISSING, file=sys.stderr)
        return 2
    if options.handouts:
        for path in print_handouts(options.site):
            print(f"{path}: {path.stat().st_size / 1024:.0f} KB")
        return 0
    print_pdf(options.site, options.out)
    print(f"{options.out}: {options.out.stat().st_size / 1024:.0f} KB")
    if options.png:
        print(f"{to_png(options.out, options.png)} pages as PNG in {options.png}")
    return 0
