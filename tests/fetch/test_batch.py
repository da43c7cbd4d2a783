"""fetch_many: outcomes as they complete, bounded overall and per host, failures as values."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator, Sequence

import pytest

from scraper.errors import HTTPStatusError
from scraper.fetching.batch import FIRST_WINDOW, READ_AHEAD
from scraper.models import FetchOutcome, FetchRequest
from scraper.session import AsyncScraper
from tests.fetch.conftest import make_config
from tests.support.server import Fault, LocalServer, Reply

PAGE = b"<html><body><p>news</p></body></html>"
LATENCY = 0.1


@pytest.fixture
def hosts() -> Iterator[list[LocalServer]]:
    """Three servers on distinct ports: three hosts as far as politeness is concerned."""
    servers = [LocalServer().start() for _ in range(3)]
    for running in servers:
        running.add("/robots.txt", Reply(body=b"User-agent: *\nAllow: /\n", content_type="text/plain"))
        for index in range(6):
            running.add(f"/page/{index}", Reply(body=PAGE, delay=LATENCY))
    yield servers
    for running in servers:
        running.stop()


async def no_wait(seconds: float) -> None:
    """Retry backoff is not what these tests measure."""


def collect(items: Sequence[str | FetchRequest], **fetch: object) -> list[FetchOutcome]:
    async def run() -> list[FetchOutcome]:
        async with AsyncScraper(make_config(**fetch), sleep=no_wait) as session:
            return [outcome async for outcome in session.fetch_many(items)]

    return asyncio.run(run())


def test_every_item_gets_exactly_one_outcome(hosts: list[LocalServer]) -> None:
    urls = [running.url(f"/page/{index}") for running in hosts for index in range(6)]

    outcomes = collect(urls, concurrency=6, per_host_concurrency=2)

    assert sorted(outcome.request.url for outcome in outcomes) == sorted(urls)
    assert all(outcome.ok and outcome.result is not None for outcome in outcomes)


def test_per_host_and_global_limits_hold(hosts: list[LocalServer]) -> None:
    urls = [running.url(f"/page/{index}") for index in range(6) for running in hosts]

    started = time.monotonic()
    collect(urls, concurrency=4, per_host_concurrency=2)
    elapsed = time.monotonic() - started

    assert max(running.max_in_flight for running in hosts) == 2
    # 18 pages of 0.1 s, 4 at a time: at least 5 rounds; all at once would take one.
    assert elapsed >= 5 * LATENCY - 0.02


def test_the_global_limit_caps_all_hosts_together(hosts: list[LocalServer]) -> None:
    urls = [running.url(f"/page/{index}") for index in range(2) for running in hosts]

    started = time.monotonic()
    collect(urls, concurrency=1, per_host_concurrency=2)

    assert all(running.max_in_flight == 1 for running in hosts)
    assert time.monotonic() - started >= 6 * LATENCY - 0.02


def test_one_slow_host_does_not_hold_up_the_others(hosts: list[LocalServer]) -> None:
    slow, *others = hosts
    slow.add("/slow", Reply(body=PAGE, delay=0.8))
    urls = [slow.url("/slow")] * 3 + [running.url(f"/page/{index}") for running in others for index in range(6)]

    async def run() -> list[str]:
        order = []
        config = make_config(concurrency=4, per_host_concurrency=1, read_timeout=3.0)
        async with AsyncScraper(config, sleep=no_wait) as session:
            async for outcome in session.fetch_many(urls):
                order.append(outcome.request.url)
        return order

    order = asyncio.run(run())

    slow_done = [position for position, url in enumerate(order) if url.endswith("/slow")]
    last_fast = max(position for position, url in enumerate(order) if "/page/" in url)
    assert last_fast < slow_done[1]  # the other hosts finished while the slow one served its second page


def test_failures_are_outcomes_not_exceptions(hosts: list[LocalServer]) -> None:
    good = hosts[0].url("/page/0")
    missing = hosts[0].url("/missing")

    outcomes = {outcome.request.url: outcome for outcome in collect([good, missing, "not a url", "ftp://x/"])}

    assert outcomes[good].ok
    assert isinstance(outcomes[missing].error, HTTPStatusError)
    assert outcomes[missing].result is None
    assert not outcomes["not a url"].ok
    assert not outcomes["ftp://x/"].ok


def test_requests_keep_their_kind_and_validators(hosts: list[LocalServer]) -> None:
    server = hosts[0]
    server.add("/feed", Reply(body=b"<rss/>", content_type="application/rss+xml", etag='"f1"'))
    request = FetchRequest(server.url("/feed"), etag='"f1"', kind="xml")

    (outcome,) = collect([request])

    assert outcome.request is request
    assert outcome.result is not None and outcome.result.not_modified


def test_per_host_delay_spaces_requests_to_one_host(hosts: list[LocalServer]) -> None:
    server = hosts[0]
    urls = [server.url(f"/page/{index}") for index in range(3)]

    collect(urls, per_host_delay=0.2, per_host_concurrency=2)

    starts = sorted(request.at for request in server.requests if request.path.startswith("/page/"))
    gaps = [later - earlier for earlier, later in zip(starts, starts[1:], strict=False)]
    assert all(gap >= 0.2 - 0.02 for gap in gaps)


def test_a_consumer_that_stops_early_leaves_nothing_running(hosts: list[LocalServer]) -> None:
    urls = [running.url(f"/page/{index}") for running in hosts for index in range(6)]

    async def run() -> int:
        async with AsyncScraper(make_config(concurrency=6), sleep=no_wait) as session:
            batch = session.fetch_many(urls)
            async for _ in batch:
                break
            await batch.aclose()  # type: ignore[attr-defined]
        return len([task for task in asyncio.all_tasks() if task is not asyncio.current_task()])

    assert asyncio.run(run()) == 0


def test_the_input_is_read_lazily(hosts: list[LocalServer]) -> None:
    taken = []

    def endless() -> Iterator[str]:
        index = 0
        while True:
            taken.append(index)
            yield hosts[index % 3].url(f"/page/{index % 6}")
            index += 1

    async def run() -> None:
        async with AsyncScraper(make_config(), sleep=no_wait) as session:
            seen = 0
            async for _ in session.fetch_many(endless()):
                seen += 1
                if seen == 5:
                    break

    asyncio.run(run())

    assert len(taken) <= READ_AHEAD + 64  # a bounded window, not the endless input


def test_fetching_starts_after_one_chunk_of_the_input_not_a_whole_window(hosts: list[LocalServer]) -> None:
    taken = 0
    taken_at_first_connection = []

    async def loopback(host: str, port: int) -> list[str]:
        taken_at_first_connection.append(taken)
        return ["127.0.0.1"]

    def endless() -> Iterator[str]:
        nonlocal taken
        while True:
            taken += 1
            yield f"http://host{taken % 3}.test:{hosts[taken % 3].port}/page/{taken % 6}"

    async def run() -> None:
        async with AsyncScraper(make_config(), sleep=no_wait, resolver=loopback) as session:
            async for _ in session.fetch_many(endless()):
                break

    asyncio.run(run())

    assert 0 < taken_at_first_connection[0] < READ_AHEAD // 4


def test_waiting_out_one_hosts_delay_does_not_idle_the_others(hosts: list[LocalServer]) -> None:
    extra = LocalServer().start()
    extra.add("/page/0", Reply(body=PAGE, delay=LATENCY))
    extra.add("/page/1", Reply(body=PAGE, delay=LATENCY))
    # Host by host: every second page would wait out its host's delay while holding the only slot.
    urls = [server.url(f"/page/{index}") for server in [*hosts, extra] for index in range(2)]

    try:
        started = time.monotonic()
        outcomes = collect(urls, concurrency=1, per_host_concurrency=1, per_host_delay=0.5)
        elapsed = time.monotonic() - started
    finally:
        extra.stop()

    assert all(outcome.ok for outcome in outcomes)
    # Taking turns: eight pages of 0.1 s, each host's second page 0.5 s after its first, ~0.9 s.
    # Waiting in line would add each host's delay: 8 x 0.1 + 4 x 0.4 = 2.4 s.
    assert elapsed < 1.8


def _fetched_ahead_of_a_slow_consumer(hosts: list[LocalServer], **fetch: object) -> list[int]:
    """Each host's six pages through a consumer that takes 3 latencies a page; after each page, how many
    were fetched or fetching beyond the pages it took."""
    urls = [running.url(f"/page/{index}") for index in range(6) for running in hosts]

    def pages_requested() -> int:
        return sum(1 for running in hosts for request in running.requests if request.path.startswith("/page/"))

    async def run() -> list[int]:
        ahead = []
        async with AsyncScraper(make_config(**fetch), sleep=no_wait) as session:
            consumed = 0
            async for _ in session.fetch_many(urls):
                consumed += 1
                await asyncio.sleep(3 * LATENCY)  # busy: everything in flight finishes meanwhile
                ahead.append(pages_requested() - consumed)
        return ahead

    ahead = asyncio.run(run())
    assert len(ahead) == len(urls)
    return ahead


def test_a_retry_after_of_a_non_ascii_digit_fails_its_page_and_every_other_page_still_comes(
    hosts: list[LocalServer],
) -> None:
    """Issue 12, item 4: "²" passes str.isdigit() but not float(); it once aborted fetch_many."""
    hostile = hosts[0]
    hostile.add("/busy", Reply(status=503, headers={"Retry-After": "\N{SUPERSCRIPT TWO}"}))
    urls = [hostile.url("/busy")] + [running.url(f"/page/{index}") for running in hosts for index in range(2)]

    outcomes = {outcome.request.url: outcome for outcome in collect(urls, retries=1)}

    assert sorted(outcomes) == sorted(urls)
    assert isinstance(outcomes[hostile.url("/busy")].error, HTTPStatusError)
    assert all(outcomes[url].ok for url in urls[1:])


def test_a_slow_consumer_holds_back_the_fetching(hosts: list[LocalServer]) -> None:
    concurrency = 2

    ahead = _fetched_ahead_of_a_slow_consumer(hosts, concurrency=concurrency, per_host_concurrency=2)

    # Fetched and not yet taken, or fetching, beside the one being handled: under `concurrency` at all times.
    assert max(ahead) <= concurrency - 1


def test_a_slow_consumer_keeps_only_a_few_pages_fetched_ahead_whatever_the_concurrency(
    hosts: list[LocalServer],
) -> None:
    ahead = _fetched_ahead_of_a_slow_consumer(hosts, concurrency=18, per_host_concurrency=6)

    # The first window, plus the one place its first wait for an outcome added; never the 18 allowed.
    assert max(ahead) <= FIRST_WINDOW + 1


def test_a_consumer_faster_than_the_network_widens_the_window_towards_the_concurrency(hosts: list[LocalServer]) -> None:
    server = hosts[0]
    for index in range(6, 80):
        server.add(f"/page/{index}", Reply(body=PAGE, delay=LATENCY))
    urls = [server.url(f"/page/{index}") for index in range(80)]

    collect(urls, concurrency=24, per_host_concurrency=24)

    # Up to the 24 allowed, less what a loaded machine lets overlap on the server; a window that stayed
    # at its first size would never pass FIRST_WINDOW.
    assert server.max_in_flight >= 2 * FIRST_WINDOW


def test_outcomes_are_yielded_in_the_order_they_completed(hosts: list[LocalServer]) -> None:
    server = hosts[0]
    delays = {"/d/5": 0.05, "/d/25": 0.25, "/d/20": 0.2, "/d/15": 0.15, "/d/10": 0.1}
    for path, delay in delays.items():
        server.add(path, Reply(body=PAGE, delay=delay))
    urls = [server.url(path) for path in delays]

    async def run() -> list[str]:
        order = []
        config = make_config(concurrency=5, per_host_concurrency=5)
        async with AsyncScraper(config, sleep=no_wait) as session:
            async for outcome in session.fetch_many(urls):
                order.append(outcome.request.url)
                if len(order) == 1:
                    await asyncio.sleep(0.5)  # the other four finish while this one is handled
        return order

    order = asyncio.run(run())

    assert order == [server.url(path) for path in ("/d/5", "/d/10", "/d/15", "/d/20", "/d/25")]


STALLED_READ_TIMEOUT = 8.0
"""Longer than the stop tests take: a stalled request ends by being cancelled, not by timing out."""


def _page_requests(hosts: list[LocalServer]) -> list[str]:
    return [
        running.url(request.path) for running in hosts for request in running.requests if request.path != "/robots.txt"
    ]


def test_a_stop_yields_the_finished_outcomes_cancels_the_rest_and_starts_nothing(hosts: list[LocalServer]) -> None:
    fast, stalled, queued = hosts
    stalled.add("/stall", Reply(fault=Fault.STALL))
    urls = [fast.url(f"/page/{index}") for index in range(3)] + [stalled.url("/stall")]
    urls += [queued.url(f"/page/{index}") for index in range(6)]

    async def run() -> list[FetchOutcome]:
        stop = asyncio.Event()
        taken = []
        config = make_config(concurrency=6, per_host_concurrency=3, read_timeout=STALLED_READ_TIMEOUT)
        async with AsyncScraper(config, sleep=no_wait) as session:
            async for outcome in session.fetch_many(urls, stop=stop):
                taken.append(outcome)
                if len(taken) == 1:
                    await asyncio.sleep(3 * LATENCY)  # the other fetches started finish meanwhile
                    stop.set()
        return taken

    outcomes = asyncio.run(asyncio.wait_for(run(), timeout=10))

    requested = _page_requests(hosts)
    assert len(requested) == 6, "the six places were filled once, and nothing started after the stop"
    assert stalled.url("/stall") in requested
    taken = [outcome.request.url for outcome in outcomes]
    assert sorted(taken) == sorted(url for url in requested if url != stalled.url("/stall"))
    assert all(outcome.ok for outcome in outcomes)


def test_a_stop_wakes_a_consumer_waiting_for_a_fetch_that_hangs(hosts: list[LocalServer]) -> None:
    stalled = hosts[0]
    stalled.add("/stall", Reply(fault=Fault.STALL))

    async def run() -> list[FetchOutcome]:
        stop = asyncio.Event()
        asyncio.get_running_loop().call_later(2 * LATENCY, stop.set)
        config = make_config(read_timeout=STALLED_READ_TIMEOUT, total_timeout=STALLED_READ_TIMEOUT)
        async with AsyncScraper(config, sleep=no_wait) as session:
            return [outcome async for outcome in session.fetch_many([stalled.url("/stall")], stop=stop)]

    started = time.monotonic()
    outcomes = asyncio.run(run())

    assert outcomes == []
    assert time.monotonic() - started < STALLED_READ_TIMEOUT / 2, "the hanging fetch was cancelled, not waited for"
