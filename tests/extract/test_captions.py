"""A captioned figure that holds text besides its caption is article text; a slider's looping copies are not."""

from __future__ import annotations

from lxml import html as lxml_html

from scraper.extraction import api

QUOTES = (
    "It saved us hours of meetings every week.",
    "The easiest tool our whole team has adopted.",
    "We explain our code changes with it now.",
)


def figure(quote: str, name: str) -> str:
    return f"<figure><blockquote>{quote}</blockquote><figcaption>{name}</figcaption></figure>"


def after_captions(body: str) -> lxml_html.HtmlElement:
    page = api.Page(
        tree=lxml_html.document_fromstring(f"<html><body>{body}</body></html>"), url=None, config=api.ExtractConfig()
    )
    return api.keep_captions(page).tree


def test_a_captioned_quote_is_read_as_text_and_a_picture_caption_is_not() -> None:
    tree = after_captions(
        figure(QUOTES[0], "Ann Lee") + '<figure><img src="a.png"><figcaption>A map</figcaption></figure>'
    )
    assert [element.tag for element in tree.body] == ["div", "figure"]


def test_a_slider_repeating_its_first_slides_after_its_last_keeps_them_once() -> None:
    slides = [figure(quote, f"Person {n}") for n, quote in enumerate(QUOTES)]
    tree = after_captions(f"<div class='track'>{''.join(slides + slides[:2])}</div>")
    assert [element.tag for element in tree.body[0]] == ["div", "div", "div", "figure", "figure"]
