"""`scraper reextract`: run the (upgraded) extractor again over the raw pages in the WARC archive."""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Callable
from contextlib import aclosing
from datetime import datetime

from scraper.config import Config
from scraper.errors import StoreError
from scraper.jobs.engines.base import Engine, open_engine
from scraper.jobs.engines.extract_pool import ExtractPool
from scraper.jobs.engines.extracting import Extracted
from scraper.jobs.outputs.archive import read_archived
from scraper.jobs.pages import PageRecorder
from scraper.jobs.report import JobReport, Progress, Tally
from scraper.jobs.run import ProgressCallback, utc_now
from scraper.jobs.schedule import Schedule
from scraper.jobs.signals import StopControl
from scraper.jobs.tasks import BoundedTasks
from scraper.store import ArchiveRef, DueUrl, RunStatus, Store

logger = logging.getLogger(__name__)

ARCHIVE_PAGE_SIZE = 200
"""Archived pages listed from the store at a time."""

BACKLOG_PER_WORKER = 4
"""Pages read from the archive and waiting per worker: enough to keep workers busy, little memory."""


class ReextractJob:
    """Re-extracts every archived page; unchanged articles are not rewritten. The caller holds the run lock."""

    def __init__(
        self,
        config: Config,
        store: Store,
        *,
        clock: Callable[[], datetime] = utc_now,
        on_progress: ProgressCallback | None = None,
    ) -> None:
        self._config = config
        self._store = store
        self._clock = clock
        self._on_progress = on_progress
        self._tally = Tally()
        self._recorder = PageRecorder(store, Schedule.from_config(config.run), self._tally, clock)

    async def run(self) -> JobReport:
        """Re-extract and record the job as a run; SIGINT/SIGTERM stop it gracefully."""
        # Opened first, as in RunJob.run: Ray connects on a thread of its own while the archive is listed.
        engine = open_engine(self._config, crawling=False)
        try:
            return await self._run(engine)
        finally:
            engine.close()

    async def _run(self, engine: Engine) -> JobReport:
        loop = asyncio.get_running_loop()
        started = self._clock()
        self._store.abandon_unfinished_runs(started)
        run_id = self._store.begin_run("reextract", started)
        stop = StopControl(self._config.run.stop_grace_seconds)
        pool = ExtractPool(self._config.extract, self._config.run.workers)
        on_ray = self._config.run.engine == "ray"
        work = asyncio.ensure_future(self._work_on_ray(engine, stop) if on_ray else self._work(stop, pool))
        stop.install(loop, work.cancel)
        status: RunStatus = "failed"
        try:
            await work
            failed = self._tally.snapshot().get("failed")
            status = "interrupted" if stop.interrupted else ("partial" if failed else "ok")
        except asyncio.CancelledError:
            current = asyncio.current_task()
            if current is not None and current.cancelling():
                raise
            status = "interrupted"
        finally:
            stop.uninstall(loop)
            pool.close()
            counts = self._tally.snapshot()
            self._store.finish_run(run_id, self._clock(), status, counts)
        return JobReport(
            run_id=run_id,
            command="reextract",
            status=status,
            counts=counts,
            started=started,
            finished=self._clock(),
            stop_reason=stop.reason,
        )

    async def _work(self, stop: StopControl, pool: ExtractPool) -> None:
        tasks = BoundedTasks(
            pool.workers * BACKLOG_PER_WORKER, on_error=lambda _: stop.request_stop("the store failed")
        )
        after = 0
        try:
            while not stop.stopping and (batch := self._store.archived_pages(after_id=after, limit=ARCHIVE_PAGE_SIZE)):
                for due, ref in batch:
                    if stop.stopping:
                        break
                    after = due.id
                    await tasks.spawn(functools.partial(self._one, due, ref, pool))
            await tasks.join()
        except BaseException:
            tasks.cancel()
            raise

    async def _work_on_ray(self, engine: Engine, stop: StopControl) -> None:
        """One task per WARC file across the cluster: the pages are grouped by the file that holds them."""
        from scraper.jobs.engines.ray_actors import reextract_files

        files: dict[str, list[tuple[DueUrl, ArchiveRef]]] = {}
        after = 0
        while batch := self._store.archived_pages(after_id=after, limit=ARCHIVE_PAGE_SIZE):
            for due, ref in batch:
                after = due.id
                files.setdefault(ref.path, []).append((due, ref))
        await stop.unless_stopped(engine.ready())
        stop.take_back_signals(asyncio.get_running_loop())
        if stop.stopping:
            return
        async with aclosing(reextract_files(self._config.extract, files)) as results:
            async for pages in results:
                for page in pages:
                    self._record(page.due, page.url, page.extracted, page.unreadable)
                if stop.stopping:
                    return

    async def _one(self, due: DueUrl, ref: ArchiveRef, pool: ExtractPool) -> None:
        try:
            page = read_archived(ref)
        except StoreError as exc:
            self._record(due, due.url, None, str(exc))
            return
        self._record(due, page.url, await pool.extract(page.html, page.url), None)

    def _record(self, due: DueUrl, url: str, extracted: Extracted | None, unreadable: str | None) -> None:
        if extracted is None:
            logger.warning("%s: %s", due.url, unreadable)
            self._tally.add("failed", "archive")
        else:
            self._recorder.reextracted(due, url, extracted)
        if self._on_progress is not None:
            self._on_progress(Progress(done=self._tally.done, total=0, counts=self._tally.snapshot()))
