"""The extractor's public functions."""

from __future__ import annotations

import trafilatura

from scraper.config import ExtractConfig
from scraper.errors import NoContentError
from scraper.models import Article


def extract(html: str | bytes, *, url: str | None = None, config: ExtractConfig | None = None) -> Article:
    """Turn an HTML page into its article."""
    text = trafilatura.extract(html, url=url) or ""
    if not text.strip():
        raise NoContentError("no article content found", url=url)
    return Article(text=text, markdown=text, url=url)


def clean_text(text: str, *, config: ExtractConfig | None = None) -> Article:
    """Turn text another tool extracted into its article."""
    if not text.strip():
        raise NoContentError("no article content found")
    return Article(text=text.strip(), markdown=text.strip())
