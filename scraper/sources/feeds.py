"""RSS and Atom feeds, parsed by feedparser from bytes our fetcher already retrieved.

feedparser is handed a byte stream, never a URL, so it never fetches anything itself:
robots.txt, the SSRF guard and the size limits of our fetcher apply to feeds too.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from urllib.parse import urljoin

import feedparser

from scraper.sources.base import Entry, SourceError
from scraper.sources.dates import from_struct_time


def parse_feed(content: bytes, *, url: str) -> Iterator[Entry]:
    """Yield the linked entries of a feed; a feed that is too broken to list any is a SourceError."""
    parsed = feedparser.parse(io.BytesIO(content), response_headers={"content-location": url})
    if parsed.bozo and not parsed.entries:
        reason = parsed.get("bozo_exception") or "no entries could be read"
        raise SourceError(f"malformed feed: {' '.join(str(reason).split())}", url=url)
    for item in parsed.entries:
        link = item.get("link") or _alternate_link(item)
        if link:
            dated = from_struct_time(item.get("published_parsed") or item.get("updated_parsed"))
            yield Entry(url=urljoin(url, link), dated=dated)


def _alternate_link(item: feedparser.FeedParserDict) -> str | None:
    """Atom entries may carry their page only as an rel=alternate link."""
    for link in item.get("links", ()):
        if link.get("rel", "alternate") == "alternate" and link.get("href"):
            return str(link["href"])
    return None
