"""Fetching many documents at once, yielding each outcome as it completes.

Requests wait in one queue per origin. A task is started for an origin only
when it has room under `per_host` and its politeness delay has passed, and
origins take turns, so a long run of URLs from one site never crowds out
the others and no task sits idle holding a place while it waits for its
turn. Outcomes are handed out in the order they complete.

Backpressure: at most a window of outcomes is held at once, counting the
fetches running and the finished outcomes the consumer has not taken yet.
The window starts at `FIRST_WINDOW`, grows by one each time the consumer
had to wait for an outcome (so it doubles every round trip while the
network is the bottleneck, up to `concurrency`), and shrinks by one each
time the consumer finds others still waiting behind the one it takes. A
consumer slower than the network (one extracting every page, say) thus
holds a few pages, not `concurrency` of them, while a fast one still gets
every place. Only a bounded window of the input is read ahead, so memory
stays flat however many URLs there are.

Stopping: a caller that must end soon (a crawler told to stop) passes an event;
once it is set no queued request starts, the requests in flight are cancelled
(they have no outcome, so the caller knows they were not done), and the
outcomes already finished are still yielded before the iteration ends, so no
downloaded page is thrown away.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict, deque
from collections.abc import AsyncGenerator, Iterable, Iterator
from typing import Protocol

from scraper.errors import FetchError
from scraper.models import FetchOutcome, FetchRequest, FetchResult

READ_AHEAD = 10_000
"""Requests read from the input before any is done: enough to find other hosts behind
a long run from one site, a few megabytes at most."""

FIRST_WINDOW = 8
"""Outcomes held at first, and at least, while the consumer is behind.

