"""Following a site's links breadth-first from its start page (`follow = true` on a `kind = "site"` source).

Depth 1 is the start page's links. Links at the last depth are tracked as they are: the crawlers
fetch and extract them like any listed URL, so a hub among them is checked but never stored.
Pages above the last depth are fetched here for their links, and told apart by the extractor
itself (in its worker process, under the same time and memory limits as a run's pages): a page
with an article is tracked, a hub (a list of headlines, a section front) only gives its links.
Only same-site links that pass the source's include and exclude patterns are followed.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass, field

from scraper.config import ExtractConfig
from scraper.errors import FetchError
from scraper.jobs.discovery.fetcher import Fetcher
from scraper.jobs.engines.extract_worker import ExtractWorker
from scraper.models import FetchRequest, FetchResult
from scraper.sources import Entry, EntryFilter
from scraper.sources.site import page_links, same_site
from scraper.store import normalize_url

logger = logging.getLogger(__name__)

MAX_PAGES_PER_LEVEL = 1000
"""Pages fetched for their links at one depth, at most: a site's sections and their pages run to
hundreds, and a calendar or faceted search that links endlessly to itself must not keep a run going."""


@dataclass
class FollowReport:
    """What following found: pages to track (articles, and the links of the last depth), hubs visited."""

    entries: list[Entry] = field(default_factory=list)
    hubs: int = 0
    unreachable: int = 0


class LinkFollower:
    """Walks one site source's links for one run."""

    def __init__(self, fetcher: Fetcher, extract_config: ExtractConfig) -> None:
        self._fetcher = fetcher
        self._extract_config = extract_config
        self._worker: ExtractWorker | None = None

    def close(self) -> None:
        """Stop the extraction worker, if one was started."""
        if self._worker is not None:
            self._worker.close()
            self._worker = None

    async def follow(
        self, start: FetchResult, *, site_url: str, max_depth: int, entry_filter: EntryFilter
    ) -> FollowReport:
        """Walk from `start` to `max_depth`, breadth-first, each URL visited once."""
        report = FollowReport()
        seen = {normalize_url(start.final_url)}
        level = [start]
        for depth in range(1, max_depth + 1):
            links = list(_new_links(level, site_url, entry_filter, seen))
            if depth == max_depth:
                report.entries += [Entry(url=link) for link in links]
                break
            level = []
            for link in links[:MAX_PAGES_PER_LEVEL]:
                page = await self._visit(link, report)
                if page is not None:
                    level.append(page)
        return report

    async def _visit(self, url: str, report: FollowReport) -> FetchResult | None:
        """Fetch a page above the last depth; track it if it has an article, count it as a hub if not."""
        try:
            page = await self._fetcher.fetch(FetchRequest(url=url, kind="html"))
        except FetchError as exc:
            logger.info("following links: cannot visit %s (%s)", url, exc)
            report.unreachable += 1
            return None
        if self._worker is None:
            self._worker = ExtractWorker(self._extract_config)
        extracted = await self._worker.extract(page.html, page.final_url)
        if extracted.article is not None and not extracted.article.hub:
            report.entries.append(Entry(url=url))
        else:
            report.hubs += 1
        return page


def _new_links(pages: list[FetchResult], site_url: str, entry_filter: EntryFilter, seen: set[str]) -> Iterator[str]:
    """The pages' same-site links that the source's patterns accept, normalised, each once."""
    for page in pages:
        for link in page_links(page.html, url=page.final_url):
            try:
                url = normalize_url(link)
            except ValueError:
                continue
            if url in seen or not same_site(url, site_url) or not entry_filter.accepts_url(url):
                continue
            seen.add(url)
            yield url
