"""Blocks from trafilatura's XML body: every word of it, with the separations the page shows."""

from __future__ import annotations

from lxml import etree
from lxml import html as lxml_html

import scraper
from scraper.extraction.blocks import blocks_from_xml
from scraper.extraction.whitespace import hoist_closing_breaks


def texts(xml: str) -> list[str]:
    return [block.text for block in blocks_from_xml(etree.fromstring(xml))]


def test_text_left_directly_in_the_body_is_a_paragraph() -> None:
    body = "<body>Lead line.<head>Why</head>Coffee has antioxidants.<head>How</head>Drink less.</body>"
    assert texts(body) == ["Lead line.", "Why", "Coffee has antioxidants.", "How", "Drink less."]


def test_block_children_of_list_items_and_cells_are_separated() -> None:
    body = "<body><list rend='ul'><item><p>WebIDE</p><p>Develop in the browser.</p></item></list></body>"
    assert texts(body) == ["WebIDE Develop in the browser."]
    table = "<body><table><row><cell><p>A</p><p>B</p></cell><cell>C</cell></row></table></body>"
    assert texts(table) == ["A B | C"]


def test_html_cells_trafilatura_left_unconverted_in_a_list_item_are_separated() -> None:
    item = "<body><list rend='ol'><item>Cost<th>Basic</th><th>Prime</th><td>$642</td><td>$845</td></item></list></body>"
    assert texts(item) == ["Cost Basic Prime $642 $845"]


def test_line_breaks_in_code_are_kept() -> None:
    assert texts("<body><code>for x in y:\n    print(x)</code></body>") == ["for x in y:\n    print(x)"]


def test_a_line_break_closing_bold_or_a_link_still_ends_the_line() -> None:
    page = (
        "<html><body><article><h1>Houseplants</h1>"
        "<p><em>Epipremnum aureum<br></em>Low to high light, and it trails from a shelf for years.</p>"
        '<h3><a href="/show"><b>Homegrown</b><b><br> </b></a><b>Magnolia Network</b></h3>'
        "<p>Pothos is a tropical vining plant with heart-shaped leaves that forgives a missed watering.</p>"
        "</article></body></html>"
    )
    text = scraper.extract(page).text
    assert "Epipremnum aureum\nLow to high light" in text
    assert "Homegrown\nMagnolia Network" in text


def test_closing_breaks_move_out_of_their_inline_elements_with_the_text_after_them() -> None:
    tree = lxml_html.fragment_fromstring("<p><a href='/x'><b>One<br> </b></a>two</p>")
    hoist_closing_breaks(tree)
    assert lxml_html.tostring(tree, encoding="unicode") == '<p><a href="/x"><b>One</b></a><br> two</p>'
