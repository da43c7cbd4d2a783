"""The crawler side of a run as one interface, with two implementations: local processes (`local`)
and Ray actors (`ray_actors`). Both run the same crawler code (`crawler`); they differ only in
where a crawler runs and how its messages travel back to the run's main process.

    engine = open_engine(config)             # LocalEngine or RayEngine, by [run] engine
    ...                                      # the run's own work (discovery) while Ray connects
    await engine.ready()
    workers = config.run.workers or engine.cpus()
    crawlers = engine.crawlers(plans)        # one crawler per CrawlPlan (a share of the origins)
    await crawlers.start()
    async for batch in crawlers.batches():   # pages stream back as crawlers finish them
        ...
    crawlers.stop()                          # on SIGTERM: take no more URLs, finish what was fetched
    crawlers.close()
    engine.close()
"""

from __future__ import annotations

import asyncio
import importlib.util
from collections.abc import AsyncIterator
from typing import Protocol

from scraper.config import Config
from scraper.errors import ConfigError, ScraperError
from scraper.jobs.engines.crawler import CrawlerReport, CrawlPlan
from scraper.jobs.engines.ray_environment import prepare_ray_environment
from scraper.jobs.paths import JobPaths

PAGE_BATCHES_WAITING = 16
"""Messages from crawlers held before reading pauses: past this, crawlers wait for the store to catch up."""


class Crawlers(Protocol):
    """The crawlers of one run, seen from its main process."""

    failures: list[str]

    async def start(self) -> None:
        """Start one crawler per plan."""

    def batches(self) -> AsyncIterator[list[CrawlerReport]]:
        """What the crawlers report, one message at a time as they arrive, until all have finished or died."""
        ...

    def stop(self) -> None:
        """Ask every crawler to take no more URLs; the pages they already fetched still come back."""

    def close(self, *, kill: bool = False) -> None:
        """Wait for the crawlers to end (or end them at once)."""

    def raise_failures(self) -> None:
        """A crawler that failed makes the run a failure: its share of the hosts was not checked."""


class Engine(Protocol):
    """Where crawlers run: this machine's processes, or a Ray cluster."""

    async def ready(self) -> None:
        """Wait until crawlers can start (a Ray cluster joined); an engine that cannot be reached raises."""

    def cpus(self) -> int:
        """How many crawlers a run starts unless [run] workers says otherwise."""
        ...

    def crawlers(self, plans: list[CrawlPlan]) -> Crawlers:
        """Crawlers for these plans, not started yet."""
        ...

    def close(self) -> None:
        """Let go of the engine's resources (a Ray connection)."""


class _Finished:
    """A reader's last message into the queue."""


class CrawlerGroup:
    """What both engines' crawlers share: merging their streams and collecting why any ended early."""

    def __init__(self) -> None:
        self.failures: list[str] = []
        """Why crawlers ended early: one line each, for the run's report."""

    def _streams(self) -> list[AsyncIterator[list[CrawlerReport]]]:
        """One stream of messages per crawler, ending at its DONE (or when it fails, noted in `failures`)."""
        raise NotImplementedError

    async def batches(self) -> AsyncIterator[list[CrawlerReport]]:
        """What the crawlers report, one message at a time as they arrive, until all have finished or died."""
        queue: asyncio.Queue[list[CrawlerReport] | _Finished] = asyncio.Queue(PAGE_BATCHES_WAITING)
        readers = [asyncio.create_task(self._forward(stream, queue)) for stream in self._streams()]
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

    @staticmethod
    async def _forward(
        stream: AsyncIterator[list[CrawlerReport]], queue: asyncio.Queue[list[CrawlerReport] | _Finished]
    ) -> None:
        try:
            async for batch in stream:
                await queue.put(batch)
        finally:
            await queue.put(_Finished())

    def raise_failures(self) -> None:
        """A crawler that failed makes the run a failure: its share of the hosts was not checked."""
        if self.failures:
            raise ScraperError("; ".join(self.failures))


RAY_EXTRA = "pip install 'scraper[ray]'"


def open_engine(config: Config, *, crawling: bool = True) -> Engine:
    """The engine [run] engine names; Ray is imported (and its cluster joined) only when asked for.

    `crawling`: the job will start crawlers (a Ray engine starts their actors while it connects);
    `scraper reextract` runs tasks instead, which would wait for the CPUs such actors hold.
    """
    run = config.run
    if run.engine == "local":
        from scraper.jobs.engines.local import LocalEngine

        return LocalEngine()
    if importlib.util.find_spec("ray") is None:
        raise ConfigError(f'[run] engine = "ray" needs Ray: {RAY_EXTRA}')
    prepare_ray_environment(run.ray_address)
    from scraper.jobs.engines.ray_actors import RayEngine

    # The deployment is its store: runs on one store share warm crawler actors, runs on another never do.
    store = config.store.url or str(JobPaths.from_config(config).store.resolve())
    return RayEngine(run, store=store, crawling=crawling)
