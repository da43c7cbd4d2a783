"""An article split into sibling chunks is joined into one body, in the order the page shows it."""

from __future__ import annotations

from lxml import html as lxml_html

from scraper.config import ExtractConfig
from scraper.extraction.api import Page, join_body_chunks
from scraper.extraction.chunks import join_split_body

PROSE = "The council approved the budget after a long debate about the bus lanes in the centre of town."


def chunk(heading: str, paragraphs: int = 2) -> str:
    prose = "".join(f"<p>{heading}: {PROSE}</p>" for _ in range(paragraphs))
    return f'<h2>{heading}</h2><div class="part">{prose}</div>'


def page(body: str) -> lxml_html.HtmlElement:
    return lxml_html.document_fromstring(f"<html><body><div>{body}</div></body></html>")


def text_order(tree: lxml_html.HtmlElement) -> list[str]:
    return [" ".join(element.text_content().split())[:12] for element in tree.iter("h2", "p", "td")]


def test_the_headings_between_chunks_keep_their_place_in_the_joined_body() -> None:
    tree = page(chunk("Costs") + '<div class="ad">Buy now and save</div>' + chunk("Timing"))
    before = text_order(tree)
    assert join_split_body(tree)
    first = tree.find(".//div[@class='part']")
    assert [child.tag for child in first] == ["p", "p", "h2", "p", "p"]
    assert text_order(tree) == before
    assert tree.find(".//div[@class='ad']") is not None  # other things between the chunks stay where they were


def test_a_chunk_without_prose_between_two_chunks_is_joined_with_them() -> None:
    table = '<h2>Prices</h2><div class="part"><table><tr><td>Roof</td><td>$8,000</td></tr></table></div>'
    tree = page(chunk("Costs") + table + chunk("Timing"))
    before = text_order(tree)
    assert join_split_body(tree)
    assert len(tree.findall(".//div[@class='part']")) == 1
    assert text_order(tree) == before


def test_a_discussion_keeps_its_posts_apart() -> None:
    tree = page(chunk("Question") + chunk("Answer"))
    joined = join_body_chunks(Page(tree=tree, url=None, config=ExtractConfig(), discussion=True))
    assert len(joined.tree.findall(".//div[@class='part']")) == 2
