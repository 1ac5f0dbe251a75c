"""Debian's Chromium as every tool here starts it: one path, one set of flags.

Used by the browser tests, ``relationel_velfaerd.pdf`` and ``benchmarks/lighthouse_scores.py``.
The flags keep Chromium from calling home (this machine's network is closed,
and the tests allow only loopback traffic); ``--no-sandbox`` because CI runs
as root.
"""

from __future__ import annotations

from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
MISSING = f"{CHROMIUM} is missing: run 'make test' (it installs Debian's chromium) or 'sudo apt-get install chromium'"
