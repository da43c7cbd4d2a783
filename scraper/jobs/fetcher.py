"""The part of the async fetcher the jobs use, as a protocol so tests and the pipeline agree on it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from contextlib import AbstractAsyncContextManager
from typing import Protocol

from scraper.config import Config
from scraper.models import FetchOutcome, FetchRequest, FetchResult


class Fetcher(Protocol):
    """Single conditional fetches for source documents, batches for article pages."""

    async def fetch(self, request: FetchRequest) -> FetchResult: ...

    def fetch_many(self, items: Iterable[str | FetchRequest]) -> AsyncIterator[FetchOutcome]: ...


def open_fetcher(config: Config) -> AbstractAsyncContextManager[Fetcher]:
    """The project's polite, guarded fetcher (robots.txt, SSRF guard, limits, per-host pacing)."""
    from scraper.session import AsyncScraper

    return AsyncScraper(config)
