"""Fixtures for the fetcher tests: a loopback server, a fast config, recorded retry waits."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator

import pytest

from scraper.config import Config, FetchConfig
from scraper.session import Scraper
from tests.support.server import LocalServer

FAST_FETCH = FetchConfig(
    allow_private_addresses=True,
    per_host_delay=0.0,
    connect_timeout=2.0,
    read_timeout=0.3,
    total_timeout=3.0,
    retries=2,
)
"""Loopback allowed, no politeness delay, timeouts short enough for stalls to end quickly."""


OpenSession = Callable[..., Scraper]


class SleepRecorder:
    """An injectable retry sleep that records each wait and returns at once."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


@pytest.fixture
def server() -> Iterator[LocalServer]:
    with LocalServer() as running:
        yield running


@pytest.fixture
def sleeps() -> SleepRecorder:
    return SleepRecorder()


def make_config(**fetch: object) -> Config:
    """The fast test config with some [fetch] settings changed."""
    return Config(fetch=dataclasses.replace(FAST_FETCH, **fetch))  # type: ignore[arg-type]


@pytest.fixture
def session(sleeps: SleepRecorder) -> Iterator[Scraper]:
    with Scraper(make_config(), sleep=sleeps) as running:
        yield running


@pytest.fixture
def open_session(sleeps: SleepRecorder) -> Iterator[OpenSession]:
    """A factory of sessions with some [fetch] settings changed, closed after the test."""
    opened: list[Scraper] = []

    def open_with(**fetch: object) -> Scraper:
        opened.append(Scraper(make_config(**fetch), sleep=sleeps))
        return opened[-1]

    yield open_with
    for session in opened:
        session.close()
