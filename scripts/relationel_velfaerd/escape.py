"""Escape untrusted text for the place it lands.

Everything that comes from a ``.bib`` file or a page's front matter is text a
contributor typed, so it is escaped for each context it reaches:

- ``html``: HTML text and quoted attribute values (``&``, ``<``, ``>``, ``"``,
  ``'``); MarkupSafe's ``escape``, as Jinja's autoescape uses it;
- ``markdown_inline``: text the hooks write into generated Markdown (link text,
  list items), which Python-Markdown would otherwise read as markup or raw HTML;
- ``json_for_script``: JSON inside a ``<script>`` element, with ``<``, ``>``
  and ``&`` as ``\\u`` escapes, so no value can close the element or open a
  comment;
- ``bibtex_value`` and ``ris_value``: one field of a BibTeX or RIS download,
  so a value can never close its field or start another field or record.

Standard library and MarkupSafe (Jinja's own escaping) only.
"""

from __future__ import annotations

import json
import re
import unicodedata

from markupsafe import Markup, escape

# Characters that Python-Markdown (with the tables extension) lets a backslash
# escape; a backslash before any other character would be printed.
_MARKDOWN_ESCAPABLE = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")
_MARKDOWN_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_LINE_BREAKS = re.compile(r"[\r\n\u0085\u2028\u2029]+")
# LaTeX's special characters, as pandoc and biblatex read them inside a field.
_BIBTEX = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "%": r"\%",
    "&": r"\&",
    "#": r"\#",
    "$": r"\$",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_BIBTEX_SPECIAL = re.compile("[" + re.escape("".join(_BIBTEX)) + "]")


def one_line(text: str) -> str:
    """The text with line breaks and other control characters turned into single spaces."""
    cleaned = "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in _LINE_BREAKS.sub(" ", text))
    return re.sub(r" {2,}", " ", cleaned).strip()


def html(text: str) -> Markup:
    """Text safe in HTML content and in a quoted attribute value."""
    return escape(text)


def markdown_inline(text: str) -> str:
    """Text that Python-Markdown renders as exactly these characters, never as markup."""
    escaped = _MARKDOWN_ESCAPABLE.sub(r"\\\1", one_line(text))
    return re.sub("[&<>]", lambda m: _MARKDOWN_ENTITIES[m.group()], escaped)


def json_for_script(data: object) -> Markup:
    """JSON for a ``<script type="application/ld+json">`` element."""
    text = json.dumps(data, ensure_ascii=False, indent=1)
    for char in "<>&\u2028\u2029":
        text = text.replace(char, f"\\u{ord(char):04x}")
    return Markup(text)


def bibtex_value(text: str) -> str:
    """A BibTeX field value (without its outer braces): LaTeX specials escaped, on one line."""
    return _BIBTEX_SPECIAL.sub(lambda m: _BIBTEX[m.group()], one_line(text))


def bibtex_name(name: str, *, organisation: bool = False) -> str:
    """One name of a BibTeX ``author`` list: never split into two, never read as »Last, First«.

    An organisation, or a name containing the word ``and`` or a comma, is set in
    braces, which BibTeX reads as one name exactly as written.
    """
    value = bibtex_value(name)
    if organisation or "," in value or re.search(r"\band\b", value, re.I):
        return "{" + value + "}"
    return value


def bibtex_url(url: str) -> str:
    """A URL for BibTeX's verbatim ``url`` field: braces, backslashes and blanks percent-encoded."""
    return re.sub(r"[{}\\\s]", lambda m: f"%{ord(m.group()):02X}", one_line(url))


def ris_value(text: str) -> str:
    """An RIS field value: one line, so it can never start another field or record."""
    return one_line(text)
