"""The HTTP engine: httpx transports over aiohttp's connections, through `httpx-aiohttp`.

httpx's seam for another engine is the transport; `httpx_aiohttp.AiohttpTransport`
takes an aiohttp `ClientSession` of our making, and that session's connector
is where the SSRF guard sits (see `network`). Measured on this machine (issue
11, 2,000 pages from 50 local hosts at concurrency 64): httpx's own pool 484
pages/s, httpx over aiohttp 1,790, raw aiohttp 2,450.

The session is made at the first request, on the event loop that sends it
(aiohttp binds a session to its loop). It keeps no cookies (`DummyCookieJar`),
reads no proxy settings from the environment (`proxies` decides that), and
leaves bodies compressed: `body` decodes them under the size limit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import aiohttp
import httpx
from httpx_aiohttp import AiohttpTransport

from scraper.fetching.guard import AddressPolicy
from scraper.fetching.network import GuardedResolver, Resolver, guarded_socket_factory

KEEPALIVE_EXPIRY = 30.0
"""Seconds an idle connection is kept; servers commonly drop them after 5 to 60."""

SOCKS_SCHEMES = frozenset({"socks5", "socks5h", "socks4", "socks4a"})
"""All sent with remote DNS: the proxy resolves the name (the `h` and `a` spellings ask for that anyway)."""
SOCKS_PORT = 1080


@dataclass(frozen=True)
class ConnectionLimits:
    """How many connections may be open at once, over all hosts and to one host."""

    total: int
    per_host: int


def direct_transport(limits: ConnectionLimits, policy: AddressPolicy, resolver: Resolver) -> AiohttpTransport:
    """A transport whose every connection goes to an address the policy permits, and only there.

    Happy Eyeballs is off: it races addresses in tasks whose errors it folds
    into one OSError, which would turn the guard's refusal into "cannot
    connect". The resolver already refuses a name with any blocked address, so
    the addresses are tried one after the other, as browsers without it do.
    """

    def connector() -> aiohttp.BaseConnector:
        return aiohttp.TCPConnector(
            limit=limits.total,
            limit_per_host=limits.per_host,
            keepalive_timeout=KEEPALIVE_EXPIRY,
            resolver=GuardedResolver(policy, resolver),
            socket_factory=guarded_socket_factory(policy),
            happy_eyeballs_delay=None,
        )

    return _transport(connector)


def proxied_transport(proxy: httpx.URL, limits: ConnectionLimits) -> AiohttpTransport:
    """A transport that sends every request through `proxy` (http, https or socks).

    The proxy itself is trusted (it is configured, often on loopback); the
    guard checks the target's addresses before the request (see `client`).
    SOCKS goes through aiohttp-socks's connector with remote DNS, so the proxy
    is never told an address the guard did not see.
    """
    if proxy.scheme in SOCKS_SCHEMES:
        from aiohttp_socks import ProxyConnector, ProxyType

        def socks_connector() -> aiohttp.BaseConnector:
            return ProxyConnector(
                proxy_type=ProxyType.SOCKS4 if proxy.scheme.startswith("socks4") else ProxyType.SOCKS5,
                host=proxy.host,
                port=proxy.port or SOCKS_PORT,
                username=proxy.username or None,
                password=proxy.password or None,
                rdns=True,
                limit=limits.total,
                limit_per_host=limits.per_host,
                keepalive_timeout=KEEPALIVE_EXPIRY,
            )

        return _transport(socks_connector)

    def connector() -> aiohttp.BaseConnector:
        return aiohttp.TCPConnector(
            limit=limits.total, limit_per_host=limits.per_host, keepalive_timeout=KEEPALIVE_EXPIRY
        )

    # httpx.Proxy moves credentials out of the URL; httpx-aiohttp hands them to aiohttp as proxy_auth, which
    # aiohttp sends on CONNECT and on requests in absolute form alike (proxy_headers only reach CONNECT).
    return _transport(connector, proxy=httpx.Proxy(proxy))


def _transport(connector: Callable[[], aiohttp.BaseConnector], proxy: httpx.Proxy | None = None) -> AiohttpTransport:
    def session() -> aiohttp.ClientSession:
        return aiohttp.ClientSession(
            connector=connector(), cookie_jar=aiohttp.DummyCookieJar(), auto_decompress=False, trust_env=False
        )

    # TLS is verified by the connector (aiohttp's default ssl=True). The transport's own SSL context is
    # used only when it builds its own session, which it never does here; verify=False keeps it from
    # loading a CA bundle for nothing (30 ms at every session start, in every crawler process).
    return AiohttpTransport(client=session, proxy=proxy, verify=False)
