"""Building the one httpx client a scraper session uses: identity, timeouts, pool size."""

from __future__ import annotations

from http.cookiejar import CookieJar, DefaultCookiePolicy

import httpx

from scraper.config import FetchConfig
from scraper.fetch.network import GuardedBackend
from scraper.fetch.transport import GuardedTransport

ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
ACCEPT_ENCODING = "gzip, deflate"
"""Only the codings `body` decodes itself, so the size limit sees every decoded byte."""

KEEPALIVE_EXPIRY = 30.0
"""Seconds an idle connection is kept; servers commonly drop them after 5 to 60."""

IDLE_CONNECTIONS_PER_SLOT = 2
"""Idle connections kept per concurrency slot, so hosts taking turns find theirs still open.

At most `concurrency` requests are ever in flight (the politeness layer sees
to that), so the pool never has to queue. The headroom is for keep-alive:
capped at `concurrency`, a pool shared by more hosts than slots closes and
reopens a connection for nearly every request. Unlimited, httpcore scans an
ever longer list of idle connections on every request (httpcore#1035).
Measured with benchmarks/fetch.py --hosts 32 (concurrency 16): one idle
connection per slot reopened a connection for each of 2,000 pages (381
pages/s); two per slot kept all 32 open (572 pages/s); 8 hosts ran the same.
"""


def pool_limits(config: FetchConfig) -> httpx.Limits:
    """Size the connection pool from the concurrency settings."""
    connections = max(1, config.concurrency) * IDLE_CONNECTIONS_PER_SLOT
    return httpx.Limits(
        max_connections=connections,
        max_keepalive_connections=connections,
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
