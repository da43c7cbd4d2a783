"""Benchmark the fetcher against raw aiohttp, plain httpx and httpx over aiohttp, and watch its memory.

    .venv/bin/python benchmarks/fetch.py                        # 2,000 pages, 50 hosts, 20 ms, concurrency 64
    .venv/bin/python benchmarks/fetch.py --pages 2000 10000     # memory must not grow with pages

A separate process (so it never competes for this process's event loop)
serves a small article page on 127.0.0.1 … 127.0.0.N, one virtual host per
address, each response after a fixed latency, with an ETag; a request that
sends If-None-Match gets a 304. This process then fetches every page with
each client in turn, at the same concurrency and per-host limit:

    fetch_many        AsyncScraper.fetch_many (robots.txt obeyed, guard on with loopback allowed, no delay)
    aiohttp           a raw aiohttp.ClientSession, the engine's ceiling
    transport         an httpx.Request handed straight to httpx_aiohttp.AiohttpTransport, the body read
                      with aiter_raw and decoded: what fetch_many pays for keeping httpx's API before
                      it does anything of its own, so `transport / aiohttp` bounds `fetch_many / aiohttp`
    httpx+aiohttp     httpx.AsyncClient over httpx_aiohttp.AiohttpTransport
    httpx             a plain httpx.AsyncClient

then once more with validators (an all-304 run) for fetch_many and httpx+aiohttp.
Rates are pages per wall-clock second; CPU is this process's user+system time, also per page
(the cores are shared: CPU per page moves less with other work on the machine than rates do).
Every client is new in each run, opens its connections in it and keeps them alive; all but plain
httpx allow `per_host` connections per host. Plain httpx has no per-host limit, and its pool is
sized to the concurrency: with 100 or 128 connections, enough to keep every host's, it reused them
but ran at 43-103 pages/s on 10-24 s of CPU (its pool scans them on every request), against
122-166 pages/s with 64.

Targets (issue 11): fetch_many >= 0.8x raw aiohttp and >= 2x plain httpx; the 304 run
at least as fast as httpx+aiohttp; peak RSS flat from 2,000 to 10,000 pages.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import multiprocessing
import multiprocessing.synchronize
import os
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

import aiohttp
import httpx
from httpx_aiohttp import AiohttpTransport

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from scraper.config import Config, FetchConfig  # noqa: E402 - needs the checkout on sys.path
from scraper.models import FetchRequest  # noqa: E402
from scraper.session import AsyncScraper  # noqa: E402

PAGE = (REPO / "tests" / "fetch" / "pages" / "article.html").read_bytes()
ROBOTS = b"User-agent: *\nAllow: /\n"
ETAG = '"v1"'
MIB = 1024 * 1024
RSS_GROWTH_BUDGET_MIB = 20
"""Peak RSS may grow this much from the smallest run to the largest: flat, give or take allocator noise."""
RAW_AIOHTTP_TARGET = 0.8
PLAIN_HTTPX_TARGET = 2.0
NOT_MODIFIED_TARGET = 1.0
HEADER_END = b"\r\n\r\n"
SERVER_START_SECONDS = 0.2

Counter = Synchronized  # a multiprocessing.Value("i") shared with the server process
Outcome = tuple[int, int]
"""(pages, failures) of one run."""


async def _serve(hosts: Sequence[str], port: int, latency: float, accepted: Counter, pages: Sequence[bytes]) -> None:
    """Answer /…/N with page N (modulo), robots.txt with an allow-all, after `latency` seconds."""

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        with accepted.get_lock():
            accepted.value += 1
        try:
            while True:
                head = await reader.readuntil(HEADER_END)
                path = head.split(b" ", 2)[1]
                await asyncio.sleep(latency)
                if path == b"/robots.txt":
                    writer.write(
                        b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: %d\r\n\r\n%s"
                        % (len(ROBOTS), ROBOTS)
                    )
                elif b"\r\nif-none-match:" in head.lower():
                    writer.write(b"HTTP/1.1 304 Not Modified\r\nETag: %s\r\n\r\n" % ETAG.encode())
                else:
                    number = path.rsplit(b"/", 1)[-1]
                    page = pages[int(number) % len(pages)] if number.isdigit() else pages[0]
                    writer.write(
                        b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nETag: %s\r\n"
                        b"Content-Length: %d\r\n\r\n%s" % (ETAG.encode(), len(page), page)
                    )
                await writer.drain()
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
            pass
        finally:
            writer.close()

    servers = [await asyncio.start_server(handle, host=host, port=port, backlog=1024) for host in hosts]
    await asyncio.gather(*(server.serve_forever() for server in servers))


def _server_main(
    hosts: Sequence[str],
    port: int,
    latency: float,
    accepted: Counter,
    ready: multiprocessing.synchronize.Event,
    pages: Sequence[bytes],
) -> None:
    async def main() -> None:
        task = asyncio.create_task(_serve(hosts, port, latency, accepted, pages))
        await asyncio.sleep(SERVER_START_SECONDS)
        ready.set()
        await task

    asyncio.run(main())


def start_page_server(
    hosts: Sequence[str], latency: float, pages: Sequence[bytes]
) -> tuple[multiprocessing.process.BaseProcess, int, Counter]:
    """Serve `pages` on every host from a separate process; return it, its port and its count of connections."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    context = multiprocessing.get_context("spawn")
    accepted = context.Value("i", 0)
    ready = context.Event()
    server = context.Process(
        target=_server_main, args=(hosts, port, latency, accepted, ready, list(pages)), daemon=True
    )
    server.start()
    ready.wait(10)
    return server, port, accepted


