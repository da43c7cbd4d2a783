"""Fetching one document: robots.txt, politeness, redirects checked hop by hop, retries,
the per-page deadline, decoding."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from http import HTTPStatus
from typing import Any

import httpx
from tenacity import RetryError

from scraper.config import FetchConfig
from scraper.errors import (
    BlockedAddressError,
    FetchError,
    HTTPStatusError,
    RobotsDisallowedError,
    RobotsUnavailableError,
    TooManyRedirectsError,
)
from scraper.fetching.client import build_client
from scraper.fetching.encoding import Decoded, decode
from scraper.fetching.exchange import Document, Hop, Redirect, Status, exchange
from scraper.fetching.guard import build_policy, check_url
from scraper.fetching.network import Resolver, system_resolver
from scraper.fetching.politeness import Clock, Politeness, origin_key, origin_of
from scraper.fetching.retry import RETRY_STATUSES, RetryableStatus, Sleep, build_retrying, parse_retry_after
from scraper.fetching.robots import ROBOTS_MAX_BYTES, ROBOTS_MAX_REDIRECTS, RobotsCache, RobotsMemory, RobotsReply
from scraper.models import DocumentKind, FetchRequest, FetchResult

NOT_MODIFIED = 304

CRAWL_DELAY_CAP = 60.0
"""Longest robots.txt Crawl-delay honoured, in seconds; a day-long delay would stall a run for good."""


def parse_url(text: str) -> httpx.URL:
    """Parse and check a URL given by a caller; anything unusable is a FetchError."""
    try:
        url = httpx.URL(text.strip())
    except httpx.InvalidURL as exc:
        raise FetchError(f"not a valid URL: {exc}", url=text) from exc
    check_url(url)
    return url.copy_with(fragment=None) if url.fragment else url


class Fetcher:
    """Fetches documents politely and safely over one connection pool; one per session."""

    def __init__(
        self,
        config: FetchConfig,
        *,
        sleep: Sleep = asyncio.sleep,
        resolver: Resolver = system_resolver,
        clock: Clock = time.monotonic,
        robots_memory: RobotsMemory | None = None,
    ) -> None:
        self._config = config
        self._clock = clock
        policy = build_policy(config.allow_private_addresses, config.allowed_networks)
        self._client = build_client(config, policy, resolver)
        self._politeness = Politeness(config.concurrency, config.per_host_concurrency, clock=clock)
        self._robots = RobotsCache(self._download_robots, clock=clock, memory=robots_memory)
        self._retrying = build_retrying(config, sleep=sleep)

    async def aclose(self) -> None:
        """Close every pooled connection."""
        await self._client.aclose()

    def origin(self, request: FetchRequest) -> str:
        """The origin a request is scheduled under; an unusable URL gets one of its own ("")."""
        return origin_key(request.url)

    def ready_in(self, origin: str) -> float:
        """Seconds before the politeness delay lets another request start on `origin`."""
        return self._politeness.ready_in(origin)

    async def fetch(self, request: FetchRequest) -> FetchResult:
        """Fetch one document, retrying what is worth retrying; raises a FetchError otherwise."""
        url = parse_url(request.url)
        try:
            outcome: FetchResult | RetryableStatus = await self._retrying(self._attempt, request, url)
        except RetryError as exc:
            raise _status_error(exc.last_attempt.result()) from exc
        if isinstance(outcome, RetryableStatus):
            raise _status_error(outcome, retry_after_cap=self._config.retry_after_cap)
        return outcome

    async def _attempt(self, request: FetchRequest, url: httpx.URL) -> FetchResult | RetryableStatus:
        """One try: follow redirects by hand so every hop passes the guard, robots.txt and politeness."""
        budget = _Budget(self._config.total_timeout)
        headers = _conditional_headers(request)
        text = str(url)
        seen = {text}
        for _ in range(self._config.max_redirects + 1):
            hop = await self._hop(url, text, headers=headers, kind=request.kind, budget=budget)
            if not isinstance(hop, Redirect):
                return self._conclude(request, text, hop, budget)
            url = hop.location
            check_url(url)
            text = str(url)
            if text in seen:
                raise TooManyRedirectsError(f"the redirects loop back to {url}", url=request.url)
            seen.add(text)
        raise TooManyRedirectsError(f"more than {self._config.max_redirects} redirects", url=request.url)

    async def _hop(
        self, url: httpx.URL, text: str, *, headers: dict[str, str], kind: DocumentKind, budget: _Budget
    ) -> Hop:
        """One request of the chain (`text` is `url` as a string); time waiting for politeness is not charged."""
        delay = await self._admit(url, text)
        async with self._politeness.slot(origin_of(url), delay=delay):
            began = self._clock()
            try:
                return await exchange(
                    self._client,
                    url,
                    headers=headers,
                    kind=kind,
                    limit=self._config.max_body_bytes,
                    deadline=budget.total,
                    timeout=budget.total - budget.spent,
                )
            finally:
                budget.spent += self._clock() - began

    async def _admit(self, url: httpx.URL, text: str) -> float:
        """Check robots.txt; return the gap to keep between requests to this URL's host."""
        per_host_delay = self._client.profile(url).per_host_delay
        if not self._config.obey_robots:
            return per_host_delay
        try:
            rules = await self._robots.rules_for(origin_of(url))
        except BlockedAddressError as exc:
            raise BlockedAddressError(exc.message, url=text) from exc
        agent = self._config.robots_user_agent
        if rules.unavailable is not None:
            raise RobotsUnavailableError(f"{rules.unavailable}; not fetching from this host for now", url=text)
        if not rules.allows(text, agent):
            raise RobotsDisallowedError(f"robots.txt does not allow {agent!r} to fetch this page", url=text)
        return max(per_host_delay, min(rules.crawl_delay(agent), CRAWL_DELAY_CAP))

    def _conclude(
        self, request: FetchRequest, url: str, hop: Document | Status, budget: _Budget
    ) -> FetchResult | RetryableStatus:
        """Turn the last hop into a result, a retryable status, or an HTTPStatusError."""
        if isinstance(hop, Document):
            return _result(
                request,
                url,
                hop,
                budget,
                decode(hop.content, hop.headers.get("content-type")),
                content=hop.content,
                etag=hop.headers.get("etag"),
                last_modified=hop.headers.get("last-modified"),
            )
        if hop.status == NOT_MODIFIED and (request.etag or request.last_modified):
            return _result(
                request,
                url,
                hop,
                budget,
                decode(b"", None),
                # A 304 should repeat the validators; if it does not, the old ones still hold.
                etag=hop.headers.get("etag") or request.etag,
                last_modified=hop.headers.get("last-modified") or request.last_modified,
                not_modified=True,
            )
        if hop.status in RETRY_STATUSES:
            return RetryableStatus(url, hop.status, parse_retry_after(hop.headers.get("retry-after")))
        raise _status_error(RetryableStatus(url, hop.status))

    async def _download_robots(self, robots_url: str) -> RobotsReply:
        """Fetch a robots.txt once, without retries, following up to five redirects."""
        url = httpx.URL(robots_url)
        for _ in range(ROBOTS_MAX_REDIRECTS + 1):
            # No delay of its own: it is one small request per origin a day; pages are spaced from each other.
            async with self._politeness.slot(origin_of(url), delay=0.0):
                hop = await exchange(
                    self._client,
                    url,
                    headers={},
                    kind=None,
                    limit=ROBOTS_MAX_BYTES,
                    deadline=self._config.total_timeout,
                    timeout=self._config.total_timeout,
                )
            if isinstance(hop, Document):
                return RobotsReply(hop.status, hop.content.decode("utf-8", errors="replace"))
            if not isinstance(hop, Redirect):
                return RobotsReply(hop.status)
            url = hop.location
            check_url(url)
        raise TooManyRedirectsError(f"more than {ROBOTS_MAX_REDIRECTS} redirects", url=robots_url)


