"""The Content-Security-Policy of every page, and the check that a built page obeys it.

GitHub Pages sends no security headers, so each page carries its policy in a
``<meta http-equiv="Content-Security-Policy">`` as the first element of its
head. Scripts run only from the site's own files and from the inline scripts
the site's templates emit, allowed by their SHA-256 hashes. The hashes are
computed from those templates, rendered for the page (``policy_for``), never
from the scripts a built page happens to contain: a ``<script>`` or an
``onerror=`` a contributor typed into Markdown does not run, and the build
reports it (``problems``).

Why hand-written: no MkDocs or Material plugin writes a CSP.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable
from html import unescape
from typing import Any

from jinja2 import Environment

# Inline scripts that Material's base.html and this site's main.html include:
# the only inline code a page may run. A template added here is rendered for
# each page and its scripts hashed; one missing here fails the build.
TEMPLATE_SCRIPTS = (
    "partials/javascripts/base.html",  # Material: __md_scope, __md_get, __md_set
    "partials/javascripts/palette.html",  # Material: the saved colour scheme
    "partials/javascripts/content.html",  # Material: content tabs from the address
    "partials/javascripts/search-da.html",  # this site: the Danish search worker
)

# Everything comes from the site itself. Images may also be data: URLs (Material's
# CSS draws its icons with them); workers are the search worker and its wrapper.
DIRECTIVES = (
    ("default-src", "'self'"),
    ("script-src", "'self'"),
    ("style-src", "'self'"),
    ("img-src", "'self' data:"),
    ("font-src", "'self'"),
    ("connect-src", "'self'"),
    ("worker-src", "'self'"),
    ("object-src", "'none'"),
    ("base-uri", "'none'"),
    ("form-action", "'self'"),
)

SCRIPT = re.compile(r"<script\b(?P<attrs>[^>]*)>(?P<body>.*?)</script\s*>", re.S | re.I)
SRC = re.compile(r"\bsrc\s*=", re.I)
TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.I)
DATA_TYPES = {"application/json", "application/ld+json"}  # data blocks: never executed
POLICY = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')
# Start tags as a browser's HTML tokenizer reads them: a name runs to white space, "/" or
# ">"; attributes are separated by white space or "/" (`<svg/onload=...>`), or follow a
# quoted value directly (`src="x"onerror=...`); an unquoted value runs to white space or ">".
# Atomic groups read each tag one way only, so a scan stays linear on any input.
_NAME = r"[^\s/>][^\s/>=]*"
_VALUE = r"""(?:"[^"]*"|'[^']*'|[^\s>]+)"""
_ATTRIBUTE = rf"(?>{_NAME}(?:\s*=\s*{_VALUE})?)"
_SEPARATOR = r"""(?:(?>[\s/]+)|(?<=["']))"""
_TAG_NAME = r"(?><[a-zA-Z][^\s/>]*)"
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href", "data")
# A start tag up to an attribute that may be a problem: a handler (on...=), style=, or an
# address attribute whose value starts like a script scheme or with an entity that may hide
# one. Such tags are then read attribute by attribute (TAG, ATTRIBUTE).
SUSPECT = re.compile(
    rf"{_TAG_NAME}(?:{_SEPARATOR}{_ATTRIBUTE})*?{_SEPARATOR}"
    r"""(?:(?:on[^\s/>=]*|style)\s*="""
    rf"""|(?:{"|".join(URL_ATTRIBUTES)})\s*=\s*["']?[\x00-\x20]*[jv&])""",
    re.I,
)
# Cheaper signs, in the page lower-cased, that a SUSPECT tag may be there: each starts with
# a literal, which the regex engine finds fast. Most pages show none and are done in a
# fraction of SUSPECT's time (hand-written: no MkDocs plugin checks built HTML against a CSP).
_NAMED = (re.compile(r"on[^\s/>=]*\s*="), re.compile(r"style\s*="))  # ...after a separator
_AFTER = frozenset(" \t\n\r\f/\"'")
# Four names cover all of URL_ATTRIBUTES: "formaction" holds "action", "xlink:href" holds "href".
_ADDRESSES = tuple(
    re.compile(name + r"""\s*=\s*["']?[\x00-\x20]*[jv&]""") for name in ("href", "src", "action", "data")
)
TAG_NAME = re.compile(_TAG_NAME)
TAG = re.compile(rf"{_TAG_NAME}(?:{_SEPARATOR}{_ATTRIBUTE})*")
ATTRIBUTE = re.compile(rf"""({_NAME})(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")
SCRIPT_SCHEME = re.compile(r"^(javascript|vbscript):", re.I)


def inline_scripts(html: str) -> list[str]:
    """The text of every inline script in ``html`` that a browser would execute."""
    found = []
    for match in SCRIPT.finditer(html):
        attrs = match.group("attrs")
        kind = TYPE.search(attrs)
        if SRC.search(attrs) or (kind and kind.group(1).lower() in DATA_TYPES):
            continue
        found.append(match.group("body"))
    return found


def source_hash(script: str) -> str:
    """The CSP source expression that allows exactly this inline script."""
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def policy(scripts: Iterable[str], *, serving: bool = False) -> str:
    """The policy allowing the site's own files and exactly these inline scripts.

    ``serving``: for ``mkdocs serve``, whose live-reload script is inline and
    changes at every start, inline scripts are allowed instead (hashes would
    switch that off). Never for a build that is published.
    """
    inline = ["'unsafe-inline'"] if serving else sorted({source_hash(s) for s in scripts})
    parts = []
    for name, value in DIRECTIVES:
        if name == "script-src":
            value = " ".join([value, *inline])
        parts.append(f"{name} {value}")
    return "; ".join(parts)


def template_policy(env: Environment, variables: dict[str, Any], *, serving: bool = False) -> str:
    """The policy for a page rendered with these template variables: hashes of TEMPLATE_SCRIPTS."""
    config = variables["config"]
    variables = {**variables, "features": config.theme.get("features") or []}  # set by base.html, used by content.html
    scripts: list[str] = []
    for name in TEMPLATE_SCRIPTS:
        scripts += inline_scripts(env.get_template(name).render(variables))
    return policy(scripts, serving=serving)


def problems(html: str) -> list[str]:
    """What in a built page its policy blocks or that should never be published, one line each."""
    found: list[str] = []
    match = POLICY.search(html)
    if not match:
        return ["the page has no Content-Security-Policy meta tag; it must extend overrides/main.html"]
    directives = {d.split()[0]: d.split()[1:] for d in match.group(1).split(";") if d.strip()}
    allowed = set(directives.get("script-src", directives.get("default-src", [])))
    if "'unsafe-inline'" not in allowed:
        for script in inline_scripts(html):
            if source_hash(script) not in allowed:
                snippet = " ".join(script.split())[:60]
                found.append(
                    f"inline <script> '{snippet}' is not one the site's templates emit, so the browser blocks it; "
                    "put code in docs/assets/javascripts/ (or its template in scripts/csp.TEMPLATE_SCRIPTS)"
                )
    if re.search(r"<style\b", html, re.I):
        found.append("an inline <style> element, which the browser blocks; put styles in docs/assets/stylesheets/")
    handlers: set[str] = set()
    schemes: set[str] = set()
    styled = False
    markup = SCRIPT.sub("<script>", html)  # script text is not markup
    for suspect in SUSPECT.finditer(markup) if _may_be_suspect(markup.lower()) else ():
        tag = TAG.match(markup, suspect.start()).group()  # the whole tag: it may have more than one
        for attribute in ATTRIBUTE.finditer(tag, TAG_NAME.match(tag).end()):
            name = attribute.group(1).lower()
            if name.startswith("on"):
                handlers.add(name)
            elif name == "style":
                styled = True
            elif name in URL_ATTRIBUTES:  # only these are unescaped: most attributes are ids and classes
                value = unescape(next((v for v in attribute.groups()[1:] if v is not None), ""))
                scheme = SCRIPT_SCHEME.match(re.sub(r"[\x00-\x20]", "", value))
                if scheme:
                    schemes.add(scheme.group(1).lower())
    if styled:
        found.append("an HTML 'style=' attribute, which the browser ignores; use a class from docs/assets/stylesheets/")
    found += [f"HTML attribute '{h}=' runs script, which the browser blocks; remove it" for h in sorted(handlers)]
    found += [
        f"a link with a '{s}:' address; link to an http(s) address or a page of the site" for s in sorted(schemes)
    ]
    return found


def _may_be_suspect(low: str) -> bool:
    """False only if no tag of this lower-cased markup can match SUSPECT."""
    for pattern in _NAMED:
        if any(low[m.start() - 1] in _AFTER for m in pattern.finditer(low)):
            return True
    return any(pattern.search(low) for pattern in _ADDRESSES)
