"""One crawler process of `scraper run`: fetches its share of the due URLs and extracts what it fetched.

A crawler owns the origins (host and port) the run dealt to it (see `shards`), so politeness and
robots.txt, both kept per origin, stay exact with no coordination between crawlers; it runs the
whole fetch → extract pipeline: the event loop fetches while its extraction worker
process extracts (see `extract_worker`: a process, so that a page over the time or
memory limit can be stopped). With one crawler per core, fetching is no longer
bound to the one core of the main process: a run of conditional requests is
CPU-bound in the HTTP stack, and a first run is CPU-bound in extraction.

The crawler reads its due URLs from the store itself but never writes there:
every outcome goes back to the main process, the store's only writer.
"""

from __future__ import annotations

import asyncio
import dataclasses
import functools
import logging
import os
import socket
import sys
from collections.abc import Callable, Iterator
from contextlib import aclosing
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from scraper.config import Config
from scraper.errors import FetchError, ScraperError
from scraper.jobs.engines.channel import Channel, ChannelClosed
from scraper.jobs.engines.extract_worker import ExtractWorker
from scraper.jobs.engines.extracting import Extracted, init_worker_process
from scraper.jobs.engines.rendering import extract_rendering_if_needed
from scraper.jobs.engines.shards import origin_of
from scraper.jobs.outputs.archive import WarcArchive
from scraper.jobs.schedule import recheck_cutoff
from scraper.jobs.tasks import BoundedTasks, outcome_unless_cancelled
from scraper.logs import configure_process_logging
from scraper.models import FetchRequest, FetchResult
from scraper.store import ArchiveRef, DueUrl, RobotsRecord, Store

if TYPE_CHECKING:
    from scraper.session import AsyncScraper

logger = logging.getLogger(__name__)

DUE_PAGE_SIZE = 200
"""Due URLs read from the store at a time; the fetcher pulls them as it has room."""

EXTRACT_BACKLOG = 2
"""Fetched pages waiting for the extraction worker (one working, one queued) before fetching pauses."""

STOP = "stop"
"""Main → crawler: take no more URLs, drop the fetches in flight, extract and send every page already fetched."""

DONE = "done"
"""Crawler → main: everything this crawler will send has been sent."""


@dataclass(frozen=True)
class CrawlPlan:
    """What one crawler process needs to know; it is the first message the process receives."""

    config: Config
    """The run's configuration, with this crawler's share of [fetch] concurrency."""
    shard: int
    origins: frozenset[str]
    """The origins this crawler owns; URLs of any other are left to the other crawlers."""
    now: datetime
    """Due means due by this time, the same for every crawler of the run."""
    open_store: Callable[[], Store]
    archive: Path | None
    """The WARC file this crawler appends to, or None without an archive."""
    log_level: int


@dataclass(frozen=True)
class CrawlerFailed:
    """Crawler → main, instead of DONE: the crawler could not go on (its store or archive failed, say)."""

    message: str


@dataclass(frozen=True)
class CrawledPage:
    """What happened to one due URL; `result` carries no body or headers, only what the store keeps."""

    due: DueUrl
    result: FetchResult | None = None
    error: FetchError | None = None
    extracted: Extracted | None = None
    archive: ArchiveRef | None = None


CrawlerReport = CrawledPage | RobotsRecord
"""Crawler → main, in batches: a checked URL, or a robots.txt fetched to keep in the store."""


class Link(Protocol):
    """How a crawler talks with the run's main process: a Channel over a socket (local processes) or
    an actor's queues (Ray)."""

    def send(self, message: Any) -> None: ...

    async def drain(self) -> None: ...

    async def receive(self) -> Any: ...

    async def finish(self, last_message: Any) -> None: ...


def main() -> None:
    """A crawler process's entry point: its end of the channel is the file descriptor in argv[1],
    and the first message on it is the CrawlPlan."""
    init_worker_process()
    asyncio.run(_crawl(socket.socket(fileno=int(sys.argv[1]))))
    # All sent and closed: the run waits for this process, so skip tearing the interpreter down.
    logging.shutdown()
    sys.stderr.flush()
    os._exit(0)


async def _crawl(sock: socket.socket) -> None:
    channel = await Channel.open(sock)
    plan: CrawlPlan = await channel.receive()
    configure_process_logging(plan.log_level)
    await Crawler(plan, channel).run()


