"""Image, tags and language: declared first, language detected only when none is declared."""

from __future__ import annotations

import json

from lxml import html as lxml_html

import scraper
from scraper.extraction.language import detect_language, language_code
from scraper.extraction.metadata import Metadata, read_metadata
from scraper.extraction.structured import read_structured_data

PARAGRAPH = (
    "<p>The harbour reopened to fishing boats on Thursday, six months after a winter storm tore a gap in its "
    "outer wall. Crews worked through the spring to rebuild the wall with larger stones, and the harbour master "
    "said the new design should hold against waves of the size that caused the damage last year.</p>"
)


def metadata(head: str, url: str = "https://news.example.com/story/1") -> Metadata:
    tree = lxml_html.fromstring(f"<html><head>{head}</head><body><h1>Harbour</h1></body></html>")
    return read_metadata(tree, read_structured_data(tree), url)


def test_the_lead_image_is_made_absolute_and_json_ld_comes_first() -> None:
    ld = {"@type": "NewsArticle", "image": [{"@type": "ImageObject", "url": "/img/lead.jpg"}]}
    og_image = '<meta property="og:image" content="https://cdn.example.com/og.jpg">'
    head = f'{og_image}<script type="application/ld+json">{json.dumps(ld)}</script>'
    found = metadata(head)
    assert found.image == "https://news.example.com/img/lead.jpg"
    assert found.sources["image"] == "json-ld image"
    assert (
        metadata('<meta property="og:image" content="//cdn.example.com/og.jpg">').image
        == "https://cdn.example.com/og.jpg"
    )


def test_tags_come_from_keywords_and_every_article_tag() -> None:
    ld = {"@type": "NewsArticle", "keywords": "Harbours, Storms", "articleSection": "Local"}
    head = (
        f'<script type="application/ld+json">{json.dumps(ld)}</script>'
        '<meta property="article:tag" content="Fishing"><meta property="article:tag" content="storms">'
    )
    assert metadata(head).tags == ("Harbours", "Storms", "Local", "Fishing")
    assert metadata('<meta name="keywords" content="ferry, islands">').tags == ("ferry", "islands")


def test_declared_language_is_reduced_to_its_code() -> None:
    assert language_code("en-GB") == "en"
    assert language_code("pt_BR") == "pt"
    assert language_code("x") is None
    found = metadata('<meta property="og:locale" content="fr_FR">')
    assert (found.language, found.sources["language"]) == ("fr", "meta og:locale")


def test_language_is_detected_only_when_none_is_declared() -> None:
    page = f"<html><head><title>Harbour</title></head><body><article>{PARAGRAPH}</article></body></html>"
    article = scraper.extract(page)
    assert (article.language, article.sources["language"]) == ("en", "detected (CLD2)")
    assert detect_language("Too short to tell.").code is None
