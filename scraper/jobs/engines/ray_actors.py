"""The Ray engine: the run's crawlers as Ray actors spread over a cluster's nodes.

Each actor runs the same `Crawler` as a local crawler process, on the share of the origins
the run dealt it, so one host is only ever fetched by one actor and the per-host limits and
robots.txt hold across the cluster. Messages travel through the actor's own queues instead of
a socket: the driver (the process cron starts) pulls batches with `next_message`, which also
gives backpressure (an actor stops fetching while MESSAGES_WAITING batches wait for the driver),
and pushes STOP. The driver stays the store's only writer; an actor reads its due URLs through
a store connection of its own (so a cluster wants `[store] url` on PostgreSQL).

A node that dies takes its actors with it: their calls fail with RayActorError, the run notes
the crawler as failed, and the pages it had in flight were never recorded, so they stay due.

`scraper reextract --engine ray` uses the same cluster connection: one task per WARC file
(`reextract_files`), each extracting its file's pages with the limits of `scraper run`.

Only imported with `[run] engine = "ray"`: Ray is the optional extra `scraper[ray]`.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import threading
import time
from collections import deque
from collections.abc import AsyncGenerator, AsyncIterator
from dataclasses import dataclass
from typing import Any

import ray
from ray.exceptions import RayError

from scraper.config import ExtractConfig
from scraper.errors import ScraperError, StoreError
from scraper.jobs.engines.base import CrawlerGroup
from scraper.jobs.engines.crawler import DONE, STOP, CrawledPage, Crawler, CrawlerFailed, CrawlerReport, CrawlPlan
from scraper.jobs.engines.extract_worker import ExtractWorker
from scraper.jobs.engines.extracting import Extracted
from scraper.jobs.outputs.archive import read_archived
from scraper.logs import configure_process_logging
from scraper.store import ArchiveRef, DueUrl

logger = logging.getLogger(__name__)

MESSAGES_WAITING = 8
"""Batches an actor holds for the driver before its crawler pauses fetching (its share of the backpressure)."""

CRAWLER_CPUS = 1
"""Ray CPUs each actor reserves: a crawler keeps about one core busy (fetching, plus its extraction worker),
so a node runs as many crawlers as it has CPUs and the work splits between nodes by their CPUs."""

REPORTS_PER_CALL = 500
"""Reports joined into one answer of `next_message` at most: few calls, yet no answer of many megabytes."""

STOP_WAIT_SECONDS = 5.0
"""How long closing waits for an actor that said DONE to finish before it is killed."""


class _ActorLink:
    """The actor's end of the crawler's conversation with the driver: the four calls `Crawler` makes
    on a Channel, over in-memory queues that the driver reads and writes through the actor's methods."""

    def __init__(self) -> None:
        self.inbox: asyncio.Queue[Any] = asyncio.Queue()
        self._outbox: deque[Any] = deque()
        self._sent = asyncio.Event()
        self._taken = asyncio.Event()

    def send(self, message: Any) -> None:
        self._outbox.append(message)
        self._sent.set()

    async def drain(self) -> None:
        while len(self._outbox) >= MESSAGES_WAITING:
            self._taken.clear()
            await self._taken.wait()

    async def receive(self) -> Any:
        return await self.inbox.get()

    async def finish(self, last_message: Any) -> None:
        self.send(last_message)

    async def take(self) -> Any:
        """The next message; batches of reports waiting one after another are joined into one (up to
        REPORTS_PER_CALL), since each call is a round trip through Ray and a run of 304s makes many small ones."""
        while not self._outbox:
            self._sent.clear()
            await self._sent.wait()
        message = self._outbox.popleft()
        if isinstance(message, list):
            message = list(message)
            while self._outbox and isinstance(self._outbox[0], list) and len(message) < REPORTS_PER_CALL:
                message.extend(self._outbox.popleft())
        self._taken.set()
        return message


class _Crawler:
    """One crawler on some node of the cluster (an async actor: its methods share one event loop)."""

    def __init__(self, log_level: int) -> None:
        configure_process_logging(log_level)
        self._link = _ActorLink()

    async def crawl(self, plan: CrawlPlan) -> None:
        """Crawl the plan's share; the outcome arrives through `next_message`, DONE (or why not) last."""
        await Crawler(plan, self._link).run()

    async def next_message(self) -> Any:
        """The next batch of reports (or DONE, or CrawlerFailed), waiting for one if need be."""
        return await self._link.take()

    async def stop(self) -> None:
        """Take no more URLs; finish the pages already fetched."""
        self._link.inbox.put_nowait(STOP)

    def node(self) -> str:
        """The id of the node this actor runs on (for the benchmark's pages-per-node figures)."""
        return str(ray.get_runtime_context().get_node_id())


