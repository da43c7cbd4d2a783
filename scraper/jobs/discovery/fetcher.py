"""The part of the async fetcher the main process of `scraper run` uses: single fetches of source documents."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractAsyncContextManager, AsyncExitStack
from typing import Protocol

from scraper.config import Config
from scraper.models import FetchRequest, FetchResult
from scraper.store import Store


class Fetcher(Protocol):
    """Conditional fetches of feeds, sitemaps and URL lists."""

    async def fetch(self, request: FetchRequest) -> FetchResult: ...


FetcherFactory = Callable[[Config, Store], AbstractAsyncContextManager[Fetcher]]


def open_fetcher(config: Config, store: Store) -> AbstractAsyncContextManager[Fetcher]:
    """The project's polite, guarded fetcher (robots.txt, SSRF guard, limits, per-host pacing),
    keeping robots.txt files in the store."""
    from scraper.jobs.robots_memory import StoredRobots
    from scraper.session import AsyncScraper

    return AsyncScraper(config, robots_memory=StoredRobots(store, store.save_robots))


class OnDemandFetcher:
    """Starts the real fetcher on the first fetch, inside `stack`.

    A run whose sources are URL lists, or whose feeds are not due yet, then never
    loads the HTTP stack in the main process: the crawler processes do the fetching.
    """

    def __init__(self, open_real: Callable[[], AbstractAsyncContextManager[Fetcher]], stack: AsyncExitStack) -> None:
        self._open_real = open_real
        self._stack = stack
        self._fetcher: Fetcher | None = None

    async def fetch(self, request: FetchRequest) -> FetchResult:
        if self._fetcher is None:
            self._fetcher = await self._stack.enter_async_context(self._open_real())
        return await self._fetcher.fetch(request)
