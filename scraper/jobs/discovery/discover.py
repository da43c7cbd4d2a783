"""Discovery: read each configured source and track the article URLs it lists.

A `kind = "site"` source first finds its site's feeds and sitemaps (see `site_discovery`), then
reads them as feed and sitemap sources are read, and follows its links if asked (see `follow`).
Feeds and sitemaps are fetched with our fetcher (conditional GET, robots.txt, SSRF guard)
and parsed by `scraper.sources`. A broken source is reported in its SourceReport; it never
stops the other sources or the run.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import TypeVar

from scraper.config import ExtractConfig, SourceConfig
from scraper.errors import FetchError
from scraper.jobs.discovery.fetcher import Fetcher
from scraper.jobs.discovery.follow import LinkFollower
from scraper.jobs.discovery.offloop import batches_off_loop
from scraper.jobs.discovery.site_discovery import document_bytes, find_offers
from scraper.models import FetchRequest, FetchResult
from scraper.sources import (
    Entry,
    EntryFilter,
    SitemapEntry,
    SourceError,
    file_version,
    iter_inline_urls,
    iter_url_file,
    parse_feed,
    parse_sitemap,
)
from scraper.store import DiscoveredUrl, SiteOfferRecord, Store, normalize_url

logger = logging.getLogger(__name__)

MAX_SITEMAP_DEPTH = 3
"""Index → sitemap is the protocol; one extra level tolerates sites that nest indexes."""

WEB_SCHEMES = ("http://", "https://")

T = TypeVar("T")


@dataclass(frozen=True)
class SourceReport:
    """What reading one source found: entries listed, URLs new to the store, and any error."""

    name: str
    listed: int = 0
    added: int = 0
    filtered: int = 0
    not_due: bool = False
    errors: tuple[str, ...] = ()


@dataclass
class _Tally:
    """Counts kept while a source's entries stream into the store."""

    listed: int = 0
    filtered: int = 0
    added: int = 0
    errors: list[str] = field(default_factory=list)


