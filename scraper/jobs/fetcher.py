"""The part of the async fetcher the main process of `scraper run` uses: single fetches of source documents."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractAsyncContextManager, AsyncExitStack
from typing import Protocol

from scraper.config import Config
from scraper.models import FetchRequest, FetchResult


class Fetcher(Protocol):
    """Conditional fetches of feeds, sitemaps and URL lists."""

    async def fetch(self, request: FetchRequest) -> FetchResult: ...


FetcherFactory = Callable[[Config], AbstractAsyncContextManager[Fetcher]]


def open_fetcher(config: Config) -> AbstractAsyncContextManager[Fetcher]:
    """The project's polite, guarded fetcher (robots.txt, SSRF guard, limits, per-host pacing)."""
    from scraper.session import AsyncScraper

    return AsyncScraper(config)


class OnDemandFetcher:
    """Starts the real fetcher on the first fetch, inside `stack`.

    A run whose sources are URL lists, or whose feeds are not due yet, then never
    loads the HTTP stack in the main process: the crawler processes do the fetching.
    """

    def __init__(self, factory: FetcherFactory, config: Config, stack: AsyncExitStack) -> None:
        self._factory = factory
        self._config = config
        self._stack = stack
        self._fetcher: Fetcher | None = None

    async def fetch(self, request: FetchRequest) -> FetchResult:
        if self._fetcher is None:
            self._fetcher = await self._stack.enter_async_context(self._factory(self._config))
        return await self._fetcher.fetch(request)
