"""RSS and Atom feeds, parsed by feedparser from bytes our fetcher already retrieved.

feedparser is handed a byte stream, never a URL, so it never fetches anything itself:
robots.txt, the SSRF guard and the size limits of our fetcher apply to feeds too.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from typing import TYPE_CHECKING
from urllib.parse import urljoin

from scraper.errors import SourceError
from scraper.sources.base import Entry
from scraper.sources.dates import from_struct_time

if TYPE_CHECKING:
    import feedparser

logger = logging.getLogger(__name__)


def parse_feed(content: bytes, *, url: str) -> Iterator[Entry]:
    """Yield the linked entries of a feed.

    A document that yields no linked entry and is either malformed or not a feed at all
    (an HTML error page, say) is a SourceError; a malformed feed feedparser could recover
    entries from is used, and the damage only logged.
    """
    # Imported here: a run whose sources are URL lists or sitemaps never pays for loading it.
    import feedparser

    parsed = feedparser.parse(io.BytesIO(content), response_headers={"content-location": url})
    entries = [entry for entry in (_entry(item, url) for item in parsed.entries) if entry is not None]
    reason = " ".join(str(parsed.get("bozo_exception", "")).split())
    if not entries and (parsed.bozo or not parsed.version):
        raise SourceError(f"malformed feed: {reason}" if parsed.bozo else "not an RSS or Atom feed", url=url)
    if parsed.bozo:
        logger.info("feed %s is malformed (%s); using the %d entries read", url, reason, len(entries))
    yield from entries


def _entry(item: feedparser.FeedParserDict, feed_url: str) -> Entry | None:
    link = item.get("link") or _alternate_link(item)
    if not link:
        return None
    dated = from_struct_time(item.get("published_parsed") or item.get("updated_parsed"))
    return Entry(url=urljoin(feed_url, link), dated=dated)


def _alternate_link(item: feedparser.FeedParserDict) -> str | None:
    """Atom entries may carry their page only as an rel=alternate link."""
    for link in item.get("links", ()):
        if link.get("rel", "alternate") == "alternate" and link.get("href"):
            return str(link["href"])
    return None
