"""Small httpcore pools, one per origin, whose connections go through the SSRF guard.

The pools are driven directly rather than through an httpx transport: the
fetcher needs none of httpx's client features, and its request and response
models cost more CPU per small answer than the network stack below them. This
module does not map httpcore exceptions: `translate` maps them into the
scraper's error tree.

Why one pool per origin: httpcore's pool scans every connection it holds for
every request it queues, so one pool shared by many hosts costs time in
proportion to hosts x requests once connections are kept alive (5,000
not-modified pages on 50 hosts: 17.1 s shared, 3.8 s per origin). A pool per
origin only ever scans that origin's few connections. Pools are made on first
use and kept for the most recently used origins only, so many hosts never
mean an unbounded number of open sockets.
"""

from __future__ import annotations

import ssl
import time
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import httpcore
import httpx

Origin = tuple[bytes, bytes, int | None]
"""Scheme, host and port as httpx.URL holds them."""

RawHeaders = list[tuple[bytes, bytes]]


@dataclass(frozen=True)
class PoolLimits:
    """How many connections one origin may have, and how many origins keep theirs open."""

    per_origin: int
    """Connections to one origin at once, in use or idle."""
    kept_origins: int
    """Origins whose pools (and idle connections) are kept; the least recently used idle one goes first."""
    keepalive_expiry: float
    """Seconds an idle connection is kept."""


@dataclass
class _OriginPool:
    pool: httpcore.AsyncConnectionPool
    users: int = 0
    """Requests whose response is not closed yet: a pool in use is never closed."""
    last_used: float = 0.0


class GuardedTransport:
    """HTTP/1.1 over one bounded connection pool per origin, connecting through the given backend."""

    def __init__(
        self,
        *,
        backend: httpcore.AsyncNetworkBackend,
        limits: PoolLimits,
        ssl_context: ssl.SSLContext,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._backend = backend
        self._limits = limits
        self._ssl_context = ssl_context
        self._clock = clock
        self._pools: OrderedDict[Origin, _OriginPool] = OrderedDict()

    @property
    def origins(self) -> int:
        """How many origins have a pool now."""
        return len(self._pools)

    async def send(
        self, method: bytes, url: httpx.URL, headers: RawHeaders, *, extensions: dict[str, Any] | None = None
    ) -> Response:
        """Send a bodiless request with a Host header added; the caller must close the response."""
        scheme, host, port = origin = (url.raw_scheme, url.raw_host, url.port)
        core_request = httpcore.Request(
            method=method,
            url=httpcore.URL(scheme=scheme, host=host, port=port, target=url.raw_path),
            headers=[(b"Host", url.netloc), *headers],
            extensions=extensions,
        )
        entry = await self._pool_for(origin)
        entry.users += 1
        try:
            core_response = await entry.pool.handle_async_request(core_request)
        except BaseException:
            self._release(entry)
            raise
        return Response(core_response, on_close=lambda: self._release(entry))

    async def aclose(self) -> None:
        """Close every pool and its connections."""
        pools = [entry.pool for entry in self._pools.values()]
        self._pools.clear()
        for pool in pools:
            await pool.aclose()

    async def _pool_for(self, origin: Origin) -> _OriginPool:
        """The origin's pool, made on first use; making one may close pools nobody has used for long."""
        entry = self._pools.get(origin)
        if entry is None:
            await self._close_stale()
            entry = self._pools[origin] = _OriginPool(self._new_pool())
        else:
            self._pools.move_to_end(origin)
        entry.last_used = self._clock()
        return entry

    def _new_pool(self) -> httpcore.AsyncConnectionPool:
        return httpcore.AsyncConnectionPool(
            ssl_context=self._ssl_context,
            max_connections=self._limits.per_origin,
            max_keepalive_connections=self._limits.per_origin,
            keepalive_expiry=self._limits.keepalive_expiry,
            http1=True,
            http2=False,
            network_backend=self._backend,
        )

    async def _close_stale(self) -> None:
        """Close idle pools past the keep-alive expiry, and the least recently used ones past `kept_origins`.

        Oldest first, and only pools with no request in flight; the pool of an origin
        used again later is simply made anew.
        """
        expired_before = self._clock() - self._limits.keepalive_expiry
        excess = len(self._pools) + 1 - self._limits.kept_origins
        closing = []
        for origin, entry in self._pools.items():
            if excess <= 0 and entry.last_used > expired_before:
                break  # the rest were used more recently still
            if not entry.users:
                closing.append(origin)
                excess -= 1
        # Out of the map before the first await, so a request arriving meanwhile makes a fresh pool.
        pools = [self._pools.pop(origin).pool for origin in closing]
        for pool in pools:
            await pool.aclose()

    def _release(self, entry: _OriginPool) -> None:
        entry.users -= 1
        entry.last_used = self._clock()


class Response:
    """A response whose body is still on the wire; closing it hands the connection back."""

    __slots__ = ("_on_close", "_response", "headers", "status")

    def __init__(self, response: httpcore.Response, *, on_close: Callable[[], None]) -> None:
        self.status = response.status
        self.headers = Headers(response.headers)
        self._response = response
        self._on_close: Callable[[], None] | None = on_close

    def aiter_raw(self) -> AsyncIterator[bytes]:
        """The body as it arrives, still in its content coding."""
        return self._response.aiter_stream()

    async def aclose(self) -> None:
        """Close the body stream (idempotent); the connection is reused if the body was read to its end."""
        try:
            await self._response.aclose()
        finally:
            if self._on_close is not None:
                on_close, self._on_close = self._on_close, None
                on_close()


class Headers(Mapping[str, str]):
    """Response header fields by case-insensitive name; a repeated field's values are joined by ", ".

    Values are read as UTF-8, or as Latin-1 when they are not valid UTF-8.
    """

    __slots__ = ("_fields",)

    def __init__(self, raw: Iterable[tuple[bytes, bytes]] = ()) -> None:
        fields: dict[str, str] = {}
        for name, value in raw:
            key = name.decode("latin-1").lower()
            try:
                text = value.decode("utf-8")
            except UnicodeDecodeError:
                text = value.decode("latin-1")
            earlier = fields.get(key)
            fields[key] = text if earlier is None else f"{earlier}, {text}"
        self._fields = fields

    def __getitem__(self, name: str) -> str:
        return self._fields[name.lower()]

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name.lower() in self._fields

    def __iter__(self) -> Iterator[str]:
        return iter(self._fields)

    def __len__(self) -> int:
        return len(self._fields)

    def __repr__(self) -> str:
        return f"Headers({self._fields!r})"
