"""Where `scraper run` finds article URLs: URL lists, RSS/Atom feeds and XML sitemaps.

Parsing only; fetching the documents and remembering what was read is the run's job.
"""

from scraper.errors import SourceError
from scraper.sources.base import Entry, SitemapEntry
from scraper.sources.feeds import parse_feed
from scraper.sources.filters import EntryFilter
from scraper.sources.sitemaps import parse_sitemap
from scraper.sources.urllist import file_version, iter_inline_urls, iter_url_file

__all__ = [
    "Entry",
    "EntryFilter",
    "SitemapEntry",
    "SourceError",
    "file_version",
    "iter_inline_urls",
    "iter_url_file",
    "parse_feed",
    "parse_sitemap",
]
