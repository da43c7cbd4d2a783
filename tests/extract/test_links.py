"""Link marks that trafilatura's output lost are read back from the page's own anchors."""

from __future__ import annotations

from lxml import html as lxml_html

from scraper.extraction.blocks import Block
from scraper.extraction.links import mark_links

STORY = "The council approved the budget after a long debate about the bus lanes in the centre."


def line(text: str) -> Block:
    return Block("paragraph", text, text)


def test_lines_after_the_last_paragraph_that_are_links_of_the_page_are_marked() -> None:
    page = lxml_html.document_fromstring(
        "<html><body><p>Reports</p><footer><a href='/privacy'><div>Privacy Policy</div></a>"
        "<a href='/reports'>Reports</a></footer></body></html>"
    )
    blocks = mark_links([line("Reports"), line(STORY), line("Privacy Policy"), line("Photo: AP")], page)
    assert [block.link_chars for block in blocks] == [0, 0, len("Privacy Policy"), 0]


def test_a_page_ending_with_its_prose_is_left_alone() -> None:
    page = lxml_html.document_fromstring(f"<html><body><a href='/s'>{STORY}</a></body></html>")
    assert mark_links([line(STORY)], page) == [line(STORY)]