class Discovery:
    """Reads sources into the store for one run."""

    def __init__(
        self,
        store: Store,
        fetcher: Fetcher,
        *,
        now: datetime,
        base_dir: Path,
        extract_config: ExtractConfig | None = None,
    ) -> None:
        self._store = store
        self._fetcher = fetcher
        self._now = now
        self._base_dir = base_dir
        self._extract_config = extract_config or ExtractConfig()

    async def read_all(self, sources: Iterable[SourceConfig]) -> list[SourceReport]:
        """Read every source concurrently (they are usually on different hosts)."""
        return list(await asyncio.gather(*(self.read(source) for source in sources)))

    async def read(self, source: SourceConfig) -> SourceReport:
        """Read one source; errors end up in the report, never raised."""
        if source.kind != "urls" and not self._is_due(source):
            return SourceReport(name=source.name, not_due=True)
        tally = _Tally()
        entry_filter = EntryFilter.for_source(source)
        if source.kind == "urls":
            await self._read_url_list(source, entry_filter, tally)
        elif source.kind == "feed":
            await self._read_feed(source, source.url, entry_filter, tally)
        elif source.kind == "site":
            await self._read_site(source, entry_filter, tally)
        else:
            await self._read_sitemap(source, source.url, entry_filter, tally, depth=0, visited=set())
        if tally.errors:
            logger.warning("source %s: %s", source.name, "; ".join(tally.errors))
        return SourceReport(
            name=source.name,
            listed=tally.listed,
            added=tally.added,
            filtered=tally.filtered,
            errors=tuple(tally.errors),
        )

    def _is_due(self, source: SourceConfig) -> bool:
        state = self._store.source_state(source.url)
        if state is None or state.last_read is None or state.failures:
            return True
        return state.last_read + timedelta(minutes=source.refresh_minutes) <= self._now

    async def _fetch(self, source: SourceConfig, url: str, tally: _Tally) -> FetchResult | None:
        """A conditional GET of a source document; None (with the error tallied) if it failed.

        Validators are saved only after a document was read whole, so a 304 never hides a version
        whose entries (or listed sitemaps) were not all taken in.
        """
        state = self._store.source_state(url)
        request = FetchRequest(
            url=url,
            etag=state.etag if state else None,
            last_modified=state.last_modified if state else None,
            kind="xml",
        )
        try:
            return await self._fetcher.fetch(request)
        except FetchError as exc:
            self._fail(source, url, str(exc), tally)
            return None

    def _fail(self, source: SourceConfig, url: str, message: str, tally: _Tally) -> None:
        tally.errors.append(message)
        self._store.record_source_error(url, source.name, now=self._now, error=message)

    def _remember(self, source: SourceConfig, url: str, result: FetchResult, lastmod: str | None = None) -> None:
        self._store.record_source_read(
            url,
            source.name,
            now=self._now,
            etag=result.etag,
            last_modified=result.last_modified,
            lastmod=lastmod,
        )

    async def _read_url_list(self, source: SourceConfig, entry_filter: EntryFilter, tally: _Tally) -> None:
        """Inline URLs every run (they are few); the file only when it changed since it was last read whole."""
        await self._track(source, iter_inline_urls(source.urls), entry_filter, tally)
        if not source.urls_file:
            return
        path = (self._base_dir / source.urls_file).resolve()
        key, version = path.as_uri(), file_version(path)
        state = self._store.source_state(key)
        if version is not None and state is not None and not state.failures and state.lastmod == version:
            return
        errors_before = len(tally.errors)
        await self._track(source, _guarded(iter_url_file(path), tally), entry_filter, tally)
        if len(tally.errors) > errors_before:
            self._store.record_source_error(key, source.name, now=self._now, error=tally.errors[-1])
        else:
            self._store.record_source_read(
                key, source.name, now=self._now, etag=None, last_modified=None, lastmod=version
            )

    async def _read_feed(self, source: SourceConfig, url: str, entry_filter: EntryFilter, tally: _Tally) -> bool:
        """Read a feed; True if all of it was read."""
        result = await self._fetch(source, url, tally)
        if result is None:
            return False
        if not result.not_modified:
            errors_before = len(tally.errors)
            entries = _guarded(parse_feed(document_bytes(result), url=result.final_url), tally)
            await self._track(source, entries, entry_filter, tally)
            if len(tally.errors) > errors_before:
                self._store.record_source_error(url, source.name, now=self._now, error=tally.errors[-1])
                return False
        # Validators are saved only after the entries are committed: a run killed in between reads the feed again.
        self._remember(source, url, result)
        return True

    async def _read_site(self, source: SourceConfig, entry_filter: EntryFilter, tally: _Tally) -> None:
        """Find the site's feeds and sitemaps again, read each, and follow the page's links if asked.

        The site's own record is marked failed when any part failed, so the next run tries it all
        again whatever its refresh interval; the documents that were read answer it with a 304.
        """
        try:
            findings = await find_offers(self._fetcher, source.url)
        except FetchError as exc:
            self._fail(source, source.url, str(exc), tally)
            return
        self._store.replace_site_offers(
            source.url,
            [SiteOfferRecord(source.url, source.name, o.kind, o.url, o.found_via, self._now) for o in findings.offers],
        )
        if not findings.offers and not source.follow:
            tally.errors.append(f"found no feed or sitemap on {findings.page.final_url}")
        visited: set[str] = set()
        read_whole = True
        for offer in findings.offers:
            if offer.kind == "feed":
                read_whole &= await self._read_feed(source, offer.url, entry_filter, tally)
            elif offer.url not in visited:
                read_whole &= await self._read_sitemap(source, offer.url, entry_filter, tally, depth=0, visited=visited)
        if source.follow:
            follower = LinkFollower(self._fetcher, self._extract_config)
            try:
                followed = await follower.follow(
                    findings.page, site_url=source.url, max_depth=source.max_depth, entry_filter=entry_filter
                )
            finally:
                follower.close()
            logger.info(
                "source %s: following links found %d pages (%d hubs visited, %d unreachable)",
                source.name,
                len(followed.entries),
                followed.hubs,
                followed.unreachable,
            )
            await self._track(source, followed.entries, entry_filter, tally)
        if read_whole and not tally.errors:
            self._remember(source, source.url, findings.page)
        else:
            error = tally.errors[-1] if tally.errors else "a feed or sitemap it offers failed"
            self._store.record_source_error(source.url, source.name, now=self._now, error=error)

    async def _read_sitemap(
        self,
        source: SourceConfig,
        url: str,
        entry_filter: EntryFilter,
        tally: _Tally,
        *,
        depth: int,
        visited: set[str],
        lastmod: str | None = None,
    ) -> bool:
        """Read a sitemap or index and, for an index, the sitemaps it lists; True if all of it was read."""
        visited.add(url)
        result = await self._fetch(source, url, tally)
        if result is None:
            return False
        children: list[SitemapEntry] = []
        parsed_whole = True
        if not result.not_modified:
            errors_before = len(tally.errors)
            parsed = _guarded(parse_sitemap(document_bytes(result), url=result.final_url), tally)
            await self._track(source, _sitemap_pages(parsed, children), entry_filter, tally)
            if len(tally.errors) > errors_before:
                self._store.record_source_error(url, source.name, now=self._now, error=tally.errors[-1])
                parsed_whole = False
        children_read = True
        for child in children:
            if child.url in visited or not self._child_wanted(child, entry_filter):
                continue
            if depth + 1 >= MAX_SITEMAP_DEPTH:
                tally.errors.append(f"sitemap {child.url} nested deeper than {MAX_SITEMAP_DEPTH} levels; not read")
                continue
            children_read &= await self._read_sitemap(
                source, child.url, entry_filter, tally, depth=depth + 1, visited=visited, lastmod=child.lastmod
            )
        if not parsed_whole:
            return False
        if not children_read:
            # Marked failed, so the next run reads it again whatever its refresh interval.
            self._store.record_source_error(url, source.name, now=self._now, error="a sitemap it lists failed")
            return False
        self._remember(source, url, result, lastmod)
        return True

    def _child_wanted(self, child: SitemapEntry, entry_filter: EntryFilter) -> bool:
        """Skip sitemaps older than the source's maximum age, and those unchanged since we read them."""
        if entry_filter.is_too_old(child.dated, self._now):
            return False
        if child.lastmod is None:
            return True
        state = self._store.source_state(child.url)
        return state is None or state.failures > 0 or state.lastmod != child.lastmod

    async def _track(
        self, source: SourceConfig, entries: Iterable[Entry], entry_filter: EntryFilter, tally: _Tally
    ) -> None:
        """Stream a source's entries, filtered and normalised, into the store.

        The entries are read and parsed in threads (see `offloop`); only the store's writes, the
        store being this process's, run on the event loop.
        """
        async for batch in batches_off_loop(entries):
            wanted = _wanted(batch, entry_filter, self._now, tally, source)
            tally.added += self._store.add_urls(source.name, wanted, self._now)


