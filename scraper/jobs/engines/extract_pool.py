"""Extraction workers for `scraper reextract`, which extracts archived pages on every core.

One ExtractWorker per core (see `extract_worker`), so re-extraction keeps the same per-page
time limit and memory ceiling as `scraper run`; each page goes to whichever worker is idle.
"""

from __future__ import annotations

import asyncio
import os

from scraper.config import ExtractConfig
from scraper.jobs.engines.extract_worker import ExtractWorker
from scraper.jobs.engines.extracting import Extracted


class ExtractPool:
    """`workers` extraction processes (0: one per core), started as pages arrive."""

    def __init__(self, config: ExtractConfig, workers: int) -> None:
        self.workers = workers or os.cpu_count() or 1
        self._all = [ExtractWorker(config) for _ in range(self.workers)]
        self._idle: asyncio.Queue[ExtractWorker] = asyncio.Queue()
        for worker in self._all:
            self._idle.put_nowait(worker)

    async def extract(self, html: str, url: str) -> Extracted:
        """Extract one page in an idle worker, within the configured limits."""
        worker = await self._idle.get()
        try:
            return await worker.extract(html, url)
        finally:
            self._idle.put_nowait(worker)

    def close(self) -> None:
        """Stop every worker at once; a page still in one is abandoned."""
        for worker in self._all:
            worker.close()