@dataclass(frozen=True)
class Run:
    """One fetch of every page by one client."""

    pages: int
    failures: int
    seconds: float
    cpu: float
    connections: int

    @property
    def rate(self) -> float:
        return self.pages / self.seconds


async def with_fetch_many(urls: list[str], config: Config, conditional: bool) -> Outcome:
    """The scraper; with `conditional`, every request carries the page's ETag."""
    items = [FetchRequest(url, etag=ETAG) for url in urls] if conditional else urls
    pages = failures = 0
    async with AsyncScraper(config) as session:
        async for outcome in session.fetch_many(items):
            pages += 1
            failures += 0 if outcome.ok else 1
    return pages, failures


async def _workers(urls: list[str], concurrency: int, fetch_one: Callable[[str], Coroutine[Any, Any, bool]]) -> Outcome:
    """`concurrency` workers taking URLs from one queue; `fetch_one` says whether a page came back as expected."""
    queue: asyncio.Queue[str] = asyncio.Queue()
    for url in urls:
        queue.put_nowait(url)
    counts = [0, 0]

    async def worker() -> None:
        while not queue.empty():
            url = queue.get_nowait()
            try:
                counts[0 if await fetch_one(url) else 1] += 1
            except (httpx.HTTPError, aiohttp.ClientError):
                counts[1] += 1

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return counts[0] + counts[1], counts[1]


async def with_raw_aiohttp(urls: list[str], concurrency: int, per_host: int) -> Outcome:
    """aiohttp alone, decoding the text as the scraper does."""
    connector = aiohttp.TCPConnector(limit=concurrency, limit_per_host=per_host)
    async with aiohttp.ClientSession(connector=connector) as client:

        async def fetch_one(url: str) -> bool:
            async with client.get(url) as response:
                await response.text()
                return response.status == 200

        return await _workers(urls, concurrency, fetch_one)


def _aiohttp_session(concurrency: int, per_host: int) -> Callable[[], aiohttp.ClientSession]:
    def session() -> aiohttp.ClientSession:
        return aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=concurrency, limit_per_host=per_host))

    return session


