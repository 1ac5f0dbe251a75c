"""search_scope: the parts the search index leaves out are held back and put back unchanged."""

from __future__ import annotations

from relationel_velfaerd import search_scope

PAGE = (
    '<h2 id="kilder">Kilder</h2><p>Tekst.</p>\n<p class="begreb-brug"><em>Bruges på:</em> <a href="x/">X</a></p>\n'
    '<div class="footnote">\n<hr />\n<ol>\n<li id="fn:a"><p>Hansen 2011.&#160;<a href="#fnref:a">&#8617;</a></p>'
    "</li>\n</ol>\n</div>\n<p>Efter.</p>"
)


def test_the_notes_and_usage_lines_are_held_back_and_put_back_byte_for_byte() -> None:
    held_html, held = search_scope.hold_back(PAGE)
    assert "Bruges" not in held_html and "Hansen" not in held_html and "&#8617;" not in held_html
    assert "<p>Tekst.</p>" in held_html and "<p>Efter.</p>" in held_html
    assert len(held) == 2
    assert search_scope.put_back(held_html, held) == PAGE


def test_a_page_without_them_is_left_as_it_is() -> None:
    assert search_scope.hold_back("<p>Tekst.</p>") == ("<p>Tekst.</p>", [])
