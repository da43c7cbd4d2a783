"""scraper: fetch news articles and keep the article, without the chrome around it.

    import scraper
    article = scraper.scrape("https://example.com/news/1")
    article = scraper.extract(html, url="https://example.com/news/1")
    article = scraper.clean_text(already_extracted_text)
"""

import logging

from scraper.config import Config, load_config
from scraper.errors import NoContentError, ScraperError
from scraper.extract import clean_text, extract
from scraper.models import AccessInfo, Article, FetchOutcome, FetchRequest, FetchResult, RemovedBlock
from scraper.session import AsyncScraper, Scraper, fetch, scrape

logging.getLogger(__name__).addHandler(logging.NullHandler())

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
