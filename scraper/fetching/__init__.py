"""Fetching: the I/O half of the scraper. Imports run one way, top to bottom:

    fetcher     one document: robots, politeness, redirects, retries, decoding
    batch       many documents, bounded per host, outcomes as they complete
    exchange    one request/response, the boundary where httpx/aiohttp errors are translated
    client      the request sender: each host's headers and route, timeouts
    sites       what a request to one host carries: headers, cookies, delay, proxy
    proxies     which proxy a URL goes through: config, site tables, environment
    engine      httpx transports over aiohttp's connections (httpx-aiohttp)
    network     the guarded resolver and socket factory aiohttp's connector uses
    guard       which schemes and addresses are allowed
    robots      robots.txt per origin, RFC 9309
    politeness  global and per-host concurrency, delay between requests
    retry       the tenacity policy and Retry-After
    body        reading under a limit on the decoded size
    kinds       accepted content types per kind of document
    encoding    bytes to text, and how the charset was chosen
    translate   httpx/aiohttp exceptions to the scraper's error tree
    loop        a background event loop for the synchronous API

`scraper.session` is the public face; nothing here is imported by `extract`.

`Fetcher` and `fetch_many` are imported on first use: `scraper run`'s main
process imports `robots` (for the robots.txt it keeps in its store) without
fetching anything itself, and importing the HTTP stack (aiohttp alone is
~0.15 s) would delay the start of its crawlers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from scraper.fetching.batch import fetch_many
    from scraper.fetching.fetcher import Fetcher

__all__ = ["Fetcher", "fetch_many"]


def __getattr__(name: str) -> Any:
    if name == "Fetcher":
        from scraper.fetching.fetcher import Fetcher

        return Fetcher
    if name == "fetch_many":
        from scraper.fetching.batch import fetch_many

        return fetch_many
    raise AttributeError(f"module 'scraper.fetching' has no attribute {name!r}")
