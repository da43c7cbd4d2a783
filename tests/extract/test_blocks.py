"""Blocks from trafilatura's XML body: every word of it, with the separations the page shows."""

from __future__ import annotations

from lxml import etree

from scraper.extraction.blocks import blocks_from_xml


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
