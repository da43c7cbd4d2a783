"""Extraction in a process of its own, which a crawler can kill: the per-page time and memory limits.

A thread cannot be stopped, and a page can keep the extractor busy for minutes inside libxml2 or
trafilatura (300,000 tiny paragraphs ran for over five minutes; a 1000x1000 table took 94 s and
1.9 GB). So each crawler hands its pages to one worker process: the worker runs under an address
space ceiling (`[extract] page_memory_limit_mb`, so an allocation past it fails inside the worker
instead of the machine running out), and a page not done within `page_time_limit_seconds` gets
the worker killed and a new one started for the next page. Either way the page is recorded as
failed with its reason and backs off like any failure, so it no longer burns every run's budget.
"""

from __future__ import annotations

import asyncio
import logging
import socket
import subprocess
import sys

from scraper.config import ExtractConfig
from scraper.jobs.engines.channel import Channel, ChannelClosed
from scraper.jobs.engines.extract_process import OUT_OF_MEMORY, READY
from scraper.jobs.engines.extracting import OUT_OF_MEMORY_MESSAGE, Extracted

WORKER_PROGRAM = "from scraper.jobs.engines.extract_process import serve; serve()"
"""A fresh interpreter, started like the crawlers themselves (see `local.CRAWLER_PROGRAM`)."""

PAGES_PER_WORKER = 1000
"""Pages a worker extracts before it is replaced: bounds memory a parser might leak, at ~0.1% restart cost."""

START_SECONDS = 60.0
"""How long a new worker may take to import the extractor, on a machine busy with a run."""


class ExtractWorker:
    """The crawler's side: one page at a time, each within the configured limits."""

    def __init__(self, config: ExtractConfig) -> None:
        self._config = config
        self._process: subprocess.Popen[bytes] | None = None
        self._channel: Channel | None = None
        self._one_page_at_a_time = asyncio.Lock()
        self._pages = 0

    async def extract(self, html: str | bytes, url: str | None) -> Extracted:
        """Extract one page in the worker; a page over a limit comes back as a failed extraction."""
        async with self._one_page_at_a_time:
            channel = self._channel or await self._start()
            channel.send((html, url, self._config))
            limit = self._config.page_time_limit_seconds or None
            try:
                extracted: Extracted = await asyncio.wait_for(channel.receive(), limit)
            except TimeoutError:
                self.close()
                return Extracted(
                    error_kind="extraction-time-limit",
                    error=f"extraction took longer than page_time_limit_seconds ({limit:g} s)",
                )
            except ChannelClosed:
                code = self._process.wait() if self._process is not None else None
                self.close()
                if code == OUT_OF_MEMORY:
                    return Extracted(error_kind="extraction-memory", error=OUT_OF_MEMORY_MESSAGE)
                return Extracted(
                    error_kind="extractor-crash",
                    error=f"the extraction process died (exit code {code}); page_memory_limit_mb is "
                    f"{self._config.page_memory_limit_mb}",
                )
            self._pages += 1
            if extracted.error_kind == "extraction-memory" or self._pages >= PAGES_PER_WORKER:
                self.close()
            return extracted

    async def _start(self) -> Channel:
        ours, theirs = socket.socketpair()
        with theirs:
            self._process = subprocess.Popen(
                [
                    sys.executable,
                    "-c",
                    WORKER_PROGRAM,
                    str(theirs.fileno()),
                    str(self._config.page_memory_limit_mb),
                    str(logging.getLogger().getEffectiveLevel()),
                ],
                pass_fds=[theirs.fileno()],
                stdin=subprocess.DEVNULL,
            )
        channel = await Channel.open(ours)
        self._channel = channel
        self._pages = 0
        if await asyncio.wait_for(channel.receive(), START_SECONDS) != READY:
            raise ChannelClosed("the extraction worker did not start")
        return channel

    def close(self) -> None:
        """Stop the worker at once (a page in it is abandoned)."""
        if self._process is not None:
            self._process.kill()
            self._process.wait()
            self._process = None
        if self._channel is not None:
            self._channel.close()
            self._channel = None
