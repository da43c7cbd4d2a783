"""scraper: fetch news articles and keep the article, without the chrome around it.

    import scraper
    article = scraper.scrape("https://example.com/news/1")
    article = scraper.extract(html, url="https://example.com/news/1")
    article = scraper.clean_text(already_extracted_text)

The extractor (`extract`, `clean_text`) and the HTTP side (`fetch`, `scrape`, `Scraper`,
`AsyncScraper`) are imported on first use: extraction workers never touch HTTP, and the
process that runs `scraper run` fetches and stores but leaves extraction to its workers.
"""

import importlib
import logging
from typing import TYPE_CHECKING, Any

from scraper.config import Config, load_config
from scraper.errors import NoContentError, ScraperError
from scraper.models import AccessInfo, Article, FetchOutcome, FetchRequest, FetchResult, RemovedBlock

if TYPE_CHECKING:
    from scraper.extraction import clean_text, extract
    from scraper.session import AsyncScraper, Scraper, fetch, scrape

logging.getLogger(__name__).addHandler(logging.NullHandler())

_ON_FIRST_USE = {
    "AsyncScraper": "scraper.session",
    "Scraper": "scraper.session",
    "clean_text": "scraper.extraction",
    "extract": "scraper.extraction",
    "fetch": "scraper.session",
    "scrape": "scraper.session",
}


def __getattr__(name: str) -> Any:
    if name not in _ON_FIRST_USE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(_ON_FIRST_USE[name]), name)
    globals()[name] = value
    return value


__all__ = [
    "AccessInfo",
    "Article",
    "AsyncScraper",
    "Config",
    "FetchOutcome",
    "FetchRequest",
    "FetchResult",
    "NoContentError",
    "RemovedBlock",
    "Scraper",
    "ScraperError",
    "clean_text",
    "extract",
    "fetch",
    "load_config",
    "scrape",
]
