"""Which proxy, if any, a URL goes through: `[fetch] proxy`, per-site `proxy`, or the environment.

With `trust_env` (the default) the variables curl and httpx read are honoured:
`HTTP_PROXY`, `HTTPS_PROXY`, `ALL_PROXY` and `NO_PROXY`, the lower-case
spelling first, as curl does. `NO_PROXY` is a comma-separated list of host
names (each also matching its subdomains; a leading dot is the same), IP
addresses or networks, with an optional `:port`, or `*` for every host. A
configured proxy is used for every host, as httpx does with an explicit one.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from dataclasses import dataclass

import httpx

from scraper.errors import ConfigError

PROXY_SCHEMES = frozenset({"http", "https", "socks5", "socks5h", "socks4", "socks4a"})
ENV_SCHEMES = ("http", "https")


@dataclass(frozen=True)
class NoProxyEntry:
    """One NO_PROXY item: a host suffix or an address network, on one port or all."""

    host: str = ""
    network: ipaddress.IPv4Network | ipaddress.IPv6Network | None = None
    port: int | None = None

    def matches(self, host: str, port: int) -> bool:
        """True if a request to `host`:`port` should bypass the proxy."""
        if self.port is not None and self.port != port:
            return False
        if self.network is not None:
            try:
                return ipaddress.ip_address(host) in self.network
            except ValueError:
                return False
        return host == self.host or host.endswith("." + self.host)


@dataclass(frozen=True)
class ProxyRoutes:
    """The proxy for each scheme, and the hosts that bypass it."""

    by_scheme: Mapping[str, httpx.URL]
    bypass: tuple[NoProxyEntry, ...] = ()
    bypass_all: bool = False

    def proxy_for(self, url: httpx.URL) -> httpx.URL | None:
        """The proxy `url` goes through, or None to connect directly."""
        proxy = self.by_scheme.get(url.scheme)
        if proxy is None or self.bypass_all:
            return None
        host = url.host.lower()
        port = url.port or (443 if url.scheme == "https" else 80)
        if any(entry.matches(host, port) for entry in self.bypass):
            return None
        return proxy


def parse_proxy(text: str, where: str) -> httpx.URL:
    """A proxy URL, checked; a bare `host:port` means an http proxy, as curl takes it."""
    candidate = text.strip()
    if "://" not in candidate:
        candidate = "http://" + candidate
    try:
        url = httpx.URL(candidate)
    except httpx.InvalidURL as exc:
        raise ConfigError(f"{where} is not a valid proxy URL: {exc}") from None
    if url.scheme not in PROXY_SCHEMES or not url.host:
        schemes = ", ".join(sorted(PROXY_SCHEMES))
        raise ConfigError(f"{where} must be a proxy URL with a host and one of the schemes {schemes}: {redact(url)}")
    return url


def redact(url: httpx.URL | str) -> str:
    """A proxy URL fit to print: any user name and password replaced by ***."""
    parsed = url if isinstance(url, httpx.URL) else httpx.URL(url)
    return str(parsed.copy_with(userinfo=b"***")) if parsed.userinfo else str(parsed)


def routes_for(proxy: str, *, trust_env: bool, environ: Mapping[str, str]) -> ProxyRoutes:
    """Routes from a configured proxy (every http and https URL), else from the environment if trusted."""
    if proxy:
        url = parse_proxy(proxy, "'fetch.proxy'")
        return ProxyRoutes({scheme: url for scheme in ENV_SCHEMES})
    if not trust_env:
        return ProxyRoutes({})
    fallback = _variable(environ, "all_proxy")
    by_scheme = {}
    for scheme in ENV_SCHEMES:
        value = _variable(environ, f"{scheme}_proxy") or fallback
        if value:
            by_scheme[scheme] = parse_proxy(value, f"${scheme.upper()}_PROXY")
    bypass, bypass_all = _no_proxy(_variable(environ, "no_proxy"))
    return ProxyRoutes(by_scheme, bypass, bypass_all)


def _variable(environ: Mapping[str, str], name: str) -> str:
    return (environ.get(name) or environ.get(name.upper()) or "").strip()


def _no_proxy(text: str) -> tuple[tuple[NoProxyEntry, ...], bool]:
    entries = []
    for item in (part.strip().lower() for part in text.split(",")):
        if not item:
            continue
        if item == "*":
            return (), True
        entries.append(_no_proxy_entry(item))
    return tuple(entries), False


def _no_proxy_entry(item: str) -> NoProxyEntry:
    host, port = item, None
    if item.startswith("["):  # [v6]:port
        host, _, rest = item[1:].partition("]")
        port = _port(rest.removeprefix(":"))
    elif item.count(":") == 1:
        host, _, number = item.partition(":")
        port = _port(number)
    try:
        return NoProxyEntry(network=ipaddress.ip_network(host, strict=False), port=port)
    except ValueError:
        return NoProxyEntry(host=host.lstrip("."), port=port)


def _port(text: str) -> int | None:
    return int(text) if text.isdigit() else None
