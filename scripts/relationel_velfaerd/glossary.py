"""The glossary: every term of docs/begreber.md explained where a page first uses it.

One source: the terms are ``## Term {#id data-former="form, form"}`` headings
of docs/begreber.md, and the first paragraph under a heading is the term's
definition, so the glossary page and the tooltips can never disagree.

Two parts:

- ``GlossaryExtension``, a Python-Markdown extension (``markdown_extensions:``
  in mkdocs.yml, so any builder that runs Python-Markdown carries it over). It
  marks the first use of each term on a page as a link to its entry,
  ``<a class="begreb footnote-ref" href="begreb:ID">``,
  as reference works link a term once. Material previews a ``.footnote-ref``
  link's target (the element on the page with the id of its #fragment) on hover
  and on keyboard focus, and names it as the link's description while shown,
  so the preview is the term's
  name, its definition and "Læs mere i Begreber" (the hooks put those
  definitions on the page, outside the text the search indexes, and replace the
  placeholder address with the entry on Begreber, whose definition paragraph
  has the id ``begreb-ID``). Never inside links, code, headings,
  admonition titles, captions, the notes (Kilder), Litteratur entries, the
  anthology's reference box, or a term's own entry on the glossary page.
- ``read_terms``, ``uses`` and ``with_usage``: the glossary page lists under
  each term the pages that use it (the MkDocs hooks call these with the site
  index).

Why not the ``abbr`` extension's own ``glossary`` option: it matches exact,
case-sensitive forms and marks every occurrence. Danish inflects
("samskabelse", "samskabelsen", "Samskabelsens"), so each term lists its forms
and the extension adds capitalised and genitive variants; and the site marks
a first use only. And an ``<abbr>`` tooltip is plain text: it cannot link
to the entry.
"""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from relationel_velfaerd import escape, frontmatter
from relationel_velfaerd.danish import sort_key

TERM = re.compile(r"^## (?P<name>[^{\n]+?) \{(?P<attrs>[^}]*)\}[ \t]*$", re.M)
ID = re.compile(r"#([\w-]+)")
FORMS = re.compile(r'data-former="([^"]*)"')
CITATION = re.compile(r"\s*\[[^\]]*@[^\]]*\]")
LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
FENCE = re.compile(r"^(```|~~~).*?^\1", re.M | re.S)
PARAGRAPH = re.compile(r"\n[ \t]*\n(.+?)(?=\n[ \t]*\n|\Z)", re.S)

SKIPPED_TAGS = {"a", "abbr", "code", "pre", "kbd", "h1", "h2", "h3", "h4", "h5", "h6", "figcaption", "caption"}
USAGE_CLASS = "begreb-brug"  # the "Bruges på" line under each entry of Begreber (with_usage)
SKIPPED_CLASSES = {"footnote", "admonition-title", "litteratur-post", "antologi-reference", USAGE_CLASS}


@dataclass(frozen=True)
class Term:
    id: str
    name: str
    forms: tuple[str, ...]  # as listed, without the variants
    definition: str  # plain text, for the tooltip
    line: int

    @property
    def variants(self) -> set[str]:
        return set().union(*(_variants(f) for f in self.forms))


def _variants(form: str) -> set[str]:
    """A form with its capitalised and genitive variants."""
    out = {form, form[:1].upper() + form[1:]}
    if not form.endswith(("s", "x", "z")):
        out |= {v + "s" for v in list(out)}
    return out


def _plain(markdown: str) -> str:
    text = CITATION.sub("", markdown)
    text = LINK.sub(r"\1", text)
    text = re.sub(r"[*_`]", "", text)
    return " ".join(text.split())


