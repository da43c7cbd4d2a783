"""Metadata: JSON-LD first, then <meta>, then the markup."""

from __future__ import annotations

import json

from lxml import html as lxml_html

from scraper.extraction.metadata import read_metadata
from scraper.extraction.structured import read_structured_data


def metadata(head: str = "", body: str = "", url: str | None = None):  # type: ignore[no-untyped-def]
    tree = lxml_html.fromstring(f"<html lang='en-GB'><head>{head}</head><body>{body}</body></html>")
    return read_metadata(tree, read_structured_data(tree), url)


def test_json_ld_wins_over_meta_tags() -> None:
    ld = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebSite", "name": "Example"},
            {
                "@type": "NewsArticle",
                "headline": "From JSON-LD",
                "author": [{"@type": "Person", "name": "Jane Doe"}, {"@type": "Person", "name": "John Roe"}],
                "datePublished": "2024-05-14T09:30:00Z",
                "publisher": {"@type": "Organization", "name": "Example News"},
            },
        ],
    }
    head = f'<meta property="og:title" content="From OG"><script type="application/ld+json">{json.dumps(ld)}</script>'
    found = metadata(head)
    assert found.title == "From JSON-LD"
    assert found.authors == ("Jane Doe", "John Roe")
    assert found.date == "2024-05-14T09:30:00+00:00"
    assert found.site_name == "Example News"
    assert found.language == "en"


def test_without_declarations_the_h1_and_byline_markup_are_used() -> None:
    found = metadata("<title>Story | Site</title>", '<h1>The headline</h1><span class="byline">By Ann Lee</span>')
    assert found.title == "The headline"
    assert found.authors == ("Ann Lee",)


def test_title_tag_loses_its_site_suffix() -> None:
    head = (
        "<title>Budget passes after late vote | The Daily Example</title>"
        '<meta property="og:site_name" content="The Daily Example">'
    )
    assert metadata(head).title == "Budget passes after late vote"


def test_canonical_url_is_resolved_against_the_page_url() -> None:
    found = metadata('<link rel="canonical" href="/news/1">', url="https://example.com/news/1?utm_source=x")
    assert found.canonical_url == "https://example.com/news/1"