CrawlerActor: Any = ray.remote(num_cpus=CRAWLER_CPUS, max_restarts=0)(_Crawler)
"""A lost actor is not restarted: its pages stay due for the next run, which deals the hosts again."""


def _new_crawler_actor() -> Any:
    # SPREAD: crawlers go to different nodes first, so a run uses the cluster, not the head node only.
    return CrawlerActor.options(scheduling_strategy="SPREAD").remote(logging.getLogger().getEffectiveLevel())


class RayCrawlers(CrawlerGroup):
    """One CrawlerActor per plan, spread over the cluster."""

    def __init__(self, plans: list[CrawlPlan], actors: list[Any]) -> None:
        super().__init__()
        self._plans = plans
        self._actors = actors
        self._runs: list[Any] = []
        self._nodes: list[str] = []
        self._pages: list[int] = []
        """Checked URLs each crawler reported, logged at the end: how the work split between the nodes."""

    async def start(self) -> None:
        begun = time.monotonic()
        self._runs = [actor.crawl.remote(plan) for actor, plan in zip(self._actors, self._plans, strict=True)]
        self._nodes = list(await asyncio.gather(*(actor.node.remote() for actor in self._actors)))
        self._pages = [0] * len(self._actors)
        logger.info("%d crawler actors answered %.1f s after their plans", len(self._actors), time.monotonic() - begun)

    def _streams(self) -> list[AsyncIterator[list[CrawlerReport]]]:
        return [self._messages(shard, actor) for shard, actor in enumerate(self._actors)]

    async def _messages(self, shard: int, actor: Any) -> AsyncIterator[list[CrawlerReport]]:
        try:
            while (message := await actor.next_message.remote()) != DONE:
                if isinstance(message, CrawlerFailed):
                    self.failures.append(f"crawler {shard}: {message.message}")
                    return
                self._pages[shard] += sum(isinstance(report, CrawledPage) for report in message)
                yield message
        except RayError as exc:
            self.failures.append(f"crawler {shard} died ({_first_line(exc)}); its pages in flight stay due")

    def stop(self) -> None:
        for shard, actor in enumerate(self._actors):
            try:
                actor.stop.remote()
            except Exception:  # noqa: BLE001 - Ray refuses calls to a lost actor with a bare Exception
                logger.info("crawler %d is gone; nothing to stop", shard)

    def close(self, *, kill: bool = False) -> None:
        if not kill:
            ray.wait(self._runs, num_returns=len(self._runs), timeout=STOP_WAIT_SECONDS)
        for actor in self._actors:
            ray.kill(actor)
        for shard, (node, pages) in enumerate(zip(self._nodes, self._pages, strict=False)):
            logger.info("crawler %d on node %s: %d pages", shard, node, pages)


