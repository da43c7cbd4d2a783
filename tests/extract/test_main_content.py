"""The shape of the fast path's result decides whether trafilatura's full cascade gets a look."""

from __future__ import annotations

from lxml import html as lxml_html

import scraper
from scraper.extraction.blocks import Block
from scraper.extraction.main_content import Declared, missed_body

SENTENCE = "The council approved the budget after a long debate about the bus lanes in the centre. "


def tree(paragraphs: int) -> lxml_html.HtmlElement:
    body = "".join(f"<section><p>{SENTENCE * 3}</p></section>" for _ in range(paragraphs))
    return lxml_html.document_fromstring(f"<html><body>{body}</body></html>")


def kept(paragraphs: int) -> list[Block]:
    return [Block("paragraph", (SENTENCE * 3).strip(), "") for _ in range(paragraphs)]


def test_a_result_holding_most_of_the_page_is_enough() -> None:
    assert not missed_body(kept(8), tree(10), Declared())


def test_a_result_holding_a_small_part_of_the_page_missed_the_body() -> None:
    assert missed_body(kept(2), tree(20), Declared())


def test_a_short_result_missed_the_body() -> None:
    assert missed_body([Block("paragraph", SENTENCE.strip(), "")], tree(1), Declared())


def test_a_result_far_shorter_than_the_declared_length_missed_the_body() -> None:
    assert missed_body(kept(8), tree(8), Declared(words=2000))


def test_an_article_inside_an_unclosed_aside_is_found() -> None:
    story = "".join(f"<p>{SENTENCE * 2}Part {n}.</p>" for n in range(6))
    html = (
        '<html><body><aside class="popup"><p>Sign up.</p><header class="site">'
        f"<nav><a href='/'>Home</a></nav><article><h1>Budget</h1>{story}</article>"
    )
    article = scraper.extract(html)
    assert "Part 5." in article.text
