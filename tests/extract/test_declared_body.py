"""The declared articleBody/wordCount: a result far shorter than the page's own declaration missed the body."""

from __future__ import annotations

import json

import scraper

SENTENCE = "The council approved the budget after a long debate about the new bus lanes in the centre."


def page(visible: str, declared_body: str) -> str:
    data = json.dumps({"@type": "NewsArticle", "headline": "Budget", "articleBody": declared_body})
    return (
        f'<html><head><script type="application/ld+json">{data}</script></head>'
        f"<body><article><h1>Budget</h1>{visible}</article></body></html>"
    )


def test_the_declared_body_is_the_article_when_the_page_shows_a_fraction_of_it() -> None:
    paragraphs = [f"{SENTENCE} Part {n} of the story." for n in range(12)]
    html = page(f"<p>{paragraphs[0]}</p>", "\n\n".join(paragraphs))
    assert scraper.extract(html).text.split("\n\n") == paragraphs


def test_a_page_showing_its_whole_declared_body_keeps_its_own_text() -> None:
    paragraphs = [f"{SENTENCE} Part {n} of the story." for n in range(6)]
    html = page("".join(f"<p>{text}</p>" for text in paragraphs), " ".join(paragraphs))
    assert scraper.extract(html).text.split("\n\n") == paragraphs