def read_terms(markdown: str, where: str) -> tuple[list[Term], list[str]]:
    """The terms of the glossary page, and a problem line for each heading that is not a usable term."""
    terms: list[Term] = []
    problems: list[str] = []
    first_line: dict[str, tuple[str, int]] = {}  # id -> (name, line)
    matches = list(TERM.finditer(markdown))
    for n, match in enumerate(matches):
        line = markdown.count("\n", 0, match.start()) + 1
        name = match.group("name").strip()
        ident = ID.search(match.group("attrs"))
        if not ident:
            problems.append(f"{where}:{line}: term '{name}' needs an id, e.g. {{#samskabelse}}")
            continue
        if ident.group(1) in first_line:
            other, at = first_line[ident.group(1)]
            problems.append(
                f"{where}:{line}: term '{name}' has the id #{ident.group(1)}, which '{other}' "
                f"on line {at} already has; give each term its own id"
            )
            continue
        first_line[ident.group(1)] = (name, line)
        end = matches[n + 1].start() if n + 1 < len(matches) else len(markdown)
        body = markdown[match.end() : end].strip()
        definition = _plain(body.split("\n\n", 1)[0]) if body else ""
        if not definition:
            problems.append(f"{where}:{line}: term '{name}' has no definition paragraph")
            continue
        listed = FORMS.search(match.group("attrs"))
        forms = [name] + ([f.strip() for f in listed.group(1).split(",") if f.strip()] if listed else [])
        if name[:1].isupper() and name[1:2].islower():
            forms.append(name[:1].lower() + name[1:])  # "Samskabelse" also as "samskabelse"
        terms.append(Term(ident.group(1), name, tuple(forms), definition, line))
    for before, after in itertools.pairwise(terms):  # readers look a term up A–Å, as the page promises
        if sort_key(after.name) < sort_key(before.name):
            problems.append(
                f"{where}:{after.line}: term '{after.name}' comes after '{before.name}' (line {before.line}); "
                "Begreber lists its terms A–Å in Danish order (æ, ø, å last), so move it up"
            )
    return terms, problems


def letter_index(terms: list[Term]) -> str:
    """A line of letters, each linking to the first term under it: A · B · D … Æ · Ø."""
    first: dict[str, Term] = {}
    for term in terms:
        first.setdefault(term.name[:1].upper(), term)
    links = " · ".join(f"[{letter}](#{term.id})" for letter, term in first.items())
    return f'<nav class="begreber-register" aria-label="Begreber fra A til Å" markdown>\n\n{links}\n\n</nav>'


def form_pattern(terms: list[Term]) -> re.Pattern[str] | None:
    """Whole-word match of any form of any term, the longest that fits; a line break may split a multi-word form."""
    forms = {" ".join(f.split()) for t in terms for f in t.variants}
    return re.compile(r"(?<!\w)(?:" + _trie(forms) + r")(?!\w)") if forms else None


def _trie(forms: set[str]) -> str:
    """The forms as one regular expression that shares their common beginnings (a character trie).

    Python's ``re`` tries the alternatives of ``a|b|c`` one by one at every
    position; with the glossary's 400-odd forms that was most of the glossary's
    time. The trie tries each character once: about six times as fast, with the
    same matches (greedy, so the longest form that ends on a word boundary wins).
    """
    root: dict[str, dict] = {}
    for form in forms:
        node = root
        for char in form:
            node = node.setdefault(char, {})
        node[""] = {}  # a form ends here

    def expression(node: dict[str, dict]) -> str:
        branches = [(r"\s+" if c == " " else re.escape(c)) + expression(node[c]) for c in sorted(node) if c]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return expression(root)


def term_of_form(terms: list[Term]) -> dict[str, Term]:
    """Form (single-spaced) -> its term; the first term listing a form keeps it."""
    out: dict[str, Term] = {}
    for term in terms:
        for form in sorted(term.variants):
            out.setdefault(form, term)
    return out


def uses(markdown: str, terms: list[Term]) -> set[str]:
    """Ids of the terms a page's Markdown uses, outside code fences (each term on its own: forms may overlap)."""
    pattern, ids_of = _use_tables(tuple(terms))
    if pattern is None:
        return set()
    found: set[str] = set()
    for match in pattern.finditer(FENCE.sub("", markdown)):
        found |= ids_of[" ".join(match.group(1).split())]
    return found


