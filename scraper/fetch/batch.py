"""Fetching many documents at once, yielding each outcome as it completes.

Requests are queued per host and at most `per_host` tasks run per host, so a
long run of URLs from one site never crowds out the others; the politeness
layer then bounds what is really in flight. Only a bounded window of the
input is read ahead, so memory stays flat however many URLs there are.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict, deque
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator

import httpx

from scraper.errors import FetchError
from scraper.models import FetchOutcome, FetchRequest, FetchResult

READ_AHEAD = 10_000
"""Requests read from the input before any is done: enough to find other hosts behind
a long run from one site, a few megabytes at most."""

Fetch = Callable[[FetchRequest], Awaitable[FetchResult]]


def as_request(item: str | FetchRequest) -> FetchRequest:
    """Accept plain URLs and requests alike."""
    return item if isinstance(item, FetchRequest) else FetchRequest(url=item)


def host_of(request: FetchRequest) -> str:
    """The host a request is queued under; an unparsable URL gets a queue of its own."""
    try:
        url = httpx.URL(request.url)
    except httpx.InvalidURL:
        return ""
    return f"{url.host}:{url.port or ''}"


async def fetch_many(
    fetch: Fetch, items: Iterable[str | FetchRequest], *, concurrency: int, per_host: int
) -> AsyncIterator[FetchOutcome]:
    """Run `fetch` over `items`, yielding a FetchOutcome per item in completion order; never raises a FetchError."""
    source = iter(items)
    queues: OrderedDict[str, deque[FetchRequest]] = OrderedDict()
    running: dict[str, int] = {}
    tasks: dict[asyncio.Task[FetchOutcome], str] = {}
    task_limit = max(1, concurrency) * max(1, per_host)
    queued = 0
    exhausted = False
    try:
        while True:
            if not exhausted:
                added, exhausted = _read_ahead(source, queues, READ_AHEAD - queued)
                queued += added
            queued -= _launch(fetch, queues, running, tasks, per_host=max(1, per_host), limit=task_limit)
            if not tasks:
                if exhausted and not queued:
                    return
                continue
            done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
            for task in done:
                host = tasks.pop(task)
                running[host] -= 1
                if not running[host]:
                    del running[host]
                yield task.result()
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


def _read_ahead(
    source: Iterator[str | FetchRequest], queues: OrderedDict[str, deque[FetchRequest]], room: int
) -> tuple[int, bool]:
    """Queue up to `room` more requests by host; report how many and whether the input ran out."""
    for added in range(room):
        item = next(source, None)
        if item is None:
            return added, True
        request = as_request(item)
        queues.setdefault(host_of(request), deque()).append(request)
    return room, False


def _launch(
    fetch: Fetch,
    queues: OrderedDict[str, deque[FetchRequest]],
    running: dict[str, int],
    tasks: dict[asyncio.Task[FetchOutcome], str],
    *,
    per_host: int,
    limit: int,
) -> int:
    """Start tasks round-robin over hosts with room; return how many requests left the queues."""
    started = 0
    for host in list(queues):
        queue = queues[host]
        while queue and running.get(host, 0) < per_host and len(tasks) < limit:
            tasks[asyncio.create_task(_outcome(fetch, queue.popleft()))] = host
            running[host] = running.get(host, 0) + 1
            started += 1
        if queue:
            queues.move_to_end(host)  # served; let the others go first next round
        else:
            del queues[host]
    return started


async def _outcome(fetch: Fetch, request: FetchRequest) -> FetchOutcome:
    try:
        return FetchOutcome(request, result=await fetch(request))
    except FetchError as error:
        return FetchOutcome(request, error=error)
