"""The engine under httpx: aiohttp's connections kept alive, capped per host, never carrying cookies."""

from __future__ import annotations

import asyncio

import pytest

from scraper.errors import HTTPStatusError
from scraper.session import AsyncScraper, Scraper
from tests.fetch.conftest import OpenSession, make_config
from tests.support.server import LocalServer, Reply

PAGE = b"<html><body><p>news</p></body></html>"
DRAIN_PAST = 200 * 1024
"""An error page longer than the fetcher drains: its connection cannot be reused."""


def test_pages_from_one_host_share_a_kept_alive_connection(server: LocalServer, session: Scraper) -> None:
    server.add("/page", Reply(body=PAGE))

    for _ in range(3):
        session.fetch(server.url("/page"))

    assert len({request.client_port for request in server.requests}) == 1


def test_per_host_concurrency_caps_the_connections_to_one_host(server: LocalServer) -> None:
    server.add("/slow", Reply(body=PAGE, delay=0.1))
    urls = [server.url("/slow") + f"?n={index}" for index in range(8)]

    async def run() -> None:
        config = make_config(concurrency=8, per_host_concurrency=2, obey_robots=False)
        async with AsyncScraper(config) as session:
            assert all([outcome.ok async for outcome in session.fetch_many(urls)])

    asyncio.run(run())

    assert server.max_in_flight == 2
    assert len({request.client_port for request in server.requests}) == 2


def test_a_connection_whose_body_was_left_unread_is_not_reused(server: LocalServer, session: Scraper) -> None:
    server.add("/missing", Reply(status=404, body=b"x" * DRAIN_PAST))
    server.add("/page", Reply(body=PAGE))

    session.fetch(server.url("/page"))
    with pytest.raises(HTTPStatusError):
        session.fetch(server.url("/missing"))
    session.fetch(server.url("/page"))

    first, missing, last = (request.client_port for request in server.requests if request.path != "/robots.txt")
    assert first == missing
    assert last != missing


def test_a_server_that_says_connection_close_gets_a_new_connection(server: LocalServer, session: Scraper) -> None:
    server.add("/page", Reply(body=PAGE, headers={"Connection": "close"}))

    session.fetch(server.url("/page"))
    session.fetch(server.url("/page"))

    pages = [request.client_port for request in server.requests_for("/page")]
    assert len(set(pages)) == 2


def test_cookies_a_server_sets_are_never_sent_back(server: LocalServer, open_session: OpenSession) -> None:
    server.add("/page", Reply(body=PAGE, headers={"Set-Cookie": "session=abc; Path=/"}))
    session = open_session(obey_robots=False)

    session.fetch(server.url("/page"))
    session.fetch(server.url("/page"))

    assert all("cookie" not in request.headers for request in server.requests_for("/page"))


def test_response_headers_that_are_not_utf8_are_read_as_latin1(server: LocalServer, session: Scraper) -> None:
    # The test server writes header text as Latin-1: "caf\xe9" goes out as one byte 0xE9, not UTF-8.
    server.add("/page", Reply(body=PAGE, headers={"X-Place": "caf\xe9"}))

    assert session.fetch(server.url("/page")).headers["x-place"] == "café"
