"""Scraping sessions: the public way to fetch pages and turn them into articles.

    with Scraper(config) as s:                   # one connection pool, robots cache, politeness state
        article = s.scrape("https://example.com/news/1")

    async with AsyncScraper(config) as s:
        async for outcome in s.fetch_many(urls):  # as each completes; failures in outcome.error
            ...

`fetch()` and `scrape()` are one-shot wrappers that open and close a session.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, Iterable
from types import TracebackType
from typing import TYPE_CHECKING, Self
from urllib.parse import urlsplit

from scraper.config import Config
from scraper.errors import NoContentError
from scraper.fetching import Fetcher, fetch_many
from scraper.fetching.loop import LoopThread
from scraper.fetching.network import Resolver, system_resolver
from scraper.fetching.retry import Sleep
from scraper.fetching.robots import RobotsMemory
from scraper.fetching.sites import site_for
from scraper.models import Article, FetchOutcome, FetchRequest, FetchResult

if TYPE_CHECKING:
    from scraper.fetching.render import Renderer


class AsyncScraper:
    """Fetches pages concurrently over one connection pool; use `async with`.

    `sleep` (the wait between retries) and `resolver` (host name to addresses)
    can be replaced, so tests run instantly and can point names anywhere; a
    `robots_memory` keeps robots.txt files beyond the session (`scraper run` keeps
    them in its store).
    """

    def __init__(
        self,
        config: Config | None = None,
        *,
        sleep: Sleep = asyncio.sleep,
        resolver: Resolver = system_resolver,
        robots_memory: RobotsMemory | None = None,
    ) -> None:
        self.config = config if config is not None else Config()
        self._fetcher = Fetcher(self.config.fetch, sleep=sleep, resolver=resolver, robots_memory=robots_memory)
        self._resolver = resolver
        self._renderer: Renderer | None = None

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the connection pool, and the browser if a page was rendered."""
        try:
            await self._fetcher.aclose()
        finally:
            if self._renderer is not None:
                await self._renderer.aclose()

    async def fetch(self, request: str | FetchRequest) -> FetchResult:
        """Fetch one document; raises a FetchError if it cannot be had."""
        return await self._fetcher.fetch(request if isinstance(request, FetchRequest) else FetchRequest(request))

    def fetch_many(
        self, items: Iterable[str | FetchRequest], *, stop: asyncio.Event | None = None
    ) -> AsyncGenerator[FetchOutcome, None]:
        """Fetch many documents politely, yielding each outcome as it completes; never raises for one URL.

        Once `stop` is set, nothing more starts, the fetches in flight are cancelled (no outcome for
        them), and the outcomes already finished are still yielded before the iteration ends.
        """
        fetch = self.config.fetch
        return fetch_many(
            self._fetcher, items, concurrency=fetch.concurrency, per_host=fetch.per_host_concurrency, stop=stop
        )

    async def scrape(self, url: str) -> Article:
        """Fetch a page and extract its article, rendering it first where `[fetch] render` says so."""
        return await self.extract_fetched(await self.fetch(url))

    async def extract_fetched(self, result: FetchResult) -> Article:
        """Extract the article of a page this session fetched: rendered in the browser with `render =
        "always"`, and with `"auto"` when its HTML has no article body but is a script-built shell."""
        mode = render_mode(self.config, result.final_url)
        if mode == "always":
            return _extract(await self.render(result), self.config)
        try:
            article = _extract(result, self.config)
        except NoContentError:
            if not _shell_to_render(mode, result.html):
                raise
        else:
            if not (article.description_only and _shell_to_render(mode, result.html)):
                return article
        return _extract(await self.render(result), self.config)

    async def render(self, result: FetchResult) -> FetchResult:
        """The fetched page as headless Chromium shows it once its scripts ran (one browser per session)."""
        if self._renderer is None:
            # Imported here: Playwright is an optional extra, loaded only by a session that renders.
            from scraper.fetching.render import Renderer

            self._renderer = Renderer(self.config.fetch, resolver=self._resolver)
        return await self._renderer.render(result)


class Scraper:
    """The synchronous session: `with Scraper(config) as s: s.scrape(url)`.

    It drives an AsyncScraper on a private background event loop, so it also
    works where the caller already runs one. Use it as a context manager or
    call `close()`; sessions that are never closed leave a daemon thread behind.
    """

    def __init__(
        self,
        config: Config | None = None,
        *,
        sleep: Sleep = asyncio.sleep,
        resolver: Resolver = system_resolver,
    ) -> None:
        self.config = config if config is not None else Config()
        self._loop = LoopThread()
        try:
            self._session = self._loop.run(_open(self.config, sleep, resolver))
        except BaseException:
            self._loop.close()
            raise

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection pool and stop the background loop."""
        if self._loop.closed:
            return
        try:
            self._loop.run(self._session.aclose())
        finally:
            self._loop.close()

    def fetch(self, url: str, *, etag: str | None = None, last_modified: str | None = None) -> FetchResult:
        """Fetch one page, conditionally if validators from an earlier fetch are given."""
        return self._loop.run(self._session.fetch(FetchRequest(url, etag=etag, last_modified=last_modified)))

    def scrape(self, url: str) -> Article:
        """Fetch a page and extract its article, rendering it first where `[fetch] render` says so."""
        return self._loop.run(self._session.scrape(url))


def _extract(result: FetchResult, config: Config) -> Article:
    """Extract the article of a fetched page.

    The extractor is imported here, on first use: `scraper run` fetches through
    this module but extracts in worker processes, and its main process need
    not carry the extraction stack (about 6 MB).
    """
    from scraper.extraction import extract

    return extract(result.html, url=result.final_url, config=config.extract)


def _shell_to_render(mode: str, html: str) -> bool:
    """With `render = "auto"`, a page whose HTML gave no article body is rendered when it is a script-built shell."""
    if mode != "auto":
        return False
    from scraper.fetching.shell import looks_like_shell

    return looks_like_shell(html)


def render_mode(config: Config, url: str) -> str:
    """The `render` setting for a page: its host's [[fetch.sites]] table's, else [fetch]'s."""
    site = site_for(config.fetch.sites, urlsplit(url).hostname or "")
    return site.render if site is not None and site.render is not None else config.fetch.render


async def _open(config: Config, sleep: Sleep, resolver: Resolver) -> AsyncScraper:
    """Build the async session on the loop that will run it."""
    return AsyncScraper(config, sleep=sleep, resolver=resolver)


def fetch(
    url: str, *, config: Config | None = None, etag: str | None = None, last_modified: str | None = None
) -> FetchResult:
    """Fetch one page with a one-off session."""
    with Scraper(config) as session:
        return session.fetch(url, etag=etag, last_modified=last_modified)


def scrape(url: str, *, config: Config | None = None) -> Article:
    """Fetch a page and extract its article with a one-off session."""
    with Scraper(config) as session:
        return session.scrape(url)