@cache
def _use_tables(terms: tuple[Term, ...]) -> tuple[re.Pattern[str] | None, dict[str, set[str]]]:
    """One pass a page finds every term: the longest form starting at each position (a zero-width
    match, so a form inside a longer one is found at its own position), and for each form every
    term with that form or with a form that begins it word for word ("relationel" in "relationel
    velfærd", which starts at the same position)."""
    forms = {" ".join(f.split()) for t in terms for f in t.variants}
    if not forms:
        return None, {}
    owners: dict[str, set[str]] = {}
    for term in terms:
        for form in term.variants:
            owners.setdefault(" ".join(form.split()), set()).add(term.id)
    ids_of: dict[str, set[str]] = {}
    for form in forms:  # the form itself and each form its first words make
        words = form.split(" ")
        ids_of[form] = set().union(*(owners.get(" ".join(words[:n]), set()) for n in range(1, len(words) + 1)))
    return re.compile(r"(?<!\w)(?=(" + _trie(forms) + r")(?!\w))"), ids_of


@cache
def _first_use_tables(terms: tuple[Term, ...]) -> tuple[re.Pattern[str] | None, dict[str, Term]]:
    """The pattern and form table of FirstUse, made once per version of the glossary (not once a page)."""
    return form_pattern(list(terms)), term_of_form(list(terms))


MARK_CLASS = "begreb footnote-ref"  # footnote-ref: previewed like a citation (fodnoter.js)
MARK = re.compile(rf'<a\b[^>]*\bclass="{MARK_CLASS}"[^>]*>(.*?)</a>', re.S)


def without_marks(html: str) -> str:
    """The HTML with each mark FirstUse made replaced by its text (the print page, reference titles)."""
    return MARK.sub(r"\1", html)


def anchor(term_id: str) -> str:
    """The id of a term's definition: its paragraph on Begreber, its preview on other pages."""
    return f"begreb-{term_id}"


def with_usage(
    markdown: str, terms: list[Term], used_on: dict[str, list[tuple[str, str]]], href: Callable[[str], str]
) -> str:
    """The glossary page: each definition paragraph gets its anchor (begreb-ID), and a "Bruges på"
    line follows it: HTML links (``href(src)``: a page's address from the glossary page) to the
    pages using the term, as HTML because the parser would read the 500 links on every build."""
    by_id = {t.id: t for t in terms}
    for match in reversed(list(TERM.finditer(markdown))):  # back to front: earlier offsets stay valid
        ident = ID.search(match.group("attrs"))
        term = by_id.get(ident.group(1)) if ident else None
        paragraph = PARAGRAPH.match(markdown, match.end())
        if term and paragraph:
            pages = used_on.get(term.id, [])
            links = ", ".join(
                f'<a href="{href(src)}">{escape.html(escape.one_line(title))}</a>' for src, title in pages
            )
            line = f"<em>Bruges på:</em> {links}" if pages else "<em>Bruges endnu ikke på andre sider.</em>"
            end = paragraph.start() + len(paragraph.group().rstrip())  # the attribute list ends the paragraph
            block = f'\n{{: #{anchor(term.id)} }}\n\n<p class="{USAGE_CLASS}">{line}</p>'
            markdown = markdown[:end] + block + markdown[end:]
    return markdown


@cache
def _load(path: str, mtime_ns: int) -> tuple[Term, ...]:
    """The terms of a glossary file; cached per version of the file (MkDocs makes an extension per page)."""
    text = Path(path).read_text(encoding="utf-8")
    return tuple(read_terms(_blank_front_matter(text), path)[0])


def _blank_front_matter(text: str) -> str:
    """The page with its front matter as blank lines, so line numbers stay those of the file."""
    return frontmatter.FRONT.sub(lambda m: "\n" * m.group().count("\n"), text)


def load_terms(path: Path) -> list[Term]:
    return list(_load(str(path), path.stat().st_mtime_ns)) if path.is_file() else []


