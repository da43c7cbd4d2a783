"""A private event loop on a daemon thread, so synchronous callers can use the async fetcher.

One implementation of fetching serves both APIs. Running the loop on its own
thread (rather than `asyncio.run` in the caller's) also works when the caller
already runs a loop, as notebooks and async web apps do.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Coroutine
from typing import Any, TypeVar

T = TypeVar("T")


class LoopThread:
    """Runs coroutines to completion on a background event loop."""

    def __init__(self, name: str = "scraper-fetch") -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name=name, daemon=True)
        self._thread.start()

    def run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        """Run `coroutine` on the loop and wait for its result; an interrupt cancels it."""
        if self.closed:
            coroutine.close()
            raise RuntimeError("this session is closed")
        future = asyncio.run_coroutine_threadsafe(coroutine, self._loop)
        try:
            return future.result()
        except BaseException:
            future.cancel()
            raise

    @property
    def closed(self) -> bool:
        return self._loop.is_closed()

    def close(self) -> None:
        """Stop the loop and its thread."""
        if self.closed:
            return
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join()
        self._loop.close()
