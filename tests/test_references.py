"""References made HTML once a build and swapped into the notes (references.py)."""

from __future__ import annotations

import json
from pathlib import Path

from markdown import Markdown

from relationel_velfaerd import references

BUBER = {"buber": "Buber, Martin. 1923. *Ich und Du*. 3--19."}


def test_a_reference_token_becomes_the_reference_s_html() -> None:
    html = references.to_html({"buber": "Buber, Martin. 1923. *Ich und Du*. 3--19."}, ["smarty"], {})
    assert html == {"buber": "Buber, Martin. 1923. <em>Ich und Du</em>. 3&ndash;19."}
    md = Markdown(extensions=["footnotes", references.makeExtension(html=html)])
    notes = f"[^buber]: {references.token('buber')}\n\n[^ukendt]: {references.token('ukendt')}"
    out = md.convert(f"Tekst[^buber] og [^ukendt].\n\n{notes}")
    assert "<em>Ich und Du</em>" in out and "*Ich" not in out
    assert references.left_over(out) == ["ukendt"]  # the hooks fail the build on it


def test_the_html_is_kept_between_builds_for_the_same_extensions(tmp_path: Path) -> None:
    first = references.to_html(BUBER, ["smarty"], {}, cache=tmp_path)
    [stored] = list(tmp_path.glob("*.json"))
    assert json.loads(stored.read_text(encoding="utf-8")) == {BUBER["buber"]: first["buber"]}
    stored.write_text(json.dumps({BUBER["buber"]: "fra cachen"}), encoding="utf-8")
    assert references.to_html(BUBER, ["smarty"], {}, cache=tmp_path) == {"buber": "fra cachen"}
    # Other options make other HTML: another file, converted afresh.
    other = references.to_html(BUBER, ["smarty"], {"smarty": {"smart_dashes": False}}, cache=tmp_path)
    assert other == {"buber": "Buber, Martin. 1923. <em>Ich und Du</em>. 3--19."}
    assert len(list(tmp_path.glob("*.json"))) == 2
