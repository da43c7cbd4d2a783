"""One HTTP request and its response: the boundary where httpx and aiohttp meet the scraper.

Everything httpx or aiohttp raises in here leaves as a FetchError (see
`translate`). The response is classified so the caller can decide about
redirects, retries and errors without touching the network again.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass

import httpx

from scraper.fetching.body import read_body
from scraper.fetching.client import Client
from scraper.fetching.kinds import accept
from scraper.fetching.translate import translating
from scraper.models import DocumentKind

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})

DRAIN_LIMIT = 64 * 1024
"""Bytes of an unwanted body (a redirect, an error page) read so its connection can be reused;
past this, closing the connection is cheaper."""


@dataclass(frozen=True)
class Redirect:
    """A 3xx pointing somewhere else; `location` is absolute."""

    status: int
    location: httpx.URL


@dataclass(frozen=True)
class Document:
    """A 2xx response whose body was read and decompressed within the limit."""

    status: int
    headers: Mapping[str, str]
    """Lower-case names; a repeated field's values joined by ", "."""
    content: bytes


@dataclass(frozen=True)
class Status:
    """Any other response; its body is drained and dropped."""

    status: int
    headers: Mapping[str, str]


Hop = Redirect | Document | Status


async def exchange(
    client: Client,
    url: httpx.URL,
    *,
    headers: Mapping[str, str],
    kind: DocumentKind | None,
    limit: int,
    deadline: float,
    timeout: float,
) -> Hop:
    """GET `url` once; `kind` None accepts any content type; `timeout` is what is left of `deadline`."""
    text = str(url)  # httpx builds it anew on every str(): once per hop is enough
    with translating(text, deadline=deadline):
        async with asyncio.timeout(timeout):
            response = await client.get(url, headers)
            try:
                return await _classify(response, url, text, kind=kind, limit=limit)
            finally:
                await response.aclose()


async def _classify(
    response: httpx.Response, url: httpx.URL, text: str, *, kind: DocumentKind | None, limit: int
) -> Hop:
    status = response.status_code
    # A plain dict, made once: httpx.Headers scans every field on each lookup, and a page is looked up ~10 times.
    headers = dict(response.headers.items())
    location = headers.get("location")
    if status in REDIRECT_STATUSES and location:
        await _drain(response)
        return Redirect(status, url.join(location).copy_with(fragment=None))
    if not 200 <= status < 300:
        await _drain(response)
        return Status(status, headers)
    sniff_gzip = False
    if kind is not None:
        sniff_gzip = accept(kind, headers.get("content-type"), url=text, path=url.path).may_be_gzip
    content = await read_body(response, headers, limit=limit, url=text, sniff_gzip=sniff_gzip)
    return Document(status, headers, content)


async def _drain(response: httpx.Response) -> None:
    """Read a small unwanted body to its end, so the connection goes back to the pool."""
    received = 0
    async for chunk in response.aiter_raw():
        received += len(chunk)
        if received > DRAIN_LIMIT:
            return
