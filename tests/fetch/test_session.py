"""The public sessions and the one-shot wrappers."""

from __future__ import annotations

import asyncio
import dataclasses
import threading
from pathlib import Path

import pytest

import scraper
from scraper.errors import BlockedAddressError, ConfigError
from scraper.models import Article
from scraper.session import AsyncScraper, Scraper, fetch, scrape
from tests.fetch.conftest import make_config
from tests.support.server import LocalServer, Reply

ARTICLE = (Path(__file__).parent / "pages" / "article.html").read_bytes()


def test_scrape_fetches_and_extracts_the_article(server: LocalServer) -> None:
    server.add("/article", Reply(body=ARTICLE))

    article = scrape(server.url("/article"), config=make_config())

    assert isinstance(article, Article)
    assert "second-hand vessel" in article.text
    assert article.url == server.url("/article")


def test_fetch_passes_the_validators_on(server: LocalServer) -> None:
    server.add("/article", Reply(body=ARTICLE, etag='"a1"'))

    result = fetch(server.url("/article"), config=make_config(), etag='"a1"')

    assert result.not_modified


def test_the_wrappers_default_to_the_built_in_config_with_the_guard_on(server: LocalServer) -> None:
    server.add("/article", Reply(body=ARTICLE))

    with pytest.raises(BlockedAddressError):
        fetch(server.url("/article"))

    assert server.requests == []


def test_the_sync_session_works_inside_a_running_event_loop(server: LocalServer) -> None:
    server.add("/article", Reply(body=ARTICLE))

    async def caller() -> int:
        with Scraper(make_config()) as session:
            return session.fetch(server.url("/article")).status

    assert asyncio.run(caller()) == 200


def test_the_async_session_scrapes_too(server: LocalServer) -> None:
    server.add("/article", Reply(body=ARTICLE))

    async def run() -> Article:
        async with AsyncScraper(make_config()) as session:
            return await session.scrape(server.url("/article"))

    assert "harbour master" in asyncio.run(run()).text


def test_closing_twice_is_harmless() -> None:
    session = Scraper(make_config())
    session.close()
    session.close()


def test_one_session_reuses_its_connections(server: LocalServer) -> None:
    server.add("/a", Reply(body=ARTICLE))

    with Scraper(make_config()) as session:
        for _ in range(5):
            session.fetch(server.url("/a"))

    assert len(server.requests) == 6  # robots.txt and five pages
    assert len({request.client_port for request in server.requests}) == 1


def test_results_serialise_to_plain_data(server: LocalServer) -> None:
    server.add("/a", Reply(body=ARTICLE))

    result = fetch(server.url("/a"), config=make_config())
    data = result.to_dict()

    assert data["status"] == 200
    assert "content" not in data
    assert isinstance(data["fetched_at"], str)
    assert dataclasses.is_dataclass(result)


def test_the_package_exports_the_sessions() -> None:
    assert {"AsyncScraper", "Scraper", "fetch", "scrape", "FetchRequest", "FetchOutcome"} <= set(scraper.__all__)
    assert scraper.scrape is scrape


def test_a_closed_session_says_so() -> None:
    session = Scraper(make_config())
    session.close()

    with pytest.raises(RuntimeError, match="closed"):
        session.fetch("http://127.0.0.1/")


def test_a_bad_config_fails_at_once_and_leaves_no_thread_behind() -> None:
    before = threading.active_count()

    with pytest.raises(ConfigError, match="allowed_networks"):
        Scraper(make_config(allowed_networks=["not-a-network"]))

    assert threading.active_count() == before