class Crawler:
    """Fetches this shard's due URLs, extracts the pages, and streams the outcomes to the main process."""

    def __init__(self, plan: CrawlPlan, channel: Link) -> None:
        self._plan = plan
        self._channel = channel
        self._stopping = asyncio.Event()
        """Set by STOP: no new fetch starts, the ones in flight are dropped (they stay due), and every page
        already downloaded is still extracted and sent (the run waits up to [run] stop_grace_seconds)."""
        self._outbox: list[CrawlerReport] = []
        self._flush_scheduled = False

    async def run(self) -> None:
        """Crawl until the shard is done or the main process says stop; then report DONE (or why not)."""
        try:
            ending = await self._crawl()
            self._flush()
            await self._channel.finish(ending)
        except ChannelClosed:
            logger.warning("the run's main process is gone; crawler %d stops", self._plan.shard)

    async def _crawl(self) -> str | CrawlerFailed:
        try:
            store = self._plan.open_store()
        except ScraperError as exc:
            return CrawlerFailed(str(exc))
        archive = WarcArchive(self._plan.archive) if self._plan.archive is not None else None
        extractor = ExtractWorker(self._plan.config.extract)
        tasks = BoundedTasks(EXTRACT_BACKLOG)
        fetching = asyncio.create_task(self._fetch_all(store, tasks, extractor, archive))
        listening = asyncio.create_task(self._listen(fetching))
        try:
            await outcome_unless_cancelled(fetching)
            await tasks.join()
        except ChannelClosed:
            raise
        except ScraperError as exc:
            return CrawlerFailed(str(exc))
        except Exception as exc:  # noqa: BLE001 - reported to the main process, which fails the run
            logger.exception("crawler %d failed", self._plan.shard)
            return CrawlerFailed(f"{type(exc).__name__}: {exc}")
        finally:
            listening.cancel()
            tasks.cancel()
            extractor.close()
            if archive is not None:
                archive.close()
            store.close()
        return DONE

    async def _listen(self, fetching: asyncio.Task[None]) -> None:
        """Wait for STOP, then drain: fetch no more, finish the pages fetched. If the main process vanishes
        instead, nobody is left to store anything, so everything stops at once."""
        try:
            while await self._channel.receive() != STOP:
                pass
        except ChannelClosed:
            fetching.cancel()
            return
        self._stopping.set()

    async def _fetch_all(
        self, store: Store, tasks: BoundedTasks, extractor: ExtractWorker, archive: WarcArchive | None
    ) -> None:
        # Imported here: the fetch stack is loaded by the process that fetches, not by whoever imports this module.
        from scraper.jobs.robots_memory import StoredRobots
        from scraper.session import AsyncScraper

        in_flight: dict[str, DueUrl] = {}
        async with (
            AsyncScraper(self._plan.config, robots_memory=StoredRobots(store, self._send)) as scraper,
            aclosing(scraper.fetch_many(self._due_requests(store, in_flight), stop=self._stopping)) as outcomes,
        ):
            async for outcome in outcomes:
                due = in_flight.pop(outcome.request.url)
                result = outcome.result
                if result is None or result.not_modified:
                    slim = _slim(result) if result is not None else None
                    self._send(CrawledPage(due, result=slim, error=outcome.error))
                else:
                    ref = archive.write(result) if archive is not None else None
                    page = _slim(result, keep_html=True)
                    extract = functools.partial(self._extract, due, page, extractor, ref, scraper)
                    await tasks.spawn(extract)
                await self._channel.drain()

    def _due_requests(self, store: Store, in_flight: dict[str, DueUrl]) -> Iterator[FetchRequest]:
        """This shard's due URLs as conditional requests, read page by page until a stop."""
        plan = self._plan
        names = [source.name for source in plan.config.sources]
        after = 0
        while not self._stopping.is_set():
            batch = store.due_urls(
                plan.now,
                sources=names,
                after_id=after,
                limit=DUE_PAGE_SIZE,
                stale_before=recheck_cutoff(plan.config.run, plan.now),
            )
            if not batch:
                return
            for due in batch:
                after = due.id
                if origin_of(due.url) not in plan.origins:
                    continue
                if self._stopping.is_set():
                    return
                in_flight[due.url] = due
                yield FetchRequest(url=due.url, etag=due.etag, last_modified=due.last_modified, kind="html")

    async def _extract(
        self, due: DueUrl, page: FetchResult, extractor: ExtractWorker, ref: ArchiveRef | None, scraper: AsyncScraper
    ) -> None:
        try:
            extracted = await extract_rendering_if_needed(page, scraper, extractor.extract)
        except FetchError as error:  # the browser failed the page
            self._send(CrawledPage(due, error=error))
            return
        self._send(CrawledPage(due, result=dataclasses.replace(page, html=""), extracted=extracted, archive=ref))

    def _send(self, report: CrawlerReport) -> None:
        """Queue a report; those made in the same turn of the loop travel as one message."""
        self._outbox.append(report)
        if not self._flush_scheduled:
            self._flush_scheduled = True
            asyncio.get_running_loop().call_soon(self._flush)

    def _flush(self) -> None:
        self._flush_scheduled = False
        if self._outbox:
            pages, self._outbox = self._outbox, []
            self._channel.send(pages)


def _slim(result: FetchResult, *, keep_html: bool = False) -> FetchResult:
    """The result without the raw bytes and headers (and the text, unless it is still to be extracted)."""
    return dataclasses.replace(result, content=b"", headers={}, html=result.html if keep_html else "")
