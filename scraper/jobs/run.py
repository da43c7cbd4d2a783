"""`scraper run`: discover → due URLs → conditional fetch → extract in worker processes → store.

Every page is committed as soon as it is done, so a run that is killed loses only the pages
in flight; they are still due and the next run takes them. Memory stays flat: due URLs are
read from the store in pages and fed to the fetcher lazily, and at most a few extracted
pages per worker wait in memory at once.
"""

from __future__ import annotations

import asyncio
import dataclasses
import functools
import logging
from collections.abc import Callable, Iterator
from contextlib import AbstractAsyncContextManager
from datetime import UTC, datetime

from scraper.config import Config
from scraper.errors import ConfigError, FetchError
from scraper.jobs.archive import WarcArchive
from scraper.jobs.discover import Discovery, SourceReport
from scraper.jobs.extracting import ExtractPool
from scraper.jobs.fetcher import Fetcher, open_fetcher
from scraper.jobs.pages import PageRecorder
from scraper.jobs.paths import JobPaths
from scraper.jobs.report import JobReport, Progress, Tally
from scraper.jobs.schedule import Schedule
from scraper.jobs.signals import StopControl
from scraper.jobs.tasks import BoundedTasks
from scraper.models import FetchOutcome, FetchRequest, FetchResult
from scraper.store import ArchiveRef, DueUrl, RunStatus, Store

logger = logging.getLogger(__name__)

DUE_PAGE_SIZE = 200
"""Due URLs read from the store at a time; the fetcher pulls them as it has room."""

EXTRACT_BACKLOG_PER_WORKER = 2
"""Fetched pages in the extraction stage per worker (one working, one queued) before fetching pauses."""

SECONDS_PER_MINUTE = 60.0

FetcherFactory = Callable[[Config], AbstractAsyncContextManager[Fetcher]]
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
        on_progress: ProgressCallback | None = None,
    ) -> None:
        _check_source_names(config)
        self._config = config
        self._store = store
        self._paths = paths
        self._clock = clock
        self._fetcher_factory = fetcher_factory
        self._on_progress = on_progress
        self._tally = Tally()
        self._total = 0
        self._recorder = PageRecorder(store, Schedule.from_config(config.run), self._tally, clock)
        self._sources: tuple[SourceReport, ...] = ()
        self._errors: list[Exception] = []

    async def run(self) -> JobReport:
        """Do the run and record it; SIGINT/SIGTERM stop it gracefully."""
        loop = asyncio.get_running_loop()
        started = self._clock()
        self._store.abandon_unfinished_runs(started)
        run_id = self._store.begin_run("run", started)
        stop = StopControl(self._config.run.stop_grace_seconds)
        pool = ExtractPool(self._config.extract, self._config.run.workers)
        archive = WarcArchive(self._paths.warc_dir, f"scraper-{started:%Y%m%dT%H%M%S}-{run_id}")
        work = asyncio.ensure_future(self._work(stop, pool, archive if self._config.store.archive_warc else None))
        stop.install(loop, work.cancel)
        deadline = None
        if self._config.run.max_run_minutes:
            seconds = self._config.run.max_run_minutes * SECONDS_PER_MINUTE
            deadline = loop.call_later(seconds, stop.request_stop, "max_run_minutes reached")
        abandoned = False
        try:
            await work
        except asyncio.CancelledError:
            current = asyncio.current_task()
            if current is not None and current.cancelling():
                raise
            abandoned = True
        except Exception as exc:
            self._errors.append(exc)
        finally:
            stop.uninstall(loop)
            if deadline is not None:
                deadline.cancel()
            pool.close(wait=not abandoned)
            archive.close()
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

    async def _work(self, stop: StopControl, pool: ExtractPool, archive: WarcArchive | None) -> None:
        async with self._fetcher_factory(self._config) as fetcher:
            if self._config.sources:
                discovery = Discovery(self._store, fetcher, now=self._clock(), base_dir=self._paths.base_dir)
                self._sources = tuple(await stop.unless_stopped(discovery.read_all(self._config.sources)) or ())
                self._tally.add_sources(self._sources)
            tasks = BoundedTasks(
                pool.workers * EXTRACT_BACKLOG_PER_WORKER, on_error=lambda _: stop.request_stop("the store failed")
            )
            try:
                await stop.unless_stopped(self._fetch_pages(fetcher, stop, tasks, pool, archive))
                await tasks.join()
            except BaseException:
                tasks.cancel()
                raise

    async def _fetch_pages(
        self, fetcher: Fetcher, stop: StopControl, tasks: BoundedTasks, pool: ExtractPool, archive: WarcArchive | None
    ) -> None:
        """Fetch due pages; hand each fetched page to an extraction task, record the rest at once."""
        now = self._clock()
        names = [source.name for source in self._config.sources]
        self._total = self._store.count_due(now, sources=names)
        self._report_progress()
        in_flight: dict[str, DueUrl] = {}
        async for outcome in fetcher.fetch_many(self._due_requests(now, names, stop, in_flight)):
            due = in_flight.pop(outcome.request.url)
            result = outcome.result
            if result is None or result.not_modified:
                self._record_without_article(due, outcome)
            else:
                ref = archive.write(result) if archive is not None else None
                # Only the decoded text goes on: the raw bytes and headers would double what waits in memory.
                page = dataclasses.replace(result, content=b"", headers={})
                await tasks.spawn(functools.partial(self._extract_and_save, due, page, pool, ref))

    def _due_requests(
        self, now: datetime, names: list[str], stop: StopControl, in_flight: dict[str, DueUrl]
    ) -> Iterator[FetchRequest]:
        """Due URLs as conditional requests, read from the store page by page until a stop is asked for."""
        after = 0
        while not stop.stopping:
            batch = self._store.due_urls(now, sources=names, after_id=after, limit=DUE_PAGE_SIZE)
            if not batch:
                return
            for due in batch:
                if stop.stopping:
                    return
                after = due.id
                in_flight[due.url] = due
                yield FetchRequest(url=due.url, etag=due.etag, last_modified=due.last_modified, kind="html")

    def _record_without_article(self, due: DueUrl, outcome: FetchOutcome) -> None:
        if outcome.result is not None:
            self._recorder.not_modified(due, outcome.result)
        elif isinstance(outcome.error, FetchError):
            self._recorder.fetch_failed(due, outcome.error)
        self._report_progress()

    async def _extract_and_save(
        self, due: DueUrl, page: FetchResult, pool: ExtractPool, ref: ArchiveRef | None
    ) -> None:
        extracted = await pool.extract(page.html, page.final_url)
        self._recorder.extracted(due, page, extracted, ref)
        self._report_progress()

    def _report_progress(self) -> None:
        if self._on_progress is not None:
            self._on_progress(Progress(done=self._tally.done, total=self._total, counts=self._tally.snapshot()))