`scraper run`'s crawlers extract each page in a worker (two in hand at a time) far slower than
a local server answers: with the window fixed at `concurrency` each crawler held its 50 fetched
pages waiting, and peaked at 80-90 MB RSS on 2,000 real news pages (46 MB without pages). A
window of 4 held them to 63 MB but let the worker run dry on a loaded machine, where a round
trip can outlast the two pages it has in hand; 8 leaves room for that."""

READ_CHUNK = 250
"""Requests read from the input at a time: the first fetches start after one chunk, not after a
whole window, and an input that queries a database never holds the event loop for long."""


class Scheduled(Protocol):
    """What fetch_many needs from a fetcher."""

    async def fetch(self, request: FetchRequest) -> FetchResult: ...

    def origin(self, request: FetchRequest) -> str: ...

    def ready_in(self, origin: str) -> float: ...


def as_request(item: str | FetchRequest) -> FetchRequest:
    """Accept plain URLs and requests alike."""
    return item if isinstance(item, FetchRequest) else FetchRequest(url=item)


async def fetch_many(
    fetcher: Scheduled,
    items: Iterable[str | FetchRequest],
    *,
    concurrency: int,
    per_host: int,
    stop: asyncio.Event | None = None,
) -> AsyncGenerator[FetchOutcome, None]:
    """Fetch `items`, yielding one FetchOutcome each in completion order; a failure is an outcome, not an exception.

    Once `stop` is set, nothing more starts, the fetches in flight are cancelled without an outcome,
    and the outcomes already finished are yielded before the iteration ends.
    """
    scheduler = _Scheduler(fetcher, iter(items), held_limit=max(1, concurrency), per_host=per_host, stop=stop)
    watcher = asyncio.create_task(scheduler.wake_on_stop(stop)) if stop is not None else None
    try:
        while not scheduler.finished and not scheduler.stopped:
            scheduler.read_ahead()
            wake_in = await scheduler.launch()
            outcome = await scheduler.next_outcome(wake_in)
            if outcome is not None:
                yield outcome
        for outcome in await scheduler.finish_early():
            yield outcome
    finally:
        if watcher is not None:
            watcher.cancel()
        await scheduler.cancel()


class _Scheduler:
    """The per-origin queues, the running tasks, the finished ones, and the rule for starting the next one."""

    def __init__(
        self,
        fetcher: Scheduled,
        source: Iterator[str | FetchRequest],
        *,
        held_limit: int,
        per_host: int,
        stop: asyncio.Event | None,
    ):
        self._fetcher = fetcher
        self._source = source
        self._held_limit = held_limit
        self._least_window = min(FIRST_WINDOW, held_limit)
        self._window = self._least_window
        """How many outcomes may be held now: between `_least_window` and `held_limit` (see the module docstring)."""
        self._per_host = max(1, per_host)
        self._queues: OrderedDict[str, deque[FetchRequest]] = OrderedDict()
        self._running: dict[str, int] = {}
        self._tasks: dict[asyncio.Task[FetchOutcome], str] = {}
        self._done: deque[asyncio.Task[FetchOutcome]] = deque()
        """Finished tasks in the order they finished, until the consumer takes their outcomes."""
        self._wake = asyncio.Event()
        self._queued = 0
        self._exhausted = False
        self._stop = stop

    @property
    def stopped(self) -> bool:
        """Whether the caller asked to stop: read at each decision, so a stop counts from the moment it is set."""
        return self._stop is not None and self._stop.is_set()

    @property
    def finished(self) -> bool:
        return self._exhausted and not self._queued and not self._tasks and not self._done

    def read_ahead(self) -> bool:
        """Queue up to one chunk of input, short of a full window; whether anything was queued."""
        before = self._queued
        while not self._exhausted and self._queued - before < READ_CHUNK and self._queued < READ_AHEAD:
            item = next(self._source, None)
            if item is None:
                self._exhausted = True
                break
            request = as_request(item)
            self._queues.setdefault(self._fetcher.origin(request), deque()).append(request)
            self._queued += 1
        return self._queued > before

    async def launch(self) -> float | None:
        """Start tasks on origins that are ready, one per origin per pass, reading on while places are
        free and the window is not full; return when the next origin will be ready."""
        while True:
            started = False
            wake_in: float | None = None
            for origin in list(self._queues):
                if self.stopped or self._held() >= self._window:
                    return wake_in
                if self._running.get(origin, 0) >= self._per_host:
                    continue
                delay = self._fetcher.ready_in(origin)
                if delay > 0:
                    wake_in = delay if wake_in is None else min(wake_in, delay)
                    continue
                self._start(origin)
                started = True
            if self.stopped or (not started and (self._held() >= self._window or not self.read_ahead())):
                return wake_in
            # Let new tasks take their politeness slots (ready_in sees them next pass), and the
            # sockets have their turn between chunks of input.
            await asyncio.sleep(0)

    def _held(self) -> int:
        return len(self._tasks) + len(self._done)

    async def next_outcome(self, wake_in: float | None) -> FetchOutcome | None:
        """The oldest finished outcome, waiting for one if none is; None if an origin became ready first.

        Waiting means the consumer is ahead of the network, so the window widens; outcomes left
        waiting behind the one taken mean it is behind, so the window narrows."""
        if len(self._done) > 1:
            self._window = max(self._least_window, self._window - 1)
        elif not self._done:
            self._wake.clear()
            if self.stopped or (not self._tasks and wake_in is None):
                return None
            try:  # with no task running, only a stop wakes the wait for the next origin's turn
                await asyncio.wait_for(self._wake.wait(), timeout=wake_in)
            except TimeoutError:
                return None
            self._window = min(self._held_limit, self._window + 1)
        return self._done.popleft().result() if self._done else None

    async def wake_on_stop(self, stop: asyncio.Event) -> None:
        """Wake the loop if it is waiting for an outcome when `stop` is set."""
        await stop.wait()
        self._wake.set()

    async def finish_early(self) -> list[FetchOutcome]:
        """Cancel the fetches in flight and hand over the outcomes already finished, oldest first."""
        await self._cancel_running()
        outcomes = [task.result() for task in self._done]
        self._done.clear()
        return outcomes

    async def _cancel_running(self) -> None:
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    async def cancel(self) -> None:
        """Stop whatever still runs, when the consumer stops early."""
        await self._cancel_running()
        self._done.clear()

    def _start(self, origin: str) -> None:
        queue = self._queues[origin]
        request = queue.popleft()
        self._queued -= 1
        if queue:
            self._queues.move_to_end(origin)  # its turn is used; the others go first next pass
        else:
            del self._queues[origin]
        task = asyncio.create_task(_outcome(self._fetcher, request))
        self._tasks[task] = origin
        self._running[origin] = self._running.get(origin, 0) + 1
        task.add_done_callback(self._on_done)

    def _on_done(self, task: asyncio.Task[FetchOutcome]) -> None:
        """Free the task's place on its origin at once; its outcome waits for the consumer."""
        origin = self._tasks.pop(task)
        self._running[origin] -= 1
        if not self._running[origin]:
            del self._running[origin]
        if not task.cancelled():
            self._done.append(task)
            self._wake.set()


async def _outcome(fetcher: Scheduled, request: FetchRequest) -> FetchOutcome:
    try:
        return FetchOutcome(request, result=await fetcher.fetch(request))
    except FetchError as error:
        return FetchOutcome(request, error=error)
