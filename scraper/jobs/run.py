"""`scraper run`: discover → due URLs → crawler processes (conditional fetch → extract) → store.

One crawler process per core fetches and extracts its share of the hosts (see `crawler`);
this process reads the sources and is the store's only writer. Every article is committed
as soon as it comes back, and the other checks within a second (see `pages`), so a run that
is killed loses only the pages in flight and the last second's checks; they are still due
and the next run takes them. Memory stays flat: crawlers read due URLs from the store in
pages, and at most a few fetched pages per crawler wait for extraction.
"""

from __future__ import annotations

import asyncio
import dataclasses
import functools
import logging
import math
from collections import Counter
from collections.abc import Callable
from contextlib import AsyncExitStack
from dataclasses import dataclass
from datetime import UTC, datetime

from scraper.config import Config
from scraper.errors import ConfigError
from scraper.jobs import stores
from scraper.jobs.discovery.discover import Discovery, SourceReport
from scraper.jobs.discovery.fetcher import FetcherFactory, OnDemandFetcher, open_fetcher
from scraper.jobs.engines.base import Engine, open_engine
from scraper.jobs.engines.crawler import CrawlerReport, CrawlPlan
from scraper.jobs.engines.shards import Share, count_origins, deal_origins
from scraper.jobs.pages import PageRecorder
from scraper.jobs.paths import JobPaths
from scraper.jobs.report import JobReport, Progress, Tally
from scraper.jobs.schedule import Schedule, recheck_cutoff
from scraper.jobs.signals import StopControl
from scraper.jobs.tasks import outcome_unless_cancelled
from scraper.store import RobotsRecord, RunStatus, Store

logger = logging.getLogger(__name__)

SECONDS_PER_MINUTE = 60.0

ProgressCallback = Callable[[Progress], None]


def utc_now() -> datetime:
    return datetime.now(UTC)


def _check_source_names(config: Config) -> None:
    """Source names key the store's URLs, so two sources must not share one."""
    seen: set[str] = set()
    for source in config.sources:
        if source.name in seen:
            raise ConfigError(f"two [[sources]] are named '{source.name}'; names must be unique")
        seen.add(source.name)


@dataclass(frozen=True)
class _DueNow:
    """The URLs due at `now`, counted per origin, ready to be dealt to the crawlers."""

    now: datetime
    per_origin: Counter[str]


