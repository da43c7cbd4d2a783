"""The client a scraper session sends its requests through: identity, timeouts, pool size.

It is deliberately small. The fetcher follows redirects by hand, keeps no
cookies and uses no auth or hooks, so httpx.AsyncClient's per-request
machinery (request and response models, cookie extraction on every response)
was pure overhead: through it, 5,000 not-modified pages cost 3.4 s of CPU;
sent straight to the per-origin pools, 2.7 s.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

import httpx

from scraper.config import FetchConfig
from scraper.fetching.network import GuardedBackend
from scraper.fetching.transport import GuardedTransport, PoolLimits, Response

ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
ACCEPT_ENCODING = "gzip, deflate"
"""Only the codings `body` decodes itself, so the size limit sees every decoded byte."""

KEEPALIVE_EXPIRY = 30.0
"""Seconds an idle connection is kept; servers commonly drop them after 5 to 60."""

IDLE_CONNECTIONS_KEPT = 256
"""Connections kept open across all origins; more only while requests in flight need them.

Each origin has its own small pool (see `transport`), so hosts taking turns
find their connections still open; this caps how many origins keep theirs,
so a run over thousands of hosts holds a bounded number of sockets, well
under the usual limit of 1,024 file descriptors. 256 keeps the 50 hosts of
benchmarks/run.py (two connections each) open from one turn to the next.
"""


class Client:
    """Sends GETs with the scraper's identity and timeouts; follows no redirects and keeps no cookies."""

    def __init__(self, transport: GuardedTransport, *, user_agent: str, timeouts: Mapping[str, float]) -> None:
        self._transport = transport
        self._headers = [
            (b"User-Agent", _encode(user_agent)),
            (b"Accept", ACCEPT.encode("ascii")),
            (b"Accept-Encoding", ACCEPT_ENCODING.encode("ascii")),
        ]
        # httpcore reads the "timeout" extension and never changes it, so every request shares this one.
        self._extensions: dict[str, Any] = {"timeout": dict(timeouts)}

    async def get(self, url: httpx.URL, headers: Mapping[str, str]) -> Response:
        """Send a GET with the default headers plus `headers`; the caller must close the response."""
        raw = [*self._headers, *((_encode(name), _encode(value)) for name, value in headers.items())]
        return await self._transport.send(b"GET", url, raw, extensions=self._extensions)

    async def aclose(self) -> None:
        """Close every pooled connection."""
        await self._transport.aclose()


def pool_limits(config: FetchConfig) -> PoolLimits:
    """Size the per-origin pools from the concurrency settings.

    The politeness layer lets at most `per_host_concurrency` requests run on one
    origin at once and releases its slot only after the response is closed, so
    that many connections per origin are all a pool ever needs.
    """
    per_origin = max(1, config.per_host_concurrency)
    return PoolLimits(
        per_origin=per_origin,
        kept_origins=max(1, config.concurrency, IDLE_CONNECTIONS_KEPT // per_origin),
        keepalive_expiry=KEEPALIVE_EXPIRY,
    )


def build_client(config: FetchConfig, backend: GuardedBackend) -> Client:
    """A client that verifies TLS and connects only through `backend`."""
    transport = GuardedTransport(
        backend=backend,
        limits=pool_limits(config),
        tls=functools.partial(httpx.create_ssl_context, verify=True),
    )
    return Client(
        transport,
        user_agent=config.user_agent,
        timeouts={
            "connect": config.connect_timeout,
            "read": config.read_timeout,
            "write": config.read_timeout,
            "pool": config.connect_timeout,
        },
    )


def _encode(text: str) -> bytes:
    """Header text as UTF-8: ASCII stays as it is, and a validator read from UTF-8 bytes goes back unchanged."""
    return text.encode("utf-8")
