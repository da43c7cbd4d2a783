"""Blocking work of a run's event loop moved to threads that never hold up the process's exit.

Parsing a 100,000-entry feed takes feedparser some 30 seconds, and reading a long URL file is
disk I/O: on the event loop either would stall every fetch, and SIGTERM would wait for them.
asyncio's own `to_thread` would free the loop, but its executor's threads are joined when the
run exits, so a stop would still wait for the parse to end; a daemon thread is left behind.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import threading
from collections.abc import AsyncIterator, Callable, Iterable
from itertools import islice
from typing import TypeVar

T = TypeVar("T")

BATCH_SIZE = 500
"""Entries read per trip to a thread: large enough that a trip's cost vanishes, small enough to commit often."""


async def in_daemon_thread(function: Callable[[], T]) -> T:
    """Run `function` in a new daemon thread; cancelling the wait abandons the thread's result."""
    loop = asyncio.get_running_loop()
    future: asyncio.Future[T] = loop.create_future()

    def work() -> None:
        try:
            settle = functools.partial(_set_result, future, function())
        except BaseException as exc:  # noqa: BLE001 - handed to the awaiting task, which re-raises it
            settle = functools.partial(_set_exception, future, exc)
        with contextlib.suppress(RuntimeError):  # the loop is closed: the run ended without this result
            loop.call_soon_threadsafe(settle)

    threading.Thread(target=work, name="off-loop", daemon=True).start()
    return await future


def _set_result(future: asyncio.Future[T], result: T) -> None:
    if not future.done():
        future.set_result(result)


def _set_exception(future: asyncio.Future[T], error: BaseException) -> None:
    if not future.done():
        future.set_exception(error)


async def batches_off_loop(items: Iterable[T], size: int = BATCH_SIZE) -> AsyncIterator[list[T]]:
    """Draw `items` in batches, each drawn in a daemon thread, so the iterator's work never runs on the loop."""
    iterator = iter(items)
    while batch := await in_daemon_thread(lambda: list(islice(iterator, size))):
        yield batch
