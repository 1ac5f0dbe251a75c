"""The check of built pages against their Content-Security-Policy (csp.problems), on small pages."""

from __future__ import annotations

import pytest

from relationel_velfaerd import csp

POLICY = '<meta http-equiv="Content-Security-Policy" content="script-src \'self\'">'
HANDLER = "HTML attribute '{}=' runs script, which the browser blocks; remove it"
SCHEME = "a link with a '{}:' address; link to an http(s) address or a page of the site"
STYLE = "an HTML 'style=' attribute, which the browser ignores; use a class from docs/assets/stylesheets/"


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        ('<img src="x" onerror="alert(1)">', [HANDLER.format("onerror")]),
        ("<svg/onload=alert(1)>", [HANDLER.format("onload")]),  # "/" separates attributes
        ('<img src="x"onerror="alert(1)">', [HANDLER.format("onerror")]),  # so does a closing quote
        ("<img src=x onerror=alert(1)", [HANDLER.format("onerror")]),  # an unclosed tag
        ("<img.x onerror=y>", [HANDLER.format("onerror")]),  # a tag name the browser does not know
        ("<a href=/x/y ONCLICK=z OnMouseOver=w>", [HANDLER.format("onclick"), HANDLER.format("onmouseover")]),
        ('<p style="color: red">', [STYLE]),
        ('<a href="java&#x09;script:alert(1)">', [SCHEME.format("javascript")]),  # an entity hides the scheme
        ('<a href=" JavaScript:alert(1)">', [SCHEME.format("javascript")]),
        ('<button formaction="javascript:x">', [SCHEME.format("javascript")]),
        ('<object data="vbscript:x">', [SCHEME.format("vbscript")]),
        ('<svg><a xlink:href="javascript:x">', [SCHEME.format("javascript")]),
    ],
)
def test_what_the_policy_blocks_is_named(markup: str, expected: list[str]) -> None:
    assert csp.problems(POLICY + markup) == expected


@pytest.mark.parametrize(
    "markup",
    [
        '<a href="vaerdiskiftet/" title="onclick=x">v</a>',  # inside a quoted value
        "<p>onclick=x style=y href=javascript:z</p>",  # text, not a tag
        "<a title=x/onclick=y>",  # an unquoted value runs to white space
        '<span styles="x" data-on="y" class="on">',
        '<a href="javascripts/x.js">',  # a path, not a scheme
        '<script type="application/json">{"a": "<b onclick=c>"}</script>',  # script text is not markup
    ],
)
def test_what_it_does_not_block_passes(markup: str) -> None:
    assert csp.problems(POLICY + markup) == []


def test_a_page_without_the_policy_is_named() -> None:
    assert csp.problems("<p>x</p>") == [
        "the page has no Content-Security-Policy meta tag; it must extend overrides/main.html"
    ]


def test_the_scan_stays_linear_on_hostile_markup() -> None:
    """Attributes that could be read many ways are read one way (atomic groups): no runaway regex."""
    markup = POLICY + "<a " + 'b="c"' * 20000 + "<a href=" + "x/" * 50000 + " on"
    assert csp.problems(markup) == []