class FirstUse(Treeprocessor):
    """Make the first use of each term in the document a link to its definition, in reading order."""

    def __init__(self, md: Markdown, terms: list[Term]) -> None:
        super().__init__(md)
        self.pattern, self.by_form = _first_use_tables(tuple(terms))
        self.ids = {t.id for t in terms}

    def run(self, root: etree.Element) -> None:
        if self.pattern is None:
            return
        self.marked: set[str] = set()
        self.own = ""  # on the glossary page: the id of the entry being read, whose term is not marked
        for child in list(root):
            if child.tag == "h2":
                self.own = child.get("id", "") if child.get("id") in self.ids else ""
            self._visit(child)

    def _skipped(self, el: etree.Element) -> bool:
        return el.tag in SKIPPED_TAGS or bool(SKIPPED_CLASSES & set(el.get("class", "").split()))

    def _visit(self, el: etree.Element) -> None:
        if self._skipped(el):
            return
        if el.text and not isinstance(el.text, AtomicString):
            first, made = self._mark(el.text)
            el.text = first
            for n, abbr in enumerate(made):
                el.insert(n, abbr)
        for child in list(el):
            self._visit(child)
            if child.tail and not isinstance(child.tail, AtomicString):
                first, made = self._mark(child.tail)
                child.tail = first
                at = list(el).index(child) + 1
                for n, abbr in enumerate(made):
                    el.insert(at + n, abbr)

    def _mark(self, text: str) -> tuple[str, list[etree.Element]]:
        """The text before the first mark, and the marks made (each carrying the text after it as tail)."""
        made: list[etree.Element] = []
        head, start = text, 0
        for match in self.pattern.finditer(text):  # type: ignore[union-attr]
            term = self.by_form.get(" ".join(match.group().split()))
            if term is None or term.id in self.marked or term.id == self.own:
                continue
            self.marked.add(term.id)
            # A placeholder address MkDocs leaves alone (it has a scheme); the hooks give the real one.
            abbr = etree.Element("a", {"class": MARK_CLASS, "href": f"begreb:{term.id}"})
            abbr.text = AtomicString(match.group())
            if made:
                made[-1].tail = text[start : match.start()]
            else:
                head = text[: match.start()]
            made.append(abbr)
            start = match.end()
        if made:
            made[-1].tail = text[start:]
        return head, made


class GlossaryExtension(Extension):
    def __init__(self, **kwargs: object) -> None:
        self.config = {"source": ["docs/begreber.md", "The glossary page (relative to the working directory)"]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        terms = load_terms(Path(self.getConfig("source")))
        # After the inline patterns (20) and attr_list (8), so links, code and classes are known.
        md.treeprocessors.register(FirstUse(md, terms), "glossary", 6)


def makeExtension(**kwargs: object) -> GlossaryExtension:
    return GlossaryExtension(**kwargs)


def check_file(path: Path, shown: str) -> list[str]:
    """The glossary's problems (ids, definitions, A–Å order), as the build reports them."""
    text = path.read_text(encoding="utf-8")
    return read_terms(_blank_front_matter(text), shown)[1]


UNLINKED = re.compile(r'\bhref="begreb:([\w-]+)"')  # only FirstUse writes this scheme


def used_ids(html: str) -> list[str]:
    """The term ids a page's HTML marks, in order (from the marks FirstUse made)."""
    return UNLINKED.findall(html)


def pointing_to(html: str, glossary_url: str) -> str:
    """The marks linked to their entries on Begreber (``glossary_url``, relative to the page; "" on it)."""
    return UNLINKED.sub(lambda m: f'href="{glossary_url}#{anchor(m.group(1))}"', html)


def previews(terms: list[Term], ids: list[str], glossary_url: str) -> str:
    """The definitions a page's marks preview: name, definition, "Læs mere i Begreber"; escaped HTML."""
    by_id = {t.id: t for t in terms}
    parts = []
    for term_id in dict.fromkeys(ids):
        term = by_id.get(term_id)
        if term is None:
            continue
        target = anchor(term.id)
        parts.append(
            f'<div id="{target}"><p><strong>{escape.html(term.name)}:</strong> {escape.html(term.definition)}</p>'
            f'<p><a href="{escape.html(glossary_url)}#{target}">Læs mere i Begreber</a></p></div>'
        )
    return "".join(parts)
