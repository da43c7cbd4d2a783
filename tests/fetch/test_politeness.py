"""Politeness in isolation, on a fake clock: per-host gaps, per-host and global limits."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from scraper.fetching.politeness import Politeness, origin_key, origin_of


class FakeTime:
    """A clock that stands still, and a sleep that records how long it was asked to wait."""

    def __init__(self) -> None:
        self.now = 100.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)


def test_requests_to_one_host_line_up_a_delay_apart() -> None:
    time = FakeTime()
    politeness = Politeness(concurrency=4, per_host=4, clock=time.clock, sleep=time.sleep)

    async def request() -> None:
        async with politeness.slot("http://a:80", delay=2.0):
            pass

    async def run() -> None:
        await asyncio.gather(request(), request(), request())

    asyncio.run(run())

    # All three arrive at once: the first goes now, the others wait for their reserved turns.
    assert time.sleeps == [2.0, 4.0]
    assert politeness.ready_in("http://a:80") == 6.0


def test_other_hosts_do_not_wait_for_one_hosts_delay() -> None:
    time = FakeTime()
    politeness = Politeness(concurrency=4, per_host=1, clock=time.clock, sleep=time.sleep)

    async def run() -> None:
        for host in ("http://a:80", "http://b:80", "http://c:80"):
            async with politeness.slot(host, delay=5.0):
                pass

    asyncio.run(run())

    assert time.sleeps == []
    assert politeness.ready_in("http://a:80") == 5.0
    assert politeness.ready_in("http://unknown:80") == 0.0


def test_per_host_and_global_limits_bound_what_runs_at_once() -> None:
    politeness = Politeness(concurrency=3, per_host=2)
    running: dict[str, int] = {}
    peaks: dict[str, int] = {}
    total_peak = 0

    async def request(host: str) -> None:
        nonlocal total_peak
        async with politeness.slot(host, delay=0.0):
            running[host] = running.get(host, 0) + 1
            peaks[host] = max(peaks.get(host, 0), running[host])
            total_peak = max(total_peak, sum(running.values()))
            await asyncio.sleep(0.01)
            running[host] -= 1

    async def run() -> None:
        await asyncio.gather(*(request(host) for host in ["http://a:80"] * 5 + ["http://b:80"] * 5))

    asyncio.run(run())

    assert peaks == {"http://a:80": 2, "http://b:80": 2}
    assert total_peak == 3


@pytest.mark.parametrize("waiting_for", ["host", "global"])
def test_a_request_cancelled_while_waiting_gives_up_nothing_it_did_not_hold(waiting_for: str) -> None:
    politeness = Politeness(concurrency=1 if waiting_for == "global" else 2, per_host=1)
    holder_host = "http://a:80" if waiting_for == "host" else "http://b:80"
    order: list[str] = []

    async def run() -> None:
        release = asyncio.Event()

        async def holder() -> None:
            async with politeness.slot(holder_host, delay=0.0):
                order.append("holder")
                await release.wait()

        async def waiter(name: str) -> None:
            async with politeness.slot("http://a:80", delay=0.0):
                order.append(name)

        held = asyncio.create_task(holder())
        await asyncio.sleep(0)
        cancelled = asyncio.create_task(waiter("cancelled"))
        await asyncio.sleep(0)
        cancelled.cancel()
        await asyncio.gather(cancelled, return_exceptions=True)
        release.set()
        await held
        # Had the cancelled request kept a place, this one would wait forever.
        await asyncio.wait_for(waiter("next"), timeout=1.0)

    asyncio.run(run())

    assert order == ["holder", "next"]


@pytest.mark.parametrize(
    "url",
    [
        "http://Example.COM/a",
        "https://example.com:8443/x?q=1",
        "http://[::1]:8080/",
        "http://bücher.de/x",
        "http://xn--bcher-kva.de/",
        "HTTPS://example.com/#top",
    ],
)
def test_the_quick_origin_key_agrees_with_httpx(url: str) -> None:
    assert origin_key(url) == origin_of(httpx.URL(url))


@pytest.mark.parametrize("url", ["not a url", "ftp://x/", "http://a:99999/", "http:///nohost"])
def test_unusable_urls_share_the_empty_origin(url: str) -> None:
    assert origin_key(url) == ""
