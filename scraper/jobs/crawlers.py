"""The crawler processes of one `scraper run`, seen from the main process: start, stream pages back, stop."""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import socket
from collections.abc import AsyncIterator
from dataclasses import dataclass
from multiprocessing.process import BaseProcess

from scraper.errors import ScraperError
from scraper.jobs.channel import Channel, ChannelClosed
from scraper.jobs.crawler import DONE, STOP, CrawledPage, CrawlerFailed, CrawlPlan, run_crawler

logger = logging.getLogger(__name__)

PAGE_BATCHES_WAITING = 16
"""Messages from crawlers held before reading pauses: past this, crawlers wait for the store to catch up."""

EXIT_WAIT_SECONDS = 5.0
"""How long a crawler that said DONE gets to exit before it is killed."""


@dataclass
class _Crawler:
    process: BaseProcess
    channel: Channel
    shard: int


class _Finished:
    """A reader's last message into the queue."""


class CrawlerPool:
    """Runs one crawler process per plan and merges the pages they send back."""

    def __init__(self, plans: list[CrawlPlan]) -> None:
        self._plans = plans
        self._crawlers: list[_Crawler] = []
        self._closed = False
        self.failures: list[str] = []
        """Why crawlers ended early: one line each, for the run's report."""

    async def start(self) -> None:
        # spawn, not fork: this process runs an event loop and threads that must not be forked.
        context = multiprocessing.get_context("spawn")
        for plan in self._plans:
            ours, theirs = socket.socketpair()
            process = context.Process(
                target=run_crawler, args=(plan, theirs), name=f"scraper-crawler-{plan.shard}", daemon=True
            )
            process.start()
            theirs.close()
            self._crawlers.append(_Crawler(process, await Channel.open(ours), plan.shard))

    async def batches(self) -> AsyncIterator[list[CrawledPage]]:
        """The pages the crawlers report, one message at a time as they arrive, until all have finished or died."""
        queue: asyncio.Queue[list[CrawledPage] | _Finished] = asyncio.Queue(PAGE_BATCHES_WAITING)
        readers = [asyncio.create_task(self._read(crawler, queue)) for crawler in self._crawlers]
        running = len(readers)
        try:
            while running:
                batch = await queue.get()
                if isinstance(batch, _Finished):
                    running -= 1
                else:
                    yield batch
        finally:
            for reader in readers:
                reader.cancel()

    async def _read(self, crawler: _Crawler, queue: asyncio.Queue[list[CrawledPage] | _Finished]) -> None:
        try:
            while (message := await crawler.channel.receive()) != DONE:
                if isinstance(message, CrawlerFailed):
                    self.failures.append(f"crawler {crawler.shard}: {message.message}")
                    break
                await queue.put(message)
        except ChannelClosed:
            code = crawler.process.exitcode
            self.failures.append(f"crawler {crawler.shard} died (exit code {code}); its pages in flight stay due")
        finally:
            await queue.put(_Finished())

    def stop(self) -> None:
        """Ask every crawler to take no more URLs; the pages they already fetched still come back."""
        if self._closed:
            return
        for crawler in self._crawlers:
            try:
                crawler.channel.send(STOP)
            except (ConnectionError, RuntimeError):
                continue  # already gone

    def close(self, *, kill: bool = False) -> None:
        """Wait for the crawlers to exit (or kill them at once) and release their channels."""
        self._closed = True
        for crawler in self._crawlers:
            if kill:
                crawler.process.kill()
            crawler.process.join(EXIT_WAIT_SECONDS)
            if crawler.process.is_alive():
                logger.error("crawler %d did not exit; killing it", crawler.shard)
                crawler.process.kill()
                crawler.process.join()
            crawler.channel.close()

    def raise_failures(self) -> None:
        """A crawler that failed makes the run a failure: its share of the hosts was not checked."""
        if self.failures:
            raise ScraperError("; ".join(self.failures))