class RunJob:
    """One `scraper run` over a store; the caller holds the run lock."""

    def __init__(
        self,
        config: Config,
        store: Store,
        *,
        paths: JobPaths,
        clock: Callable[[], datetime] = utc_now,
        fetcher_factory: FetcherFactory = open_fetcher,
        open_store: Callable[[], Store] | None = None,
        on_progress: ProgressCallback | None = None,
    ) -> None:
        _check_source_names(config)
        self._config = config
        self._store = store
        self._paths = paths
        self._clock = clock
        self._fetcher_factory = fetcher_factory
        # Each crawler process reads its due URLs through a connection of its own.
        self._open_store = open_store or functools.partial(stores.open_store, paths)
        self._on_progress = on_progress
        self._tally = Tally()
        self._total = 0
        self._recorder = PageRecorder(store, Schedule.from_config(config.run), self._tally, clock)
        self._sources: tuple[SourceReport, ...] = ()
        self._errors: list[Exception] = []

    async def run(self) -> JobReport:
        """Do the run and record it; SIGINT/SIGTERM stop it gracefully."""
        # Opened first: Ray starts or joins its cluster on a thread of its own while the run reads its sources.
        engine = open_engine(self._config)
        try:
            return await self._run(engine)
        finally:
            engine.close()

    async def _run(self, engine: Engine) -> JobReport:
        loop = asyncio.get_running_loop()
        started = self._clock()
        self._store.abandon_unfinished_runs(started)
        run_id = self._store.begin_run("run", started)
        stop = StopControl(self._config.run.stop_grace_seconds)
        work = asyncio.ensure_future(self._work(engine, stop, run_id, started))
        stop.install(loop, work.cancel)
        deadline = None
        if self._config.run.max_run_minutes:
            seconds = self._config.run.max_run_minutes * SECONDS_PER_MINUTE
            deadline = loop.call_later(seconds, stop.request_stop, "max_run_minutes reached")
        try:
            await outcome_unless_cancelled(work)
        except Exception as exc:
            self._errors.append(exc)
        finally:
            stop.uninstall(loop)
            if deadline is not None:
                deadline.cancel()
            counts = self._tally.snapshot()
            status = self._status(stop, counts)
            self._store.finish_run(run_id, self._clock(), status, counts)
        if self._errors:
            raise self._errors[0]
        return JobReport(
            run_id=run_id,
            command="run",
            status=status,
            counts=counts,
            started=started,
            finished=self._clock(),
            sources=self._sources,
            stop_reason=stop.reason,
        )

    def _status(self, stop: StopControl, counts: dict[str, int]) -> RunStatus:
        if self._errors:
            return "failed"
        if stop.interrupted:
            return "interrupted"
        return "partial" if counts.get("failed") or counts.get("sources_failed") else "ok"

    async def _work(self, engine: Engine, stop: StopControl, run_id: int, started: datetime) -> None:
        if self._config.sources:
            self._sources = tuple(await stop.unless_stopped(self._discover()) or ())
            self._tally.add_sources(self._sources)
        if stop.stopping:
            return
        now = self._clock()
        due = self._store.iter_due_urls(
            now,
            sources=[source.name for source in self._config.sources],
            stale_before=recheck_cutoff(self._config.run, now),
        )
        # Counted before waiting for the engine: a Ray cluster connects meanwhile.
        due_per_origin = count_origins(due)
        await stop.unless_stopped(engine.ready())
        stop.take_back_signals(asyncio.get_running_loop())
        if stop.stopping:
            return
        await self._crawl(engine, stop, run_id, started, _DueNow(now, due_per_origin))

    async def _crawl(self, engine: Engine, stop: StopControl, run_id: int, started: datetime, due: _DueNow) -> None:
        now = due.now
        shares = deal_origins(due.per_origin, self._config.run.workers or engine.cpus())
        self._total = sum(share.urls for share in shares)
        self._report_progress()
        if not self._total:
            return
        crawlers = engine.crawlers(self._plans(shares, now, run_id, started))
        try:
            await crawlers.start()
            stop.when_stopping(crawlers.stop)
            async for batch in crawlers.batches():
                for report in batch:
                    self._record(report)
                self._recorder.commit_if_due()
                self._report_progress()
        except BaseException:
            crawlers.close(kill=True)
            raise
        self._recorder.commit()
        crawlers.close()
        crawlers.raise_failures()

    async def _discover(self) -> list[SourceReport]:
        async with AsyncExitStack() as stack:
            fetcher = OnDemandFetcher(functools.partial(self._fetcher_factory, self._config, self._store), stack)
            discovery = Discovery(
                self._store,
                fetcher,
                now=self._clock(),
                base_dir=self._paths.base_dir,
                extract_config=self._config.extract,
            )
            return await discovery.read_all(self._config.sources)

    def _plans(self, shares: list[Share], now: datetime, run_id: int, started: datetime) -> list[CrawlPlan]:
        archive_name = f"scraper-{started:%Y%m%dT%H%M%S}-{run_id}"
        archive_dir = self._paths.warc_dir if self._config.store.archive_warc else None
        fetch = self._config.fetch
        # The crawlers share the concurrency limit, as they share the run's bandwidth and the machine.
        share_of_fetch = dataclasses.replace(fetch, concurrency=math.ceil(fetch.concurrency / len(shares)))
        config = dataclasses.replace(self._config, fetch=share_of_fetch)
        return [
            CrawlPlan(
                config=config,
                shard=shard,
                origins=share.origins,
                now=now,
                open_store=self._open_store,
                archive=archive_dir / f"{archive_name}-{shard}.warc.gz" if archive_dir else None,
                log_level=logging.getLogger().getEffectiveLevel(),
            )
            for shard, share in enumerate(shares)
        ]

    def _record(self, page: CrawlerReport) -> None:
        """Store what a crawler did with one URL, or the robots.txt it fetched."""
        if isinstance(page, RobotsRecord):
            self._store.save_robots(page)
        elif page.extracted is not None and page.result is not None:
            self._recorder.extracted(page.due, page.result, page.extracted, page.archive)
        elif page.result is not None:
            self._recorder.not_modified(page.due, page.result)
        elif page.error is not None:
            self._recorder.fetch_failed(page.due, page.error)

    def _report_progress(self) -> None:
        if self._on_progress is not None:
            self._on_progress(Progress(done=self._tally.done, total=self._total, counts=self._tally.snapshot()))
