"""Whatever the input, the extractor answers with an Article or a ScraperError, nothing else."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import scraper

TAGS = ("p", "div", "span", "article", "section", "aside", "ul", "li", "a", "h1", "h2", "table", "tr", "td", "script")
ATTRIBUTES = ("", ' class="newsletter"', ' class="paywall"', ' id="related"', ' class="share"', ' class="dek"')


@st.composite
def html_soup(draw: st.DrawFn) -> str:
    """Random, often unbalanced, HTML made of tags, chrome-like attributes and text."""
    parts = []
    for _ in range(draw(st.integers(min_value=0, max_value=40))):
        tag = draw(st.sampled_from(TAGS))
        kind = draw(st.integers(min_value=0, max_value=2))
        if kind == 0:
            parts.append(f"<{tag}{draw(st.sampled_from(ATTRIBUTES))}>")
        elif kind == 1:
            parts.append(f"</{tag}>")
        else:
            parts.append(draw(st.text(max_size=80)))
    return "".join(parts)


def outcome(function, value):  # type: ignore[no-untyped-def]
    try:
        return function(value)
    except scraper.ScraperError as error:
        return error


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_random_bytes(content: bytes) -> None:
    assert isinstance(outcome(scraper.extract, content), scraper.Article | scraper.ScraperError)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(html_soup())
def test_random_html(html: str) -> None:
    result = outcome(scraper.extract, html)
    assert isinstance(result, scraper.Article | scraper.ScraperError)
    if isinstance(result, scraper.Article):
        assert result.text.strip()


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=2000))
def test_random_text(text: str) -> None:
    assert isinstance(outcome(scraper.clean_text, text), scraper.Article | scraper.ScraperError)
