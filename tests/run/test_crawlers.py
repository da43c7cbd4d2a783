"""The crawler processes of `scraper run`: their channel, how hosts are shared out, and failures."""

from __future__ import annotations

import asyncio
import pickle
import socket
import subprocess
import sys
from contextlib import AsyncExitStack
from pathlib import Path

import pytest

from scraper.config import config_from_mapping
from scraper.errors import ContentTypeError, FetchError, HTTPStatusError, ScraperError, StoreError
from scraper.jobs import JobPaths, RunJob
from scraper.jobs.discovery.fetcher import OnDemandFetcher
from scraper.jobs.engines.channel import Channel, ChannelClosed
from scraper.jobs.engines.shards import count_origins, deal_origins, origin_of
from scraper.models import FetchRequest, FetchResult
from scraper.store import SQLiteStore, Store


def test_a_channel_carries_messages_both_ways_and_reports_the_other_end_closing() -> None:
    async def run() -> tuple[object, object, bool]:
        left_socket, right_socket = socket.socketpair()
        left, right = await Channel.open(left_socket), await Channel.open(right_socket)
        left.send({"pages": [1, 2, 3]})
        right.send("x" * 300_000)
        await asyncio.gather(left.drain(), right.drain(), return_exceptions=True)
        received_right, received_left = await right.receive(), await left.receive()
        left.close()
        try:
            await right.receive()
        except ChannelClosed:
            return received_right, received_left, True
        return received_right, received_left, False

    received_right, received_left, closed = asyncio.run(run())

    assert received_right == {"pages": [1, 2, 3]}
    assert received_left == "x" * 300_000
    assert closed


SENDER_PROGRAM = """
import asyncio, os, socket, sys
from scraper.jobs.engines.channel import Channel

async def send_all():
    channel = await Channel.open(socket.socket(fileno=int(sys.argv[1])))
    for number in range(int(sys.argv[2])):
        channel.send((number, "p" * 20_000))
        await channel.drain()
    await channel.finish("done")

asyncio.run(send_all())
os._exit(0)  # as a crawler ends: no interpreter teardown that might flush for us
"""


SENDER_HEAD_START = 0.5
"""Seconds the reader leaves the sender alone: enough to fill every buffer and reach its end."""


@pytest.mark.parametrize("attempt", range(5))
def test_a_process_that_finishes_its_channel_and_exits_has_delivered_everything(attempt: int) -> None:
    """Item 11 of issue 12: the reader is busy while the sender ends, so the sender's last
    messages are still in its buffers when it exits; all of them must arrive, and then DONE."""
    messages = 60

    async def receive_all() -> list[object]:
        ours, theirs = socket.socketpair()
        with theirs:
            process = subprocess.Popen(
                [sys.executable, "-c", SENDER_PROGRAM, str(theirs.fileno()), str(messages)],
                pass_fds=[theirs.fileno()],
            )
        channel = await Channel.open(ours)
        await asyncio.sleep(SENDER_HEAD_START)  # the sender fills the socket's buffer and its own, and ends
        received = []
        try:
            while True:
                received.append(await channel.receive())
        except ChannelClosed:
            return received
        finally:
            channel.close()
            process.wait(30)

    received = asyncio.run(receive_all())

    assert [item[0] for item in received[:-1]] == list(range(messages))  # type: ignore[index]
    assert received[-1] == "done"


def test_errors_keep_their_fields_when_they_come_back_from_a_crawler() -> None:
    error = HTTPStatusError("the server answered 503", url="https://a.example/", status=503)
    status = pickle.loads(pickle.dumps(error))
    kind = pickle.loads(pickle.dumps(ContentTypeError("not HTML", url="https://a.example/x.pdf", content_type="pdf")))

    assert (type(status), status.status, status.url, str(status)) == (
        HTTPStatusError,
        503,
        "https://a.example/",
        "the server answered 503 (https://a.example/)",
    )
    assert (type(kind), kind.content_type) == (ContentTypeError, "pdf")


def test_every_url_of_an_origin_has_one_spelling_of_its_origin() -> None:
    urls = ["https://a.example/", "https://a.example/x/1", "https://A.example?page=2", "https://u@a.example#top"]

    assert {origin_of(url) for url in urls} == {"a.example"}
    assert origin_of("http://a.example:8080/x") != origin_of("http://a.example/x")


def test_origins_are_dealt_whole_and_balanced_by_their_due_urls() -> None:
    sizes = {"big.example": 300, "mid.example": 200, "small.example": 100, **{f"s{n}.example": 10 for n in range(10)}}
    urls = [f"https://{host}/{index}" for host, size in sizes.items() for index in range(size)]

    shares = deal_origins(count_origins(urls), 2)

    assert sorted(origin for share in shares for origin in share.origins) == sorted(sizes)
    assert sorted(share.urls for share in shares) == [350, 350]
    assert all(sum(sizes[origin] for origin in share.origins) == share.urls for share in shares)


def test_no_crawler_is_dealt_nothing() -> None:
    one_site = [f"https://a.example/{index}" for index in range(100)]

    assert [share.urls for share in deal_origins(count_origins(one_site), 4)] == [100]
    assert deal_origins(count_origins([]), 4) == []


def test_a_crawler_starts_without_what_only_fetched_pages_need() -> None:
    # A crawler process's start is on every run's critical path; a run of 304s never extracts,
    # decodes a body or archives one, so none of that is loaded until a page needs it.
    later = ("trafilatura", "charset_normalizer", "warcio", "feedparser", "concurrent.futures.process")
    probe = (
        f"import sys, scraper.jobs.engines.crawler, scraper.session; print(*(name in sys.modules for name in {later}))"
    )

    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)

    assert result.stdout.split() == ["False"] * len(later)


def test_the_on_demand_fetcher_starts_the_real_one_at_the_first_fetch_and_closes_it_with_the_stack() -> None:
    events: list[str] = []

    class Offline:
        async def fetch(self, request: FetchRequest) -> FetchResult:
            events.append(f"fetch {request.url}")
            raise FetchError("offline", url=request.url)

        async def __aenter__(self) -> Offline:
            events.append("open")
            return self

        async def __aexit__(self, *exc_info: object) -> None:
            events.append("close")

    async def run() -> list[str]:
        async with AsyncExitStack() as stack:
            fetcher = OnDemandFetcher(Offline, stack)
            before = list(events)
            for url in ("https://a.example/feed", "https://a.example/sitemap.xml"):
                with pytest.raises(FetchError):
                    await fetcher.fetch(FetchRequest(url=url))
        return before

    before = asyncio.run(run())

    assert before == []
    assert events == ["open", "fetch https://a.example/feed", "fetch https://a.example/sitemap.xml", "close"]


def _store_on_fire() -> Store:
    raise StoreError("the store is on fire")


def test_a_crawler_that_cannot_read_the_store_fails_the_run_and_says_why(tmp_path: Path) -> None:
    source = {"name": "news", "kind": "urls", "urls": ["http://127.0.0.1:9/news/1.html"]}
    config = config_from_mapping({"sources": [source], "run": {"workers": 1}})

    with SQLiteStore.open(tmp_path / "store.sqlite3") as store:
        job = RunJob(config, store, paths=JobPaths.from_config(config), open_store=_store_on_fire)
        with pytest.raises(ScraperError, match="the store is on fire"):
            asyncio.run(job.run())
        assert [run.status for run in store.recent_runs(1)] == ["failed"]
