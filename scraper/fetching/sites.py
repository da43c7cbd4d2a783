"""What a request to one host carries: [fetch]'s headers, then its [[fetch.sites]] table's, and its proxy.

Worked out once per host and kept: a crawl asks for the same few hosts thousands of times.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import httpx

from scraper.config import FetchConfig, FetchSite
from scraper.fetching.proxies import parse_proxy

ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
ACCEPT_ENCODING = "gzip, deflate, br, zstd"
"""Only the codings `body` decodes itself, so the size limit sees every decoded byte."""

HOSTS_REMEMBERED = 4096
"""Hosts whose profile is kept; a crawl over more works them out again, at a few microseconds each."""

RawHeaders = tuple[tuple[bytes, bytes], ...]


@dataclass(frozen=True)
class HostProfile:
    """The headers every request to a host starts with, its politeness delay, and how it is reached."""

    headers: RawHeaders
    """Every field but Cookie."""
    cookie: str
    """The site table's cookies as a Cookie header value; "" for none."""
    jar: str
    """The site table whose cookie jar this host shares, when it keeps cookies; "" when none is kept."""
    per_host_delay: float
    proxy: httpx.URL | None
    """The site table's proxy; None connects directly."""
    uses_routes: bool
    """True when the site table names no proxy: [fetch] proxy or the environment decide, by URL."""


def site_for(sites: tuple[FetchSite, ...], host: str) -> FetchSite | None:
    """The most specific [[fetch.sites]] table for `host` (an exact host before a parent domain)."""
    host = host.lower()
    best: FetchSite | None = None
    for site in sites:
        name = site.host.lower().strip(" .")
        if (host == name or host.endswith("." + name)) and (best is None or len(name) > len(best.host.strip(" ."))):
            best = site
    return best


def profiles(config: FetchConfig) -> Callable[[str], HostProfile]:
    """A function from host name to its HostProfile, remembering the most recent hosts."""

    @functools.lru_cache(maxsize=HOSTS_REMEMBERED)
    def profile(host: str) -> HostProfile:
        site = site_for(config.sites, host)
        fields: dict[str, str] = {"User-Agent": config.user_agent, "Accept": ACCEPT, **config.headers}
        proxy_setting: str | None = None
        delay = config.per_host_delay
        cookie = jar = ""
        if site is not None:
            fields.update(site.headers)
            if site.user_agent is not None:
                fields["User-Agent"] = site.user_agent
            cookie = "; ".join(f"{name}={value}" for name, value in site.cookies.items())
            jar = site.host.lower().strip(" .") if site.keep_cookies else ""
            if site.per_host_delay is not None:
                delay = site.per_host_delay
            proxy_setting = site.proxy
        fields["Accept-Encoding"] = ACCEPT_ENCODING  # never overridden: `body` decodes only these
        proxy = None
        if proxy_setting:
            proxy = parse_proxy(proxy_setting, f"'fetch.sites' proxy of {host}")
        configured = [fields.pop(name) for name in list(fields) if name.lower() == "cookie"]  # a --header Cookie
        cookie = "; ".join(part for part in (*configured, cookie) if part)
        return HostProfile(
            headers=_raw(fields),
            cookie=cookie,
            jar=jar,
            per_host_delay=delay,
            proxy=proxy,
            uses_routes=proxy_setting is None,
        )

    return profile


def _raw(fields: Mapping[str, str]) -> RawHeaders:
    """Header fields as bytes: names in ASCII, values in UTF-8 (a validator read from UTF-8 goes back unchanged)."""
    merged: dict[str, tuple[bytes, bytes]] = {}
    for name, value in fields.items():
        merged[name.lower()] = (name.encode("ascii"), value.encode("utf-8"))
    return tuple(merged.values())
