"""What a site's sitemaps hold, for `scraper discover`: pages, Google News stories, their languages and
newest publication date, across an index's sitemaps. Read through the caller's fetcher."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from scraper.errors import FetchError
from scraper.jobs.discovery.fetcher import Fetcher
from scraper.jobs.discovery.site_discovery import document_bytes
from scraper.models import FetchRequest
from scraper.sources import SitemapEntry, SourceError, parse_sitemap

MAX_SITEMAPS = 10
"""Sitemaps read for one summary: an index of a big site lists hundreds (one a month for years), and
at the default politeness delay each costs a second; a summary for a person needs only a sample."""


@dataclass
class SitemapSummary:
    """Counts over one sitemap (and the sitemaps of an index) as read so far."""

    url: str
    pages: int = 0
    stories: int = 0
    """Entries with Google News tags (a <news:title>)."""
    languages: set[str] = field(default_factory=set)
    newest: datetime | None = None
    sitemaps_read: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, entry: SitemapEntry) -> None:
        self.pages += 1
        if entry.title is not None:
            self.stories += 1
            if entry.dated is not None and (self.newest is None or entry.dated > self.newest):
                self.newest = entry.dated
        if entry.language:
            self.languages.add(entry.language)

    def to_dict(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "pages": self.pages,
            "news_stories": self.stories,
            "languages": sorted(self.languages),
            "newest_story": self.newest.isoformat() if self.newest else None,
            "sitemaps_read": self.sitemaps_read,
            "errors": list(self.errors),
        }


async def summarize_sitemap(fetcher: Fetcher, url: str) -> SitemapSummary:
    """Read a sitemap, and the sitemaps it lists, up to MAX_SITEMAPS; errors are kept, never raised."""
    summary = SitemapSummary(url=url)
    queue, seen = [url], {url}
    while queue and summary.sitemaps_read < MAX_SITEMAPS:
        current = queue.pop(0)
        summary.sitemaps_read += 1
        try:
            result = await fetcher.fetch(FetchRequest(url=current, kind="xml"))
            for entry in parse_sitemap(document_bytes(result), url=result.final_url):
                if not entry.is_sitemap:
                    summary.add(entry)
                elif entry.url not in seen:
                    seen.add(entry.url)
                    queue.append(entry.url)
        except (FetchError, SourceError) as exc:
            summary.errors.append(str(exc))
    return summary
