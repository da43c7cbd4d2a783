"""A bounded set of concurrent tasks: backpressure for the producer, and no error lost."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

T = TypeVar("T")


class BoundedTasks:
    """Runs coroutines concurrently, at most `limit` at once; `spawn` waits for room."""

    def __init__(self, limit: int, *, on_error: Callable[[BaseException], None] | None = None) -> None:
        self._slots = asyncio.Semaphore(limit)
        self._tasks: set[asyncio.Task[None]] = set()
        self._on_error = on_error
        self.errors: list[BaseException] = []

    async def spawn(self, coroutine: Callable[[], Coroutine[Any, Any, None]]) -> None:
        """Start `coroutine()` once a slot is free."""
        await self._slots.acquire()
        task = asyncio.create_task(coroutine())
        self._tasks.add(task)
        task.add_done_callback(self._finished)

    def _finished(self, task: asyncio.Task[None]) -> None:
        self._tasks.discard(task)
        self._slots.release()
        if not task.cancelled() and (error := task.exception()) is not None:
            self.errors.append(error)
            if self._on_error is not None:
                self._on_error(error)

    async def join(self) -> None:
        """Wait for every task; then raise the first error any of them raised."""
        while self._tasks:
            await asyncio.wait(set(self._tasks))
        if self.errors:
            raise self.errors[0]

    def cancel(self) -> None:
        """Cancel every task still running."""
        for task in self._tasks:
            task.cancel()


async def outcome_unless_cancelled(future: asyncio.Future[T]) -> T | None:
    """Wait for `future`; None if something else cancelled it, while a cancellation of the waiter itself
    still propagates (so a stop that cancels one stage never swallows a shutdown of the whole job)."""
    try:
        return await future
    except asyncio.CancelledError:
        current = asyncio.current_task()
        if current is not None and current.cancelling():
            raise
        return None
