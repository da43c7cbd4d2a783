"""Building the one httpx client a scraper session uses: identity, timeouts, pool size."""

from __future__ import annotations

from http.cookiejar import CookieJar, DefaultCookiePolicy

import httpx

from scraper.config import FetchConfig
from scraper.fetching.network import GuardedBackend
from scraper.fetching.transport import GuardedTransport, PoolLimits

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


def build_client(config: FetchConfig, backend: GuardedBackend) -> httpx.AsyncClient:
    """An AsyncClient that verifies TLS, keeps no cookies and follows no redirects by itself."""
    transport = GuardedTransport(
        backend=backend,
        limits=pool_limits(config),
        ssl_context=httpx.create_ssl_context(verify=True),
    )
    return httpx.AsyncClient(
        transport=transport,
        headers={"User-Agent": config.user_agent, "Accept": ACCEPT, "Accept-Encoding": ACCEPT_ENCODING},
        timeout=httpx.Timeout(
            connect=config.connect_timeout,
            read=config.read_timeout,
            write=config.read_timeout,
            pool=config.connect_timeout,
        ),
        follow_redirects=False,
        # Cookies would make fetches depend on earlier ones and grow without bound over a long run.
        cookies=httpx.Cookies(CookieJar(policy=DefaultCookiePolicy(allowed_domains=[]))),
        trust_env=False,
    )
