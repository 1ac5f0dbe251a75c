"""The whole bibliography as downloads for reference managers: BibTeX and RIS, on the Litteratur page.

- BibTeX: every entry of bibliography/*.bib as written (LaTeX escapes and all),
  without the site's internal fields (``verified``, where an entry's facts
  were checked, and ``ids``, its former keys), in Danish order.
- RIS: the same entries read by pandoc (which understands the LaTeX) as CSL
  JSON and written as RIS records; values one line each (escape.ris_value).
  Why hand-written: pandoc reads RIS but does not write it, and no
  maintained Python package writes RIS from BibTeX (rispy writes RIS from
  dicts; the mapping below is what it would need anyway).

The RIS text is kept in ``.cache/exports/<hash>.ris`` like the citation cache,
so a build with an unchanged bibliography starts no pandoc for it.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pypandoc

from relationel_velfaerd.bibliography import Entry
from relationel_velfaerd.danish import sort_key
from relationel_velfaerd.escape import ris_value

INTERNAL_FIELDS = {"verified", "ids"}
BIBTEX_NAME = "relationel-velfaerd-litteratur.bib"  # published beside litteratur/ (conventions of the page)
RIS_NAME = "relationel-velfaerd-litteratur.ris"
CACHE_DIR = Path(".cache") / "exports"
FORMAT_VERSION = "1"

RIS_TYPES = {
    "book": "BOOK",
    "chapter": "CHAP",
    "article-journal": "JOUR",
    "article-magazine": "MGZN",
    "article-newspaper": "NEWS",
    "report": "RPRT",
    "thesis": "THES",
    "webpage": "ELEC",
    "post-weblog": "BLOG",
    "paper-conference": "CPAPER",
    "speech": "SLIDE",
    "legislation": "STAT",
    "document": "GEN",
}


def in_order(entries: list[Entry]) -> list[Entry]:
    """The entries (as bibliography.read_dir found them) in Danish order of author and key."""
    found = [e for e in entries if not e.broken]
    return sorted(found, key=lambda e: sort_key(f"{e.fields.get('author', e.fields.get('editor', ''))} {e.key}"))


def bibtex(entries: list[Entry]) -> str:
    out = []
    for entry in in_order(entries):
        fields = [(k, v) for k, v in entry.fields.items() if k.lower() not in INTERNAL_FIELDS]
        width = max((len(k) for k, _ in fields), default=0)
        lines = [f"  {k.ljust(width)} = {{{v}}}" for k, v in fields]
        out.append(f"@{entry.type}{{{entry.key},\n" + ",\n".join(lines) + "\n}\n")
    return "\n".join(out)


def _names(people: list[dict[str, str]]) -> list[str]:
    return [p.get("literal") or ", ".join(x for x in (p.get("family", ""), p.get("given", "")) if x) for p in people]


def ris_record(item: dict) -> str:
    """One CSL JSON item as an RIS record (CRLF line ends, as the format has them)."""
    fields: list[tuple[str, str]] = [("TY", RIS_TYPES.get(item.get("type", ""), "GEN")), ("ID", item.get("id", ""))]
    fields += [("AU", name) for name in _names(item.get("author", []))]
    fields += [("ED", name) for name in _names(item.get("editor", []))]
    fields += [("TI", item.get("title", ""))]
    container = item.get("container-title", "")
    if container:
        fields.append(("JO" if item.get("type") == "article-journal" else "T2", container))
    parts = (item.get("issued") or {}).get("date-parts") or [[]]
    if parts[0]:
        fields.append(("PY", str(parts[0][0])))
        fields.append(("DA", "/".join(f"{p:02d}" if i else str(p) for i, p in enumerate(parts[0]))))
    for tag, key in (
        ("PB", "publisher"),
        ("CY", "publisher-place"),
        ("VL", "volume"),
        ("IS", "issue"),
        ("SN", "ISBN"),
        ("DO", "DOI"),
        ("UR", "URL"),
        ("T3", "collection-title"),
        ("N1", "note"),
    ):
        if item.get(key):
            fields.append((tag, str(item[key])))
    pages = str(item.get("page", ""))
    if pages:
        start, _, end = pages.replace("–", "-").partition("-")
        fields.append(("SP", start))
        if end:
            fields.append(("EP", end))
    lines = [f"{tag}  - {ris_value(value)}" for tag, value in fields if value] + ["ER  - "]
    return "\r\n".join(lines) + "\r\n"


def ris(bibtex_text: str, project: Path) -> str:
    """The entries as RIS, from pandoc's reading of the BibTeX (cached by the text and pandoc's version)."""
    digest = hashlib.sha256(f"{FORMAT_VERSION}\0{pypandoc.get_pandoc_version()}\0{bibtex_text}".encode()).hexdigest()
    cached = project / CACHE_DIR / f"{digest[:32]}.ris"
    if cached.is_file():  # as bytes: read as text, the CRLF line ends would come back as LF
        return cached.read_bytes().decode("utf-8")
    # pandoc sentence-cases the titles of entries without a non-English langid ("Karen lumholt");
    # a reference manager should get them as written, so each entry reads as non-English here.
    as_written = re.sub(r"^(@\w+\{[^,\n]+,)$", r"\1\n  langid = {danish},", bibtex_text, flags=re.M)
    items = json.loads(pypandoc.convert_text(as_written, "csljson", format="biblatex"))
    text = "\r\n".join(ris_record(item) for item in items)
    cached.parent.mkdir(parents=True, exist_ok=True)
    cached.write_bytes(text.encode("utf-8"))
    return text