def _guarded(entries: Iterable[T], tally: _Tally) -> Iterator[T]:
    """Turn a SourceError part-way through into a tallied error.

    Entries before the error are still tracked: a truncated sitemap loses only its tail.
    """
    try:
        yield from entries
    except SourceError as exc:
        tally.errors.append(str(exc))


def _sitemap_pages(entries: Iterable[SitemapEntry], children: list[SitemapEntry]) -> Iterator[Entry]:
    """Pass page entries on; set sub-sitemaps of an index aside to be read afterwards."""
    for entry in entries:
        if entry.is_sitemap:
            children.append(entry)
        else:
            yield Entry(url=entry.url, dated=entry.dated)


def _wanted(
    entries: Iterable[Entry], entry_filter: EntryFilter, now: datetime, tally: _Tally, source: SourceConfig
) -> Iterator[DiscoveredUrl]:
    for entry in entries:
        tally.listed += 1
        if not entry.url.startswith(WEB_SCHEMES) or entry_filter.is_too_old(entry.dated, now):
            tally.filtered += 1
            continue
        try:
            url = normalize_url(entry.url)
        except ValueError:
            logger.info("source %s: skipping malformed URL %r", source.name, entry.url)
            tally.filtered += 1
            continue
        if not entry_filter.accepts_url(url):
            tally.filtered += 1
            continue
        yield DiscoveredUrl(url=url, dated=entry.dated)
