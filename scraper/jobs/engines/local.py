"""The local engine: the crawlers of one `scraper run` as processes of this machine (see `base`)."""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass

from scraper.jobs.engines.base import CrawlerGroup
from scraper.jobs.engines.channel import Channel, ChannelClosed
from scraper.jobs.engines.crawler import DONE, STOP, CrawlerFailed, CrawlerReport, CrawlPlan

logger = logging.getLogger(__name__)

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


class CrawlerPool(CrawlerGroup):
    """Runs one crawler process per plan and merges the pages they send back."""

    def __init__(self, plans: list[CrawlPlan]) -> None:
        super().__init__()
        self._plans = plans
        self._crawlers: list[_Crawler] = []
        self._closed = False

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

    def _streams(self) -> list[AsyncIterator[list[CrawlerReport]]]:
        return [self._messages(crawler) for crawler in self._crawlers]

    async def _messages(self, crawler: _Crawler) -> AsyncIterator[list[CrawlerReport]]:
        try:
            while (message := await crawler.channel.receive()) != DONE:
                if isinstance(message, CrawlerFailed):
                    self.failures.append(f"crawler {crawler.shard}: {message.message}")
                    return
                yield message
        except ChannelClosed:
            code = crawler.process.poll()
            self.failures.append(f"crawler {crawler.shard} died (exit code {code}); its pages in flight stay due")

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


class LocalEngine:
    """Crawler processes on this machine, one per core unless [run] workers says otherwise."""

    async def ready(self) -> None:
        """Nothing to wait for: the processes start with the crawlers."""

    def cpus(self) -> int:
        return os.cpu_count() or 1

    def crawlers(self, plans: list[CrawlPlan]) -> CrawlerPool:
        return CrawlerPool(plans)

    def close(self) -> None:
        """Nothing to let go of: each run's processes are closed with its CrawlerPool."""
