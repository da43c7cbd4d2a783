"""HTML text to tree: what trafilatura's loader would build, for less."""

from __future__ import annotations

from lxml import html as lxml_html

import scraper
from scraper.extraction.parse import parse_html

STORY = "<p>The council approved the budget after a long debate about the bus lanes in the centre.</p>"


def test_characters_xml_forbids_are_removed_and_the_text_stays() -> None:
    tree = parse_html(f"<html><body><p>bus\x01 lanes\x1b and \ufffetrams</p>{STORY}</body></html>")
    assert tree is not None
    assert tree.find(".//p").text_content() == "bus lanes and trams"


def test_every_element_is_an_html_element() -> None:
    tree = parse_html(f"<html><body><form><input name='q'><select></select></form>{STORY}</body></html>")
    assert tree is not None
    assert {type(element) for element in tree.iter()} == {lxml_html.HtmlElement}


def test_comments_and_processing_instructions_are_dropped() -> None:
    tree = parse_html(f"<html><body><!-- ad slot --><?php echo 1 ?>{STORY}</body></html>")
    assert tree is not None
    assert [element.tag for element in tree.find("body")] == ["p"]


def test_a_page_opening_with_a_comment_keeps_its_head() -> None:
    head = "<head><title>Budget</title></head>"
    tree = parse_html(f"<!-- cache 2025 --><!DOCTYPE html><html>{head}<body>{STORY}</body></html>")
    assert tree is not None
    assert tree.findtext("head/title") == "Budget"


def test_a_doctype_naming_a_dtd_on_the_first_line_does_not_lose_the_page() -> None:
    doctype = (
        '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">'
    )
    tree = parse_html(f"{doctype}<html><body>{STORY}</body></html>")
    assert tree is not None
    assert "budget" in tree.find("body").text_content()


def test_a_self_closed_html_tag_does_not_end_the_document() -> None:
    tree = parse_html(f"<html lang='en'/>\n<body>{STORY}</body>")
    assert tree is not None
    assert "budget" in tree.text_content()


def test_text_that_is_not_a_document_is_refused() -> None:
    assert parse_html('{"status": "error", "message": "not found"}') is None
    assert parse_html("   \n  ") is None


def test_text_given_as_a_python_string_with_any_characters_parses() -> None:
    head = "<head><meta charset='iso-8859-1'></head>"
    story = f"<article>{STORY * 3}<p>Ça coûte 5 € — 日本語 \ud800.</p></article>"
    article = scraper.extract(f"<html>{head}<body>{story}</body></html>")
    assert "Ça coûte 5 € — 日本語" in article.text


def test_a_fragment_of_several_elements_is_a_document() -> None:
    assert parse_html(STORY * 2) is not None
    assert parse_html(f"<div>{STORY * 2}</div>") is not None
    assert parse_html(STORY) is None


def test_content_after_the_closing_html_tag_ends_the_body() -> None:
    page = f"<html><head><title>T</title></head><body><nav>Menu</nav></body></html><div>{STORY}</div>tail"
    tree = parse_html(page)
    assert tree is not None
    assert list(tree.itersiblings()) == []
    assert tree.find("body").text_content() == "Menu" + STORY[3:-4] + "tail"
