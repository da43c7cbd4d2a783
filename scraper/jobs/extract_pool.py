"""A process pool for `scraper reextract`, which extracts archived pages on every core.

Its own module: crawler processes import `extracting` for `extract_page`, and do not need
multiprocessing's pool machinery loaded at their start.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from scraper.config import ExtractConfig
from scraper.jobs.extracting import Extracted, extract_page, init_worker_process

logger = logging.getLogger(__name__)

TASKS_PER_WORKER = 1000
"""Pages a worker extracts before it is replaced: bounds memory a parser might leak, at ~1% restart cost."""


class ExtractPool:
    """A process pool for `extract_page`, rebuilt if a worker dies (killed by the OOM killer, say)."""

    def __init__(self, config: ExtractConfig, workers: int) -> None:
        self.workers = workers or os.cpu_count() or 1
        self._config = config
        self._executor = self._new_executor()

    def _new_executor(self) -> ProcessPoolExecutor:
        # spawn, not fork: the parent runs an event loop and resolver threads that must not be forked.
        return ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=init_worker_process,
            max_tasks_per_child=TASKS_PER_WORKER,
        )

    async def extract(self, html: str, url: str) -> Extracted:
        """Extract one page in a worker without blocking the event loop."""
        executor = self._executor
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(executor, extract_page, html, url, self._config)
        except BrokenProcessPool as exc:
            if executor is self._executor:
                logger.error("an extraction worker died; starting a new pool")
                self._executor = self._new_executor()
            return Extracted(error_kind="extractor-crash", error=f"extraction worker died: {exc}")

    def close(self, *, wait: bool = True) -> None:
        """Stop the workers; without `wait`, queued pages are dropped."""
        self._executor.shutdown(wait=wait, cancel_futures=not wait)