async def with_transport(urls: list[str], concurrency: int, per_host: int) -> Outcome:
    """httpx's request and response types over httpx-aiohttp's transport, and nothing else."""
    transport = AiohttpTransport(client=_aiohttp_session(concurrency, per_host), verify=False)

    async def fetch_one(url: str) -> bool:
        response = await transport.handle_async_request(httpx.Request("GET", url))
        try:
            b"".join([chunk async for chunk in response.aiter_raw()]).decode("utf-8")  # as the page declares
            return response.status_code == 200
        finally:
            await response.aclose()

    try:
        return await _workers(urls, concurrency, fetch_one)
    finally:
        await transport.aclose()


async def _with_httpx(client: httpx.AsyncClient, urls: list[str], concurrency: int, conditional: bool) -> Outcome:
    headers = {"If-None-Match": ETAG} if conditional else {}
    expected = 304 if conditional else 200

    async def fetch_one(url: str) -> bool:
        response = await client.get(url, headers=headers)
        response.text  # noqa: B018 - decode as the scraper does
        return response.status_code == expected

    async with client:
        return await _workers(urls, concurrency, fetch_one)


async def with_httpx_over_aiohttp(urls: list[str], concurrency: int, per_host: int, conditional: bool) -> Outcome:
    """httpx's API over aiohttp's connections, as fetch_many uses them, without the scraper's work."""

    # verify=False as fetch_many's: the transport would load a CA bundle (~30 ms) for a session it never makes.
    transport = AiohttpTransport(client=_aiohttp_session(concurrency, per_host), verify=False)
    client = httpx.AsyncClient(transport=transport)
    return await _with_httpx(client, urls, concurrency, conditional)


async def with_plain_httpx(urls: list[str], concurrency: int) -> Outcome:
    """httpx alone, its own pool sized to the concurrency."""
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    return await _with_httpx(httpx.AsyncClient(limits=limits), urls, concurrency, conditional=False)


def timed(client: Callable[[], Coroutine[Any, Any, Outcome]], accepted: Counter) -> Run:
    """Run one client over all pages on a fresh event loop."""
    before = accepted.value
    cpu_before = time.process_time()
    started = time.perf_counter()
    pages, failures = asyncio.run(client())
    seconds = time.perf_counter() - started
    return Run(pages, failures, seconds, time.process_time() - cpu_before, accepted.value - before)


def best(runs: list[Run]) -> Run:
    """The fastest run: other work on the machine only ever slows a run down."""
    return min(runs, key=lambda run: run.seconds)


def _load() -> str:
    """The 1-minute load average: the other work on the shared cores while the clients ran."""
    return f"{os.getloadavg()[0]:.2f}"


