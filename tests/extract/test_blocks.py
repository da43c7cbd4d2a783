"""Blocks from trafilatura's XML body: every word of it, with the separations the page shows."""

from __future__ import annotations

from lxml import etree
from lxml import html as lxml_html

import scraper
from scraper.extraction.blocks import blocks_from_xml, normalize_space
from scraper.extraction.whitespace import hoist_closing_breaks, separate_adjacent_words


def texts(xml: str) -> list[str]:
    return [block.text for block in blocks_from_xml(etree.fromstring(xml))]


def test_text_left_directly_in_the_body_is_a_paragraph() -> None:
    body = "<body>Lead line.<head>Why</head>Coffee has antioxidants.<head>How</head>Drink less.</body>"
    assert texts(body) == ["Lead line.", "Why", "Coffee has antioxidants.", "How", "Drink less."]


def test_block_children_of_list_items_and_cells_are_separated() -> None:
    body = "<body><list rend='ul'><item><p>WebIDE</p><p>Develop in the browser.</p></item></list></body>"
    assert texts(body) == ["WebIDE Develop in the browser."]
    table = "<body><table><row><cell><p>A</p><p>B</p></cell><cell>C</cell></row></table></body>"
    assert texts(table) == ["A B\tC"]


def test_html_cells_trafilatura_left_unconverted_in_a_list_item_are_separated() -> None:
    item = "<body><list rend='ol'><item>Cost<th>Basic</th><th>Prime</th><td>$642</td><td>$845</td></item></list></body>"
    assert texts(item) == ["Cost Basic Prime $642 $845"]


def test_a_label_keeps_its_space_before_the_emphasis_trafilatura_trimmed_it_from() -> None:
    item = "<body><list rend='ul'><item>Monthly: $9<lb/>Annual plan:<hi rend='#b'>US$78</hi></item></list></body>"
    assert texts(item) == ["Monthly: $9\nAnnual plan: US$78"]


def test_line_breaks_in_code_are_kept() -> None:
    assert texts("<body><code>for x in y:\n    print(x)</code></body>") == ["for x in y:\n    print(x)"]


def test_a_sentence_broken_by_source_lines_or_a_dump_is_joined_and_lines_a_break_ends_stay() -> None:
    wrapped = "<body><p>Seka Moving earned top marks for clear pricing, and\ncustomer care.\nHome\nNews</p></body>"
    assert texts(wrapped) == ["Seka Moving earned top marks for clear pricing, and customer care.\nHome\nNews"]
    dumped = "<body><p>Unix-specific extensions to primitives in the\nstd::thread\nmodule.\nTraits</p></body>"
    assert texts(dumped) == ["Unix-specific extensions to primitives in the std::thread module.\nTraits"]
    item = "<body><list rend='ul'><item>Each model is a Python class that subclasses\ndb.Model.</item></list></body>"
    assert texts(item) == ["Each model is a Python class that subclasses db.Model."]
    poem = "<body><p>Do not raise<lb/>your small voice against it. And do not<lb/>take cover.</p></body>"
    assert texts(poem) == ["Do not raise\nyour small voice against it. And do not\ntake cover."]


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


def test_words_of_inline_elements_side_by_side_stay_apart() -> None:
    """A brand and a product name, or a row of links, that only the style sheet shows apart."""
    page = (
        "<html><body><article><h1>Hiking boots</h1>"
        "<p>Our pick for wet trails after testing twenty pairs over a long, rainy season in the hills.</p>"
        "<h2><a href='/moab'><span>Merrell</span><span>Moab 3 Mid Waterproof</span></a></h2>"
        "<p>It kept our feet dry through every river crossing and needed no breaking in at all.</p>"
        "<h2><a href='/kaha'><span>HOKA</span><span>Kaha 3 GTX</span></a></h2>"
        "<p>The lightest of the lot, with a rocker sole that made the long descents easy on the knees.</p>"
        "</article></body></html>"
    )
    text = scraper.extract(page).text
    assert "Merrell Moab 3 Mid Waterproof" in text
    assert "HOKA Kaha 3 GTX" in text


def test_a_run_in_heading_stays_apart_from_the_words_after_it() -> None:
    tree = lxml_html.fragment_fromstring("<p>Bronx is a county.<em>Service of Process</em>The LLC must name one.</p>")
    separate_adjacent_words(tree)
    assert tree.text_content() == "Bronx is a county.Service of Process The LLC must name one."


def test_words_split_only_by_styling_stay_joined() -> None:
    tree = lxml_html.fragment_fromstring(
        "<p><span>T</span><span>he</span> <b>i</b><b>Phone</b> <em>Java</em><em>script</em> <a>Home</a><a>About</a></p>"
    )
    separate_adjacent_words(tree)
    assert tree.text_content() == "The iPhone Javascript Home About"


def test_layout_marks_go_and_the_joiners_words_are_made_of_stay() -> None:
    assert normalize_space("In\u00adter\u00adnet\u200b  news\ufeff") == "Internet news"
    persian = "من کتاب\u200cها را می\u200cخوانم"
    assert normalize_space(persian) == persian
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    assert normalize_space(family) == family


def test_table_cells_are_tab_separated_in_text_and_a_ruled_table_in_markdown() -> None:
    table = (
        "<body><table><row><cell role='head'>Plan</cell><cell role='head'>Note</cell>"
        "<cell role='head'>Price</cell></row>"
        "<row><cell>Basic</cell><cell/><cell>$5</cell></row><row><cell>Pro</cell><cell>A|B</cell></row></table></body>"
    )
    [block] = blocks_from_xml(etree.fromstring(table))
    assert block.text == "Plan\tNote\tPrice\nBasic\t\t$5\nPro\tA|B"
    assert block.markdown.split("\n") == [
        "| Plan | Note | Price |",
        "| --- | --- | --- |",
        "| Basic |  | $5 |",
        "| Pro | A\\|B |  |",
    ]