class RayEngine:
    """A connection to a Ray cluster for one run (with no address, a private instance it starts).

    `ray.init` runs on a thread of its own, started at once, for two reasons. It can block for good:
    measured with Ray 2.60, joining with "auto" a head node that `ray start --node-ip-address
    127.0.0.1` bound to loopback, the driver dialled the machine's other address instead and retried
    the GCS forever, 30 s per attempt, inside C++ code that let no signal handler run, so SIGTERM did
    nothing until an attempt ended (and then Ray's own handler exited with code 15). Off the main
    thread, the run's event loop keeps its own signal handlers and gives up after [run]
    ray_connect_timeout_seconds. And a run has its own work to do meanwhile (reading its sources,
    counting its due URLs) while Ray starts or joins and the crawler actors start.
    """

    def __init__(self, address: str, *, workers: int = 0, crawling: bool = True, connect_timeout: float) -> None:
        self._address = address
        self._connect_timeout = connect_timeout
        self._opened = time.monotonic()
        self._deadline = self._opened + connect_timeout
        self._connected: concurrent.futures.Future[None] = concurrent.futures.Future()
        self._cpus = 1
        self._actors: list[Any] = []
        self._connect_seconds = 0.0
        self._released = threading.Event()
        # A daemon thread: a connection that never completes must not keep the process from exiting.
        threading.Thread(target=self._connect, args=(workers, crawling), name="ray-connect", daemon=True).start()

    def _connect(self, workers: int, crawling: bool) -> None:
        try:
            if self._address:
                ray.init(address=self._address, include_dashboard=False, log_to_driver=False, configure_logging=False)
            else:
                # A private instance: "local" never joins a cluster already running on the machine. Sized by
                # [run] workers when given, so that a run's crawlers fit; Ray counts the cores otherwise. It
                # listens on 127.0.0.1 only: open_engine set Ray's environment for that before Ray was imported.
                ray.init(
                    address="local",
                    num_cpus=workers or None,
                    include_dashboard=False,
                    log_to_driver=False,
                    configure_logging=False,
                )
            self._cpus = max(1, int(ray.cluster_resources().get("CPU", 1)))
            # Created now, not when the run has dealt its origins: an actor's process starts (Python, Ray, the
            # crawler's imports: 0.2-2.1 s measured for two actors on a joined cluster here, the run's largest
            # fixed cost there) while the run reads its sources and counts its due URLs.
            self._actors = [_new_crawler_actor() for _ in range(workers or self._cpus)] if crawling else []
            self._connect_seconds = time.monotonic() - self._opened
        except BaseException as exc:  # noqa: BLE001 - handed to the run's thread, which translates or raises it
            self._connected.set_exception(exc)
            return
        self._connected.set_result(None)
        # The processes of a private instance get SIGKILL when the thread that started them ends (measured:
        # Ray asks Linux for a parent-death signal, which follows the thread), so this one waits for `close`.
        self._released.wait()

    async def ready(self) -> None:
        called = time.monotonic()
        remaining = max(0.0, self._deadline - called)
        connected = asyncio.wrap_future(self._connected)
        done, _ = await asyncio.wait([connected], timeout=remaining)
        if not done:
            raise ScraperError(
                f'[run] engine = "ray": cannot start or join {self._where()}: no answer within '
                f"{self._connect_timeout:g} s ([run] ray_connect_timeout_seconds)"
            )
        try:
            connected.result()
            # Both figures for `benchmarks/run.py`, which counts the wait as the engine's fixed cost.
            took, waited = self._connect_seconds, time.monotonic() - called
            logger.info("Ray connected in %.1f s; the run waited %.1f s for it", took, waited)
        except (ConnectionError, RuntimeError) as exc:
            # What ray.init raises for a cluster it cannot reach (ConnectionError, also after the Ray Client's
            # timeout) or refuses it (RuntimeError: a missing authentication token, a version mismatch).
            where = self._where()
            raise ScraperError(f'[run] engine = "ray": cannot start or join {where}: {_first_line(exc)}') from exc

    def _where(self) -> str:
        return f"the Ray cluster at {self._address}" if self._address else "a private Ray instance"

    def cpus(self) -> int:
        return self._cpus

    def crawlers(self, plans: list[CrawlPlan]) -> RayCrawlers:
        """Crawlers on the actors made while connecting, one per worker; a run with fewer shares than
        workers (fewer hosts) lets the others go."""
        actors, spares = self._actors[: len(plans)], self._actors[len(plans) :]
        for spare in spares:
            ray.kill(spare)
        return RayCrawlers(plans, actors)

    def close(self) -> None:
        """Leave (or stop) Ray; a connection still being made is abandoned with its thread."""
        if self._connected.done() and self._connected.exception() is None:
            ray.shutdown()
        self._released.set()


def _first_line(error: Exception) -> str:
    """A Ray error's first line (its message can run to a page of advice), or its type when it says nothing."""
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


@dataclass(frozen=True)
class Reextracted:
    """One archived page extracted again on the cluster: its article (or why none), or why it was unreadable."""

    due: DueUrl
    url: str
    extracted: Extracted | None = None
    unreadable: str | None = None


async def _extract_pages(config: ExtractConfig, pages: list[tuple[DueUrl, ArchiveRef]]) -> list[Reextracted]:
    # One extraction worker per task, so each page keeps the time and memory limits of `scraper run`.
    worker = ExtractWorker(config)
    results = []
    try:
        for due, ref in pages:
            try:
                page = read_archived(ref)
            except StoreError as exc:
                results.append(Reextracted(due, due.url, unreadable=str(exc)))
                continue
            results.append(Reextracted(due, page.url, extracted=await worker.extract(page.html, page.url)))
    finally:
        worker.close()
    return results


def _extract_file(config: ExtractConfig, pages: list[tuple[DueUrl, ArchiveRef]]) -> list[Reextracted]:
    return asyncio.run(_extract_pages(config, pages))


extract_file_task: Any = ray.remote(num_cpus=CRAWLER_CPUS, max_retries=0)(_extract_file)
"""`scraper reextract --engine ray`: the pages of one WARC file, read and extracted on some node of the
cluster (the archive folder must be reachable there under the same path, as on a shared file system)."""


async def reextract_files(
    config: ExtractConfig, files: dict[str, list[tuple[DueUrl, ArchiveRef]]]
) -> AsyncGenerator[list[Reextracted]]:
    """One task per WARC file across the cluster; each file's results as soon as its task is done.

    Closing the iterator early (a stop) cancels the tasks not yet finished.
    """
    refs = [extract_file_task.remote(config, pages) for pages in files.values()]

    async def result(ref: Any) -> list[Reextracted]:
        return list(await ref)

    try:
        for finished in asyncio.as_completed([result(ref) for ref in refs]):
            yield await finished
    finally:
        for ref in refs:
            ray.cancel(ref, force=True)
