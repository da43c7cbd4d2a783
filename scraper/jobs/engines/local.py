"""The crawler processes of one `scraper run`, seen from the main process: start, stream pages back, stop."""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import subprocess
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass

from scraper.errors import ScraperError
from scraper.jobs.engines.channel import Channel, ChannelClosed
from scraper.jobs.engines.crawler import DONE, STOP, CrawlerFailed, CrawlerReport, CrawlPlan

logger = logging.getLogger(__name__)

PAGE_BATCHES_WAITING = 16
"""Messages from crawlers held before reading pauses: past this, crawlers wait for the store to catch up."""

EXIT_WAIT_SECONDS = 5.0
"""How long a crawler that said DONE gets to exit before it is killed."""

CRAWLER_PROGRAM = "from scraper.jobs.engines.crawler import main; main()"
"""A fresh interpreter, not multiprocessing: this process runs an event loop and threads that must not
be forked, and a plain child needs neither multiprocessing's resource tracker process nor a re-import
of this program's main module."""


MALLOC_MMAP_THRESHOLD = 64 * 1024
"""Bytes from which glibc serves an allocation with its own mapping, given back to the system on free.

A crawler holds a few page bodies and parse trees of 100 KB to a few MB at a time. glibc's
default threshold rises after the first such buffer is freed, after which they come from
the heap, which fragments and never shrinks: measured on 2,000 real news pages at
concurrency 100, crawlers peaked at 143 and 138 MB RSS, and at 130 and 127 MB with this.
Other C libraries ignore the variable; a value the user set is kept.
"""


@dataclass
class _Crawler:
    process: subprocess.Popen[bytes]
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
        # The children import what this process imports, from the same places.
        environment = {**os.environ, "PYTHONPATH": os.pathsep.join(path for path in sys.path if path)}
        environment.setdefault("MALLOC_MMAP_THRESHOLD_", str(MALLOC_MMAP_THRESHOLD))
        for plan in self._plans:
            ours, theirs = socket.socketpair()
            with theirs:
                process = subprocess.Popen(
                    [sys.executable, "-c", CRAWLER_PROGRAM, str(theirs.fileno())],
                    pass_fds=[theirs.fileno()],
                    env=environment,
                    stdin=subprocess.DEVNULL,
                )
            channel = await Channel.open(ours)
            channel.send(plan)
            self._crawlers.append(_Crawler(process, channel, plan.shard))

    async def batches(self) -> AsyncIterator[list[CrawlerReport]]:
        """What the crawlers report, one message at a time as they arrive, until all have finished or died."""
        queue: asyncio.Queue[list[CrawlerReport] | _Finished] = asyncio.Queue(PAGE_BATCHES_WAITING)
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

    async def _read(self, crawler: _Crawler, queue: asyncio.Queue[list[CrawlerReport] | _Finished]) -> None:
        try:
            while (message := await crawler.channel.receive()) != DONE:
                if isinstance(message, CrawlerFailed):
                    self.failures.append(f"crawler {crawler.shard}: {message.message}")
                    break
                await queue.put(message)
        except ChannelClosed:
            code = crawler.process.poll()
            self.failures.append(f"crawler {crawler.shard} died (exit code {code}); its pages in flight stay due")
        finally:
            await queue.put(_Finished())

    def stop(self) -> None:
        """Ask every crawler to take no more URLs; the pages they already fetched still come back."""
        if self._closed:
            return
        for crawler in self._crawlers:
            crawler.channel.send(STOP)  # a crawler already gone has a closed transport, which drops it

    def close(self, *, kill: bool = False) -> None:
        """Wait for the crawlers to exit (or kill them at once) and release their channels."""
        self._closed = True
        for crawler in self._crawlers:
            if kill:
                crawler.process.kill()
            try:
                crawler.process.wait(EXIT_WAIT_SECONDS)
            except subprocess.TimeoutExpired:
                logger.error("crawler %d did not exit; killing it", crawler.shard)
                crawler.process.kill()
                crawler.process.wait()
            crawler.channel.close()

    def raise_failures(self) -> None:
        """A crawler that failed makes the run a failure: its share of the hosts was not checked."""
        if self.failures:
            raise ScraperError("; ".join(self.failures))