@dataclass
class _Budget:
    """The per-page deadline, and how much of it the network has used so far."""

    total: float
    spent: float = 0.0


def _conditional_headers(request: FetchRequest) -> dict[str, str]:
    headers = {}
    if request.etag:
        headers["If-None-Match"] = request.etag
    if request.last_modified:
        headers["If-Modified-Since"] = request.last_modified
    return headers


def _status_error(status: RetryableStatus, *, retry_after_cap: float | None = None) -> HTTPStatusError:
    try:
        phrase = HTTPStatus(status.status).phrase
    except ValueError:
        phrase = "unknown status"
    message = f"the server answered {status.status} {phrase}"
    if retry_after_cap is not None and status.retry_after is not None and status.retry_after > retry_after_cap:
        message += f" and asked to wait {status.retry_after:g} s, longer than retry_after_cap ({retry_after_cap:g} s)"
    return HTTPStatusError(message, url=status.url, status=status.status)


def _result(
    request: FetchRequest, url: str, hop: Document | Status, budget: _Budget, decoded: Decoded, **details: Any
) -> FetchResult:
    """The FetchResult of a final hop: a document, or a 304 standing for the earlier one."""
    return FetchResult(
        url=request.url,
        final_url=url,
        status=hop.status,
        headers=dict(hop.headers),
        html=decoded.text,
        encoding=decoded.encoding,
        encoding_source=decoded.source,
        fetched_at=datetime.now(UTC),
        elapsed=budget.spent,
        **details,
    )
