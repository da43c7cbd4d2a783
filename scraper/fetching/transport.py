"""HTTP/1.1 connections kept per origin, each opened through the SSRF guard.

httpcore's `AsyncHTTP11Connection` speaks the protocol; this module only decides
which connection a request goes over. httpcore's own pool did that with a
request queue, anyio locks, events and cancellation shields, and a scan of every
connection for every request: for a run of conditional requests (mostly 304s)
that was 11-15% of the CPU on top of the connections themselves, plus most of
the 8% spent in anyio (the connections' own state lock still uses it). None of
it is needed here: the politeness layer already keeps at most
`per_host_concurrency` requests on an origin, so a request needs only an idle
connection of its origin or a new one under the cap, which an asyncio.Semaphore
per origin enforces for next to nothing when it is not full. (5,000 304s over
50 hosts through the fetcher, medians of alternating runs: 2.8 s of CPU with
httpcore's pools, 2.4 s here.) The connections' own state lock is an asyncio one
too (see `_Connection`).

A connection goes back to its origin's idle list only if httpcore left it idle
once the response was closed: the body was read to its end and the server allowed
keep-alive. Anything else (a body left unread, a cancelled request, an error)
closes it. An idle connection is reused unless it has passed the keep-alive
expiry or has bytes or EOF waiting (the server closed it); those are closed and
the next one, or a new connection, is tried.

Origins are made on first use and kept for the most recently used ones only
(`kept_origins`), so many hosts never mean an unbounded number of open sockets;
an origin with a request in flight is never closed. This module does not map
httpcore exceptions: `translate` maps them into the scraper's error tree.
"""

from __future__ import annotations

import asyncio
import ssl
import time
from collections import OrderedDict
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import httpcore
import httpx

Origin = tuple[bytes, bytes, int | None]
"""Scheme, host and port as httpx.URL holds them."""

RawHeaders = list[tuple[bytes, bytes]]

SCHEMES = frozenset({b"http", b"https"})
"""What the connections speak; other URLs are refused before a connection is looked for."""

ALPN_PROTOCOLS = ["http/1.1"]
"""Offered in the TLS handshake: these connections speak HTTP/1.1 only."""


@dataclass(frozen=True)
class PoolLimits:
    """How many connections one origin may have, and how many origins keep theirs open."""

    per_origin: int
    """Connections to one origin at once, in use or idle."""
    kept_origins: int
    """Origins whose idle connections are kept; the least recently used idle one goes first."""
    keepalive_expiry: float
    """Seconds an idle connection is kept."""


class _Connection(httpcore.AsyncHTTP11Connection):
    """httpcore's HTTP/1.1 connection with a plain asyncio lock guarding its state.

    httpcore takes that lock twice a request through anyio, whose acquire yields to the
    event loop even when the lock is free. A connection here serves one request at a time
    (the transport checks it out), so the lock is never contended, and those yields were
    10% of the CPU of a run of 304s (5,000 through one crawler: 2.18 s, now 1.95 s).
    """

    def __init__(self, origin: httpcore.Origin, stream: httpcore.AsyncNetworkStream, *, keepalive_expiry: float):
        super().__init__(origin, stream, keepalive_expiry=keepalive_expiry)
        # Used only as `async with self._state_lock`, which asyncio.Lock supports as anyio's does.
        self._state_lock = asyncio.Lock()  # type: ignore[assignment]


@dataclass(eq=False)
class _OriginConnections:
    address: httpcore.Origin
    """The origin as httpcore's connections compare it, default port filled in."""
    slots: asyncio.Semaphore
    """One per connection the origin may have; held from check-out until the response is closed."""
    idle: list[httpcore.AsyncHTTP11Connection] = field(default_factory=list)
    busy: set[httpcore.AsyncHTTP11Connection] = field(default_factory=set)
    users: int = 0
    """Requests whose response is not closed yet, waiting ones included: an origin in use is never closed."""
    last_used: float = 0.0
    closed: bool = False
    """Set once the origin is dropped, so connections handed back later are closed, not kept."""

    def retire(self) -> list[httpcore.AsyncHTTP11Connection]:
        """Mark the origin closed and give up every connection it holds, idle or busy."""
        self.closed = True
        connections = [*self.idle, *self.busy]
        self.idle.clear()
        self.busy.clear()
        return connections


