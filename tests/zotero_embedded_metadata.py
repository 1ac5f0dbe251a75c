"""How Zotero's Embedded Metadata translator reads a page's meta tags: the part the site relies on.

Followed from the translator's source (zotero/translators, ``Embedded
Metadata.js`` lastUpdated 2026-04-27, and ``RDF.js``, which it calls for og:,
DC. and dcterms. tags; zotero/utilities ``utilities.js`` for ``cleanAuthor``),
read at translators 2814370161d0 and utilities 4051881d59c6. Line numbers in
the comments are those files'. Only what the site's tags can reach is
modelled; a tag this model does not know raises, so a new tag on the site
needs a look at the translator first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import lxml.html

# EM init(): the Highwire tags that fix the item type (hwType) or guess it (hwTypeGuess).
DEFINITIVE = {
    "citation_journal_title": "journalArticle",
    "citation_technical_report_institution": "report",
    "citation_conference_title": "conferencePaper",
    "citation_conference": "conferencePaper",
    "citation_book_title": "bookSection",
    "citation_inbook_title": "bookSection",
    "citation_dissertation_institution": "thesis",
}
GUESS = {"citation_title": "journalArticle", "citation_series_title": "journalArticle", "citation_isbn": "book"}
# RDF.js 698-719: og:type values that are definitive; "article" is a guess only.
OG_TYPES = {"website": "webpage", "book": "book", "music.song": "audioRecording", "music.album": "audioRecording"}
KNOWN = (
    set(DEFINITIVE)
    | set(GUESS)
    | {
        "citation_author",
        "citation_publication_date",
        "citation_online_date",
        "citation_date",
        "citation_language",
        "citation_publisher",
        "citation_public_url",
        "citation_reference",
        "og:type",
        "og:site_name",
        "og:title",
        "og:url",
        "og:description",
        "og:locale",
    }
)


@dataclass
class Item:
    item_type: str
    title: str
    creators: list[tuple[str, str]]  # (firstName, lastName)
    date: str
    website_title: str | None
    url: str
    language: str
    abstract: str
    extra: dict[str, str] = field(default_factory=dict)


def clean_author(author: str, use_comma: bool) -> tuple[str, str]:
    """ZU.cleanAuthor (utilities.js 227-291), for names without initials."""
    author = re.sub(r"^[\s\u00a0.,/\[\]:]+", "", author)
    author = re.sub(r"[\s\u00a0.,/\[\]:]+$", "", author)
    author = re.sub(r"[\s\u00a0]+", " ", author, count=1)
    if use_comma:
        parts = re.split(r"[,،] ?", author)
        return (parts[1], parts[0]) if len(parts) > 1 else ("", author)
    space = len(author)
    while True:
        space = author.rfind(" ", 0, space)
        last, first = author[space + 1 :], author[:space] if space >= 0 else ""
        if (last[:1].isalpha()) or space <= 0:
            return first, last


def fix_case(name: str) -> str:
    """EM fixCase (190-198): only all-lower or all-upper names are recased (ZU.capitalizeTitle)."""
    if name and (name == name.lower() or name == name.upper()):
        return " ".join(w[:1].upper() + w[1:].lower() for w in name.split(" "))
    return name


def highwire_creators(values: list[str]) -> list[tuple[str, str]]:
    """EM processHighwireCreators (572-624)."""
    creators: list[tuple[str, str]] = []
    for value in values:
        names = re.split(r"\s*;\s*", value)
        if len(names) == 1 and len(values) == 1:
            by_comma = re.split(r"\s*,\s*", names[0])
            if len(by_comma) > 1 and " " in by_comma[0] and " " in by_comma[1]:
                names = by_comma
        for name in names:
            first, last = clean_author(name, "," in name)
            if first:
                first, last = fix_case(first), fix_case(last)
            if not creators or creators[-1] != (first, last):  # repeated adjacent names are skipped
                creators.append((first, last))
    return creators


def read(html: str) -> Item:
    """The Zotero item the translator makes from a page's <head>."""
    doc = lxml.html.fromstring(html)
    tags: dict[str, list[str]] = {}
    for meta in doc.cssselect("head meta"):
        name = meta.get("name") or meta.get("property")
        if not name or not (name.startswith("citation_") or name.startswith("og:")):
            continue
        if name not in KNOWN:
            raise AssertionError(f"the model does not know the tag {name!r}: read the translator first")
        tags.setdefault(name, []).append(meta.get("content") or "")
    hw_type = next((DEFINITIVE[t] for t in reversed(list(tags)) if t in DEFINITIVE), None)
    guess = next((GUESS[t] for t in tags if t in GUESS), None)
    rdf_nodes = any(t.startswith("og:") for t in tags)
    default = guess or ("webpage" if rdf_nodes else None)  # EM 352-354
    og_type = OG_TYPES.get((tags.get("og:type") or [""])[0])
    item_type = og_type or default  # RDF.js 815-818: a definitive og type outranks the default
    if hw_type:  # EM 494-497
        item_type = hw_type
    if item_type is None:
        raise AssertionError("the translator would not offer to save this page")

    def first(*names: str) -> str:
        return next((tags[n][0] for n in names if n in tags), "")

    dates = [n for n in ("citation_publication_date", "citation_cover_date", "citation_date") if n in tags]
    website = None
    if item_type in ("webpage", "blogPost", "newspaperArticle"):  # RDF.js 977-980: og:site_name
        website = first("og:site_name") or None
    return Item(
        item_type=item_type,
        title=" ".join(first("citation_title", "og:title").split()),
        creators=highwire_creators(tags.get("citation_author", [])),
        date=tags[dates[-1]][0] if dates else first("citation_online_date"),  # the last date tag present wins
        website_title=website,
        url=first("citation_public_url", "og:url"),
        language=first("citation_language"),
        abstract=first("og:description"),
    )
