"""The retry policy's parts: Retry-After parsing and the wait it leads to."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import httpx
import pytest
from tenacity import RetryError

from scraper.config import FetchConfig
from scraper.errors import HTTPStatusError, TransportError
from scraper.fetching.retry import RetryableStatus, build_retrying, parse_retry_after

NOW = datetime(2024, 3, 12, 8, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("120", 120.0),
        (" 5 ", 5.0),
        ("0", 0.0),
        ("Tue, 12 Mar 2024 08:01:30 GMT", 90.0),
        ("Tue, 12 Mar 2024 07:00:00 GMT", 0.0),  # already past: go now
        ("soon", None),
        ("-5", None),
        ("1.5", None),  # RFC 9110 allows whole seconds only
        ("²", None),  # a digit to str.isdigit(), not to float()
        ("١٢", None),
        (None, None),
    ],
)
def test_retry_after_is_read_as_seconds_or_an_http_date(header: str | None, seconds: float | None) -> None:
    assert parse_retry_after(header, now=NOW) == seconds


def run_policy(outcomes: list[object], **settings: object) -> tuple[object, list[float], int]:
    """Drive the policy over canned outcomes; return the final one, the waits and the attempts."""
    waits: list[float] = []
    calls = 0

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    async def attempt() -> object:
        nonlocal calls
        outcome = outcomes[min(calls, len(outcomes) - 1)]
        calls += 1
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    config = FetchConfig(**settings)  # type: ignore[arg-type]

    async def run() -> object:
        return await build_retrying(config, sleep=sleep)(attempt)

    try:
        final = asyncio.run(run())
    except Exception as error:  # noqa: BLE001 - the error is the outcome under test
        final = error
    return final, waits, calls


def test_waits_grow_exponentially_with_jitter_up_to_the_maximum() -> None:
    busy = RetryableStatus("http://x/", 503)

    _, waits, calls = run_policy([busy], retries=5, backoff_initial=1.0, backoff_max=6.0)

    assert calls == 6
    for wait, base in zip(waits, [1.0, 2.0, 4.0, 6.0, 6.0], strict=True):
        assert base <= wait <= min(base + 1.0, 6.0)


def test_a_retry_after_longer_than_the_backoff_is_waited_in_full() -> None:
    _, waits, _ = run_policy([RetryableStatus("http://x/", 429, retry_after=42.0), "done"])

    assert waits == [42.0]


def test_a_retry_after_over_the_cap_stops_at_once() -> None:
    slow_down = RetryableStatus("http://x/", 429, retry_after=500.0)

    final, waits, calls = run_policy([slow_down], retry_after_cap=120.0)

    assert final is slow_down
    assert (waits, calls) == ([], 1)


def test_only_network_failures_are_retried() -> None:
    refused = TransportError("refused", url="http://x/")
    refused.__cause__ = httpx.ConnectError("refused")
    deadline = TransportError("deadline", url="http://x/")
    deadline.__cause__ = TimeoutError()

    assert run_policy([refused, "done"])[0] == "done"
    assert run_policy([deadline, "done"])[0] is deadline
    not_found = HTTPStatusError("404", url="http://x/", status=404)
    assert run_policy([not_found, "done"])[2] == 1


def test_pages_retried_at_the_same_time_keep_their_own_count_of_attempts() -> None:
    policy = build_retrying(FetchConfig(retries=2), sleep=lambda seconds: asyncio.sleep(0))
    busy = RetryableStatus("http://x/", 503)

    async def always_busy() -> RetryableStatus:
        await asyncio.sleep(0)
        return busy

    async def run() -> list[BaseException | RetryableStatus]:
        return await asyncio.gather(*(policy(always_busy) for _ in range(3)), return_exceptions=True)

    outcomes = asyncio.run(run())

    assert all(isinstance(outcome, RetryError) for outcome in outcomes)
    assert [outcome.last_attempt.attempt_number for outcome in outcomes if isinstance(outcome, RetryError)] == [3] * 3