def peak_rss_mib() -> float:
    """Peak resident memory of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, nargs="+", default=[2000], help="pages per run; several show memory")
    parser.add_argument("--hosts", type=int, default=50, help="virtual hosts, 127.0.0.1 … 127.0.0.N")
    parser.add_argument("--latency", type=float, default=0.020, help="seconds the server waits before answering")
    parser.add_argument("--concurrency", type=int, default=64, help="requests in flight, every client")
    parser.add_argument("--per-host", type=int, default=0, help="per-host limit; 0 = concurrency / hosts, rounded up")
    parser.add_argument("--repeat", type=int, default=3, help="runs per client; the best counts (the cores are shared)")
    args = parser.parse_args(argv)

    hosts = [f"127.0.0.{index}" for index in range(1, args.hosts + 1)]
    server, port, accepted = start_page_server(hosts, args.latency, [PAGE])

    per_host = args.per_host or math.ceil(args.concurrency / args.hosts)
    config = Config(
        fetch=FetchConfig(
            allow_private_addresses=True,
            per_host_delay=0.0,
            concurrency=args.concurrency,
            per_host_concurrency=per_host,
        )
    )
    concurrency = args.concurrency
    start_rss = peak_rss_mib()
    load_before = _load()
    results: list[tuple[int, dict[str, Run], float]] = []
    try:
        for count in args.pages:
            urls = [f"http://{hosts[index % len(hosts)]}:{port}/page/{index}" for index in range(count)]
            clients: dict[str, Callable[[], Coroutine[Any, Any, Outcome]]] = {
                "fetch_many": partial(with_fetch_many, urls, config, False),
                "aiohttp": partial(with_raw_aiohttp, urls, concurrency, per_host),
                "transport": partial(with_transport, urls, concurrency, per_host),
                "httpx+aiohttp": partial(with_httpx_over_aiohttp, urls, concurrency, per_host, False),
                "httpx": partial(with_plain_httpx, urls, concurrency),
                "fetch_many 304": partial(with_fetch_many, urls, config, True),
                "httpx+aiohttp 304": partial(with_httpx_over_aiohttp, urls, concurrency, per_host, True),
            }
            runs: dict[str, list[Run]] = {name: [] for name in clients}
            ours_rss = start_rss
            for _ in range(args.repeat):  # interleaved, so a busy spell on the shared cores hits every client
                for name, client in clients.items():
                    runs[name].append(timed(client, accepted))
                    if name == "fetch_many":
                        ours_rss = peak_rss_mib()
            results.append((count, {name: best(each) for name, each in runs.items()}, ours_rss))
    finally:
        server.terminate()
        server.join()

    print(
        f"{args.hosts} hosts, {args.latency * 1000:.0f} ms latency, concurrency {concurrency}, per host {per_host}; "
        f"best of {args.repeat} interleaved runs each; fetch_many obeys robots.txt, no politeness delay"
    )
    print(f"peak RSS at start: {start_rss:.1f} MiB; load average before: {load_before}, after: {_load()}")
    ok = True
    for count, best_runs, rss in results:
        print(f"\n{count} pages")
        print(f"{'client':>18} {'pages/s':>9} {'CPU s':>7} {'CPU us/page':>12} {'conns':>6} {'failures':>9}")
        for name, run in best_runs.items():
            per_page = run.cpu / run.pages * 1e6
            print(
                f"{name:>18} {run.rate:>9.1f} {run.cpu:>7.2f} {per_page:>12.0f} {run.connections:>6} {run.failures:>9}"
            )
        ours = best_runs["fetch_many"]
        ratios = {
            f"fetch_many / aiohttp >= {RAW_AIOHTTP_TARGET}": (
                ours.rate / best_runs["aiohttp"].rate,
                RAW_AIOHTTP_TARGET,
            ),
            f"fetch_many / httpx >= {PLAIN_HTTPX_TARGET}": (ours.rate / best_runs["httpx"].rate, PLAIN_HTTPX_TARGET),
            f"304s: fetch_many / httpx+aiohttp >= {NOT_MODIFIED_TARGET}": (
                best_runs["fetch_many 304"].rate / best_runs["httpx+aiohttp 304"].rate,
                NOT_MODIFIED_TARGET,
            ),
        }
        for label, (ratio, target) in ratios.items():
            ok &= ratio >= target
            print(f"  {label}: {ratio:.2f}")
        transport = best_runs["transport"]
        print(f"  bound through httpx's types, transport / aiohttp: {transport.rate / best_runs['aiohttp'].rate:.2f}")
        print(f"  our own layers, fetch_many / transport: {ours.rate / transport.rate:.2f}")
        ok &= not any(run.failures for run in best_runs.values())
        print(f"  peak RSS after fetch_many: {rss:.1f} MiB")
    growth = results[-1][2] - results[0][2]
    if len(results) > 1:
        ok &= growth <= RSS_GROWTH_BUDGET_MIB
        print(f"\npeak RSS growth from {results[0][0]} to {results[-1][0]} pages: {growth:.1f} MiB")
    print(f"targets: {'met' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