class GuardedTransport:
    """HTTP/1.1 over a few kept-alive connections per origin, each connected through the given backend."""

    def __init__(
        self,
        *,
        backend: httpcore.AsyncNetworkBackend,
        limits: PoolLimits,
        tls: Callable[[], ssl.SSLContext],
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._backend = backend
        self._limits = limits
        self._tls = tls
        self._tls_context: ssl.SSLContext | None = None
        """Made at the first https connection: loading the CA certificates takes ~20 ms, which a
        process that only talks to plain-http hosts (a crawler of local mirrors, say) never needs."""
        self._clock = clock
        self._origins: OrderedDict[Origin, _OriginConnections] = OrderedDict()

    @property
    def origins(self) -> int:
        """How many origins are kept now."""
        return len(self._origins)

    async def send(
        self, method: bytes, url: httpx.URL, headers: RawHeaders, *, extensions: dict[str, Any] | None = None
    ) -> Response:
        """Send a bodiless request with a Host header added; the caller must close the response."""
        scheme, host, port = origin = (url.raw_scheme, url.raw_host, url.port)
        if scheme not in SCHEMES or not host:
            raise httpcore.UnsupportedProtocol(f"only http and https URLs with a host can be sent, not {url}")
        request = httpcore.Request(
            method=method,
            url=httpcore.URL(scheme=scheme, host=host, port=port, target=url.raw_path),
            headers=[(b"Host", url.netloc), *headers],
            extensions=extensions,
        )
        entry = await self._connections_for(origin, request)
        entry.users += 1
        try:
            connection = await self._check_out(entry, request)
        except BaseException:
            self._release(entry)
            raise
        try:
            response = await connection.handle_async_request(request)
        except BaseException:
            await self._check_in(entry, connection)
            raise
        return Response(response, on_close=partial(self._check_in, entry, connection))

    async def aclose(self) -> None:
        """Close every connection, idle or in use, and forget every origin."""
        connections = [connection for entry in self._origins.values() for connection in entry.retire()]
        self._origins.clear()
        await _close_all(connections)

    async def _connections_for(self, origin: Origin, request: httpcore.Request) -> _OriginConnections:
        """The origin's connections, made on first use; making them may close origins nobody has used for long."""
        entry = self._origins.get(origin)
        if entry is None:
            stale = self._retire_stale()
            entry = self._origins[origin] = _OriginConnections(
                request.url.origin, asyncio.Semaphore(self._limits.per_origin)
            )
            entry.last_used = self._clock()
            await _close_all(stale)
        else:
            self._origins.move_to_end(origin)
            entry.last_used = self._clock()
        return entry

    def _retire_stale(self) -> list[httpcore.AsyncHTTP11Connection]:
        """Drop idle origins past the keep-alive expiry, and the least recently used ones past `kept_origins`.

        Oldest first, and only origins with no request in flight; an origin used
        again later is simply made anew. Returns the connections to close.
        """
        expired_before = self._clock() - self._limits.keepalive_expiry
        excess = len(self._origins) + 1 - self._limits.kept_origins
        dropping = []
        for origin, entry in self._origins.items():
            if excess <= 0 and entry.last_used > expired_before:
                break  # the rest were used more recently still
            if not entry.users:
                dropping.append(origin)
                excess -= 1
        return [connection for origin in dropping for connection in self._origins.pop(origin).retire()]

    async def _check_out(self, entry: _OriginConnections, request: httpcore.Request) -> httpcore.AsyncHTTP11Connection:
        """Take a slot, then a reusable idle connection or a new one; waiting for a slot obeys the pool timeout."""
        if entry.slots.locked():
            timeout = request.extensions.get("timeout", {}).get("pool")
            try:
                async with asyncio.timeout(timeout):
                    await entry.slots.acquire()
            except TimeoutError as exc:
                raise httpcore.PoolTimeout(f"no connection came free within {timeout:g} s") from exc
        else:
            await entry.slots.acquire()  # returns at once: a slot is free
        try:
            connection = await _take_idle(entry.idle)
            if connection is None:
                connection = await self._connect(entry.address, request)
        except BaseException:
            entry.slots.release()
            raise
        entry.busy.add(connection)
        return connection

    async def _connect(self, address: httpcore.Origin, request: httpcore.Request) -> httpcore.AsyncHTTP11Connection:
        """Open a connection through the backend (and so the guard), with TLS for https."""
        timeout = request.extensions.get("timeout", {}).get("connect")
        host = address.host.decode("ascii")
        stream = await self._backend.connect_tcp(host, address.port, timeout=timeout)
        if address.scheme == b"https":
            try:
                stream = await stream.start_tls(self._tls_context_made(), server_hostname=host, timeout=timeout)
            except BaseException:
                await stream.aclose()
                raise
        return _Connection(address, stream, keepalive_expiry=self._limits.keepalive_expiry)

    def _tls_context_made(self) -> ssl.SSLContext:
        if self._tls_context is None:
            self._tls_context = self._tls()
            self._tls_context.set_alpn_protocols(ALPN_PROTOCOLS)
        return self._tls_context

    async def _check_in(self, entry: _OriginConnections, connection: httpcore.AsyncHTTP11Connection) -> None:
        """Free the slot, then keep the connection if httpcore left it idle (body read, keep-alive) or close it."""
        entry.busy.discard(connection)
        entry.slots.release()
        self._release(entry)
        if connection.is_idle() and not entry.closed:
            entry.idle.append(connection)
        else:
            await connection.aclose()

    def _release(self, entry: _OriginConnections) -> None:
        entry.users -= 1
        entry.last_used = self._clock()


async def _take_idle(idle: list[httpcore.AsyncHTTP11Connection]) -> httpcore.AsyncHTTP11Connection | None:
    """The most recently used idle connection still fit for a request; unfit ones met on the way are closed."""
    while idle:
        connection = idle.pop()
        if connection.is_available() and not connection.has_expired():
            return connection
        await connection.aclose()
    return None


async def _close_all(connections: Iterable[httpcore.AsyncHTTP11Connection]) -> None:
    for connection in connections:
        await connection.aclose()


class Response:
    """A response whose body is still on the wire; closing it hands the connection back."""

    __slots__ = ("_on_close", "_response", "headers", "status")

    def __init__(self, response: httpcore.Response, *, on_close: Callable[[], Awaitable[None]]) -> None:
        self.status = response.status
        self.headers = Headers(response.headers)
        self._response = response
        self._on_close: Callable[[], Awaitable[None]] | None = on_close

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
                await on_close()


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
