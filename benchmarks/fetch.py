"""Benchmark the fetcher against a bare httpx loop, and watch its memory.

    .venv/bin/python benchmarks/fetch.py                      # 2,000 pages, 8 hosts, 20 ms latency
    .venv/bin/python benchmarks/fetch.py --pages 2000 10000   # memory must not grow with pages

A separate process (so it never competes for this process's event loop)
serves a small article page on 127.0.0.1 … 127.0.0.N, one virtual host per
address, each response after a fixed latency, and counts the connections it
accepts. This process then fetches every page twice at the same concurrency:
with `AsyncScraper.fetch_many` (robots.txt obeyed, guard on with loopback
allowed, no politeness delay) and with a bare `httpx.AsyncClient` loop.

Targets (issue 3): fetch_many >= 0.85 of bare httpx's pages/s; peak RSS no
more than 50 MB over the start, however many pages.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import multiprocessing
import multiprocessing.synchronize
import resource
import socket
import sys
import time
from collections.abc import Callable, Coroutine, Sequence
from dataclasses import dataclass
from functools import partial
from multiprocessing.sharedctypes import Synchronized
from pathlib import Path
from typing import Any

import httpx

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from scraper.config import Config, FetchConfig  # noqa: E402 - needs the checkout on sys.path
from scraper.session import AsyncScraper  # noqa: E402

PAGE = (REPO / "tests" / "fetch" / "pages" / "article.html").read_bytes()
ROBOTS = b"User-agent: *\nAllow: /\n"
MIB = 1024 * 1024
RSS_BUDGET_MIB = 50
RATIO_TARGET = 0.85
HEADER_END = b"\r\n\r\n"
SERVER_START_SECONDS = 0.2

Counter = Synchronized  # a multiprocessing.Value("i") shared with the server process


async def _serve(hosts: Sequence[str], port: int, latency: float, accepted: Counter) -> None:
    """Answer every path with the article page (robots.txt with an allow-all), after `latency` seconds."""

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        with accepted.get_lock():
            accepted.value += 1
        try:
            while True:
                head = await reader.readuntil(HEADER_END)
                path = head.split(b" ", 2)[1]
                body = ROBOTS if path == b"/robots.txt" else PAGE
                kind = b"text/plain" if path == b"/robots.txt" else b"text/html; charset=utf-8"
                await asyncio.sleep(latency)
                writer.write(
                    b"HTTP/1.1 200 OK\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n%s" % (kind, len(body), body)
                )
                await writer.drain()
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
            pass
        finally:
            writer.close()

    servers = [await asyncio.start_server(handle, host=host, port=port, backlog=1024) for host in hosts]
    await asyncio.gather(*(server.serve_forever() for server in servers))


def _server_main(
    hosts: Sequence[str], port: int, latency: float, accepted: Counter, ready: multiprocessing.synchronize.Event
) -> None:
    async def main() -> None:
        task = asyncio.create_task(_serve(hosts, port, latency, accepted))
        await asyncio.sleep(SERVER_START_SECONDS)
        ready.set()
        await task

    asyncio.run(main())


@dataclass(frozen=True)
class Run:
    """One fetch of every page."""

    pages: int
    failures: int
    seconds: float
    connections: int

    @property
    def rate(self) -> float:
        return self.pages / self.seconds


async def with_fetch_many(urls: list[str], config: Config) -> tuple[int, int]:
    """Fetch with the scraper; return (pages, failures)."""
    pages = failures = 0
    async with AsyncScraper(config) as session:
        async for outcome in session.fetch_many(urls):
            pages += 1
            failures += 0 if outcome.ok else 1
    return pages, failures


async def with_bare_httpx(urls: list[str], concurrency: int) -> tuple[int, int]:
    """Fetch with httpx alone: `concurrency` workers sharing one default AsyncClient."""
    queue: asyncio.Queue[str] = asyncio.Queue()
    for url in urls:
        queue.put_nowait(url)
    counts = [0, 0]

    async def worker(client: httpx.AsyncClient) -> None:
        while not queue.empty():
            url = queue.get_nowait()
            try:
                response = await client.get(url)
                response.text  # noqa: B018 - decode as the scraper does
                counts[0 if response.status_code == 200 else 1] += 1
            except httpx.HTTPError:
                counts[1] += 1

    async with httpx.AsyncClient() as client:
        await asyncio.gather(*(worker(client) for _ in range(concurrency)))
    return counts[0] + counts[1], counts[1]


def timed(client: Callable[[], Coroutine[Any, Any, tuple[int, int]]], accepted: Counter) -> Run:
    """Run one client over all pages on a fresh event loop."""
    before = accepted.value
    started = time.perf_counter()
    pages, failures = asyncio.run(client())
    seconds = time.perf_counter() - started
    return Run(pages, failures, seconds, accepted.value - before)


def best(runs: list[Run]) -> Run:
    """The fastest run: other work on the machine only ever slows a run down."""
    return min(runs, key=lambda run: run.seconds)


def peak_rss_mib() -> float:
    """Peak resident memory of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, nargs="+", default=[2000], help="pages per run; several show memory")
    parser.add_argument("--hosts", type=int, default=8, help="virtual hosts, 127.0.0.1 … 127.0.0.N")
    parser.add_argument("--latency", type=float, default=0.020, help="seconds the server waits before answering")
    parser.add_argument("--concurrency", type=int, default=16, help="requests in flight, both clients")
    parser.add_argument("--per-host", type=int, default=0, help="per-host limit; 0 = concurrency / hosts, rounded up")
    parser.add_argument("--repeat", type=int, default=3, help="runs per client; the best counts (the cores are shared)")
    args = parser.parse_args(argv)

    hosts = [f"127.0.0.{index}" for index in range(1, args.hosts + 1)]
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    context = multiprocessing.get_context("spawn")
    accepted = context.Value("i", 0)
    ready = context.Event()
    server = context.Process(target=_server_main, args=(hosts, port, args.latency, accepted, ready), daemon=True)
    server.start()
    ready.wait(10)

    per_host = args.per_host or math.ceil(args.concurrency / args.hosts)
    config = Config(
        fetch=FetchConfig(
            allow_private_addresses=True,
            per_host_delay=0.0,
            concurrency=args.concurrency,
            per_host_concurrency=per_host,
        )
    )
    start_rss = peak_rss_mib()
    rows = []
    try:
        for count in args.pages:
            urls = [f"http://{hosts[index % len(hosts)]}:{port}/page/{index}" for index in range(count)]
            ours = best([timed(partial(with_fetch_many, urls, config), accepted) for _ in range(args.repeat)])
            ours_rss = peak_rss_mib()
            bare = best([timed(partial(with_bare_httpx, urls, args.concurrency), accepted) for _ in range(args.repeat)])
            rows.append((count, ours, bare, ours_rss))
    finally:
        server.terminate()
        server.join()

    print(
        f"{args.hosts} hosts, {args.latency * 1000:.0f} ms latency, concurrency {args.concurrency}, "
        f"per host {per_host}; best of {args.repeat} runs each; fetch_many obeys robots.txt, no politeness delay"
    )
    print(f"peak RSS at start: {start_rss:.1f} MiB")
    header = f"{'pages':>7} {'fetch_many/s':>13} {'httpx/s':>9} {'ratio':>6} {'conns ours':>10} {'conns httpx':>11}"
    print(header + f" {'peak RSS after ours':>20} {'failures':>9}")
    ok = True
    for count, ours, bare, rss in rows:
        ratio = ours.rate / bare.rate
        ok &= ratio >= RATIO_TARGET and rss - start_rss <= RSS_BUDGET_MIB and not ours.failures
        print(
            f"{count:>7} {ours.rate:>13.1f} {bare.rate:>9.1f} {ratio:>6.2f} {ours.connections:>10} "
            f"{bare.connections:>11} {rss:>16.1f} MiB {ours.failures + bare.failures:>9}"
        )
    print(f"peak RSS at end (both clients): {peak_rss_mib():.1f} MiB")
    print(f"targets: ratio >= {RATIO_TARGET}, RSS <= start + {RSS_BUDGET_MIB} MiB: {'met' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
