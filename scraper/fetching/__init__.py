"""Fetching: the I/O half of the scraper. Imports run one way, top to bottom:

    fetcher     one document: robots, politeness, redirects, retries, decoding
    batch       many documents, bounded per host, outcomes as they complete
    exchange    one request/response, the boundary where httpx/aiohttp errors are translated
    client      the request sender: identity, timeouts, connection limits
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
"""

from scraper.fetching.batch import fetch_many
from scraper.fetching.fetcher import Fetcher

__all__ = ["Fetcher", "fetch_many"]
