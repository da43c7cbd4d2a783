"""scraper: fetch news articles and keep the article, without the chrome around it.

    import scraper
    article = scraper.scrape("https://example.com/news/1")
    article = scraper.extract(html, url="https://example.com/news/1")
    article = scraper.clean_text(already_extracted_text)

The HTTP side (`fetch`, `scrape`, `Scraper`, `AsyncScraper`) is imported on first use:
extraction worker processes never touch it and should not pay for loading it.
"""

import importlib
import logging
from typing import TYPE_CHECKING, Any

from scraper.config import Config, load_config
from scraper.errors import NoContentError, ScraperError
from scraper.extract import clean_text, extract
from scraper.models import AccessInfo, Article, FetchOutcome, FetchRequest, FetchResult, RemovedBlock

if TYPE_CHECKING:
    from scraper.session import AsyncScraper, Scraper, fetch, scrape

logging.getLogger(__name__).addHandler(logging.NullHandler())

_SESSION_NAMES = frozenset({"AsyncScraper", "Scraper", "fetch", "scrape"})


def __getattr__(name: str) -> Any:
    if name not in _SESSION_NAMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module("scraper.session"), name)
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
