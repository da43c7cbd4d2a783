"""Finding what a site offers: the feeds its page announces, the sitemaps its robots.txt names, and,
when it announces none, the usual paths that turn out to hold one.

Every document is fetched through the caller's fetcher, so robots.txt, politeness and the SSRF
guard apply; a usual path is offered only when its document parses as a feed or sitemap, since
many sites answer any unknown path with their homepage and a 200.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import islice
from typing import Any

from scraper.errors import FetchError
from scraper.jobs.discovery.fetcher import Fetcher
from scraper.models import FetchRequest, FetchResult
from scraper.sources import SourceError, parse_feed, parse_sitemap
from scraper.sources.site import (
    COMMON_FEED_PATHS,
    COMMON_SITEMAP_PATHS,
    ROBOTS_PATH,
    Offer,
    OfferKind,
    feed_links,
    robots_sitemaps,
    site_root,
)

logger = logging.getLogger(__name__)

FOUND_ON_PAGE = "<link rel=alternate> on {url}"
FOUND_IN_ROBOTS = "robots.txt"
FOUND_AT_COMMON_PATH = "common path"


@dataclass(frozen=True)
class SiteFindings:
    """The page a site source starts from (fetched once, also for following its links), and its offers."""

    page: FetchResult
    offers: tuple[Offer, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"url": self.page.final_url, "offers": [offer.to_dict() for offer in self.offers]}


async def find_offers(fetcher: Fetcher, url: str) -> SiteFindings:
    """Fetch a site's page and robots.txt (and the usual paths if need be) and list its feeds and sitemaps.

    Raises FetchError only when the page itself cannot be fetched: a missing robots.txt or usual
    path means that the site offers nothing there.
    """
    page = await fetcher.fetch(FetchRequest(url=url, kind="html"))
    root = site_root(page.final_url)
    found_on_page = FOUND_ON_PAGE.format(url=page.final_url)
    offers = [Offer("feed", feed, found_on_page) for feed in feed_links(page.html, url=page.final_url)]
    robots = await _fetch_quietly(fetcher, root + ROBOTS_PATH)
    if robots is not None:
        sitemaps = robots_sitemaps(_text(robots), url=robots.final_url)
        offers += [Offer("sitemap", sitemap, FOUND_IN_ROBOTS) for sitemap in sitemaps]
    probes: tuple[tuple[OfferKind, tuple[str, ...], Callable[[FetchResult], bool]], ...] = (
        ("feed", COMMON_FEED_PATHS, _is_feed),
        ("sitemap", COMMON_SITEMAP_PATHS, _is_sitemap),
    )
    for kind, paths, parses in probes:
        if not any(offer.kind == kind for offer in offers):
            probed = await _first_that_parses(fetcher, kind, (root + path for path in paths), parses)
            offers += [probed] if probed is not None else []
    return SiteFindings(page=page, offers=tuple(offers))


async def _first_that_parses(
    fetcher: Fetcher, kind: OfferKind, urls: Iterable[str], parses: Callable[[FetchResult], bool]
) -> Offer | None:
    for url in urls:
        result = await _fetch_quietly(fetcher, url)
        if result is not None and parses(result):
            return Offer(kind, url, FOUND_AT_COMMON_PATH)
    return None


async def _fetch_quietly(fetcher: Fetcher, url: str) -> FetchResult | None:
    """A document the site may well not have: a 404, a refusal or a wrong type only means it offers none."""
    try:
        return await fetcher.fetch(FetchRequest(url=url, kind="xml"))
    except FetchError as exc:
        logger.info("site discovery: nothing at %s (%s)", url, exc)
        return None


def _is_feed(result: FetchResult) -> bool:
    return _yields_an_entry(lambda: parse_feed(document_bytes(result), url=result.final_url))


def _is_sitemap(result: FetchResult) -> bool:
    return _yields_an_entry(lambda: parse_sitemap(document_bytes(result), url=result.final_url))


def _yields_an_entry(parse: Callable[[], Iterable[object]]) -> bool:
    try:
        return bool(list(islice(parse(), 1)))
    except SourceError:
        return False


def document_bytes(result: FetchResult) -> bytes:
    """The raw bytes of a feed or sitemap, so the XML declaration's encoding is honoured."""
    return result.content or result.html.encode("utf-8")


def _text(result: FetchResult) -> str:
    return result.html or result.content.decode("utf-8", errors="replace")
