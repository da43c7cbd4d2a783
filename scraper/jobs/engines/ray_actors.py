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

On a joined cluster the actors stay warm between runs ([run] ray_keep_warm_seconds): named and
detached, in the deployment's namespace, under a fingerprint of what they were built with (see
`warm_crawlers`). Each run claims them with a token of its own; one that is busy or gone is
replaced for the run by an actor of its own.

`scraper reextract --engine ray` uses the same cluster connection: one task per WARC file
(`reextract_files`), each extracting its file's pages with the limits of `scraper run`.

Only imported with `[run] engine = "ray"`: Ray is the optional extra `scraper[ray]`.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import functools
import logging
import threading
import time
import uuid
from collections import deque
from collections.abc import AsyncGenerator, AsyncIterator
from dataclasses import dataclass
from typing import Any

import ray
from ray.exceptions import RayError

from scraper.config import ExtractConfig, RunConfig
from scraper.errors import ScraperError, StoreError
from scraper.jobs.engines.base import CrawlerGroup
from scraper.jobs.engines.crawler import DONE, STOP, CrawledPage, Crawler, CrawlerFailed, CrawlerReport, CrawlPlan
from scraper.jobs.engines.extract_worker import ExtractWorker
from scraper.jobs.engines.extracting import Extracted
from scraper.jobs.engines.ray_join import join_with_retries
from scraper.jobs.engines.warm_crawlers import CRAWLER_PREFIX, crawler_prefix, deployment_namespace
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


ABANDONED_RUN_SECONDS = 600.0
"""A warm actor that serves a run whose driver made no call for this long (or for its keep-warm time, if
longer) takes the run as gone, its driver killed (SIGKILL, a lost head node): it drops the crawl and exits.
A live driver calls `next_message` again as soon as it has stored a batch, so its gaps are far shorter."""


class _Crawler:
    """One crawler on some node of the cluster (an async actor: its methods share one event loop).

    A warm actor (keep_warm_seconds above 0) outlives the run that made it and serves the next runs, one
    at a time: `claim` binds it to a run and gives that run fresh queues, the run's plan brings its
    settings and its share of the origins, and a new `Crawler` (with its own store connection,
    extraction worker, politeness and robots.txt state) crawls it; nothing of one run is left for the
    next but the process and its imports. It exits by itself after keep_warm_seconds with no run.
    """

    def __init__(self, log_level: int, keep_warm_seconds: float) -> None:
        configure_process_logging(log_level)
        self._keep_warm = keep_warm_seconds
        self._link = _ActorLink()
        self._run: str | None = None
        """The run this actor serves, from its claim until its last message is taken; None between runs."""
        self._runs_served = 0
        self._crawling: asyncio.Task[None] | None = None
        self._last_call = time.monotonic()
        self._watchdog: asyncio.Task[None] | None = None
        """Held here: the event loop keeps only a weak reference to a task."""
        if keep_warm_seconds:
            # An async actor's constructor runs on the actor's event loop (measured with Ray 2.60).
            self._watchdog = asyncio.get_running_loop().create_task(self._leave_when_idle())

    async def claim(self, run: str) -> tuple[str, int] | None:
        """Serve `run`: the id of this actor's node (for the pages-per-node figures) and how many runs it
        served before; None if it serves another run still."""
        self._last_call = time.monotonic()
        if self._run is not None:
            return None
        self._run, self._link = run, _ActorLink()
        served, self._runs_served = self._runs_served, self._runs_served + 1
        return str(ray.get_runtime_context().get_node_id()), served

    async def crawl(self, run: str, plan: CrawlPlan) -> None:
        """Crawl the plan's share; the outcome arrives through `next_message`, DONE (or why not) last."""
        self._last_call = time.monotonic()
        if run != self._run:
            return  # the run's next_message says why
        self._crawling = asyncio.ensure_future(Crawler(plan, self._link).run())
        try:
            await self._crawling
        finally:
            self._crawling = None
            self._last_call = time.monotonic()

    async def next_message(self, run: str) -> Any:
        """The next batch of reports (or DONE, or CrawlerFailed), waiting for one if need be."""
        self._last_call = time.monotonic()
        if run != self._run:
            return CrawlerFailed("its actor serves another run")
        message = await self._link.take()
        self._last_call = time.monotonic()
        if message == DONE or isinstance(message, CrawlerFailed):
            self._run = None
        return message

    async def stop(self, run: str) -> None:
        """Take no more URLs; finish the pages already fetched."""
        if run == self._run:
            self._link.inbox.put_nowait(STOP)

    def _leave_at(self) -> float:
        idle = self._keep_warm if self._run is None else max(self._keep_warm, ABANDONED_RUN_SECONDS)
        return self._last_call + idle

    async def _leave_when_idle(self) -> None:
        while (left := self._leave_at() - time.monotonic()) > 0:
            await asyncio.sleep(left)
        # Through a call of its own: Ray ends an actor only from inside one of its calls.
        ray.get_runtime_context().current_actor.leave_if_idle.remote()

    async def leave_if_idle(self) -> None:
        """Exit, unless a call came since the watchdog decided to (then watch again)."""
        if self._leave_at() > time.monotonic():
            self._watchdog = asyncio.get_running_loop().create_task(self._leave_when_idle())
            return
        if self._crawling is not None:
            self._crawling.cancel()
        self._link.send(DONE)  # answers a next_message of the abandoned run still waiting
        ray.actor.exit_actor()


CrawlerActor: Any = ray.remote(num_cpus=CRAWLER_CPUS, max_restarts=0)(_Crawler)
"""A lost actor is not restarted: its pages stay due for the next run, which deals the hosts again."""


def _new_crawler_actor(log_level: int, warm_name: str | None = None, keep_warm_seconds: float = 0.0) -> Any:
    """A crawler actor for this run; with `warm_name`, the warm actor of that name (made if there is none)."""
    # SPREAD: crawlers go to different nodes first, so a run uses the cluster, not the head node only.
    options: dict[str, Any] = {"scheduling_strategy": "SPREAD"}
    if warm_name is not None:
        # Detached: it outlives the job (the run) that made it; named, so the next run of the
        # deployment (the namespace ray.init joined) finds it.
        options.update(name=warm_name, lifetime="detached", get_if_exists=True)
    return CrawlerActor.options(**options).remote(log_level, keep_warm_seconds if warm_name else 0.0)


class RayCrawlers(CrawlerGroup):
    """One CrawlerActor per plan, spread over the cluster; warm actors stay for the next run."""

    def __init__(self, plans: list[CrawlPlan], actors: list[Any], *, log_level: int, warm: bool) -> None:
        super().__init__()
        self._plans = plans
        self._actors = actors
        self._log_level = log_level
        self._warm = warm
        self._run = uuid.uuid4().hex
        """This run's token: a warm actor serves one run at a time, and answers only the run it serves."""
        self._replaced: set[int] = set()
        """Shards whose warm actor was busy or gone, crawled by an actor of this run only."""
        self._runs: list[Any] = []
        self._nodes: list[str] = []
        self._pages: list[int] = []
        """Checked URLs each crawler reported, logged at the end: how the work split between the nodes."""

    async def start(self) -> None:
        begun = time.monotonic()
        claims = await asyncio.gather(*(self._claim(shard) for shard in range(len(self._actors))))
        self._runs = [
            actor.crawl.remote(self._run, plan) for actor, plan in zip(self._actors, self._plans, strict=True)
        ]
        self._nodes = [node for node, _ in claims]
        self._pages = [0] * len(self._actors)
        warm = sum(served > 0 for _, served in claims)
        logger.info(
            "%d crawler actors answered %.1f s after their plans (%d warm from an earlier run)",
            len(self._actors),
            time.monotonic() - begun,
            warm,
        )

    async def _claim(self, shard: int) -> tuple[str, int]:
        """Bind the shard's actor to this run; a warm actor that is busy or gone is replaced."""
        try:
            claimed: tuple[str, int] | None = await self._actors[shard].claim.remote(self._run)
        except RayError as exc:
            why = f"is gone ({_first_line(exc)})"
        else:
            if claimed is not None:
                return claimed
            why = "serves another run"
        logger.warning("crawler %d: its warm actor %s; an actor of this run replaces it", shard, why)
        ray.kill(self._actors[shard])
        self._actors[shard] = _new_crawler_actor(self._log_level)
        self._replaced.add(shard)
        replacement: tuple[str, int] = await self._actors[shard].claim.remote(self._run)
        return replacement

    def _streams(self) -> list[AsyncIterator[list[CrawlerReport]]]:
        return [self._messages(shard, actor) for shard, actor in enumerate(self._actors)]

    async def _messages(self, shard: int, actor: Any) -> AsyncIterator[list[CrawlerReport]]:
        try:
            while (message := await actor.next_message.remote(self._run)) != DONE:
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
                actor.stop.remote(self._run)
            except Exception:  # noqa: BLE001 - Ray refuses calls to a lost actor with a bare Exception
                logger.info("crawler %d is gone; nothing to stop", shard)

    def close(self, *, kill: bool = False) -> None:
        """End the actors, except warm ones that finished their crawl: those wait for the next run."""
        unfinished = self._runs
        if not kill:
            _, unfinished = ray.wait(self._runs, num_returns=len(self._runs), timeout=STOP_WAIT_SECONDS)
        for shard, actor in enumerate(self._actors):
            finished = shard < len(self._runs) and self._runs[shard] not in unfinished
            if not (self._warm and finished and shard not in self._replaced):
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

    On a joined cluster with [run] ray_keep_warm_seconds above 0, the crawler actors are the
    deployment's warm ones (see `warm_crawlers`), made by the first run and found by the next.
    """

    def __init__(self, run: RunConfig, *, store: str, crawling: bool = True) -> None:
        self._address = run.ray_address
        self._connect_timeout = run.ray_connect_timeout_seconds
        self._opened = time.monotonic()
        self._deadline = self._opened + self._connect_timeout
        self._connected: concurrent.futures.Future[None] = concurrent.futures.Future()
        self._cpus = 1
        self._actors: list[Any] = []
        self._connect_seconds = 0.0
        self._released = threading.Event()
        self._log_level = logging.getLogger().getEffectiveLevel()
        # Warm actors on a joined cluster only: a private instance, and every actor in it, ends with the run.
        self._namespace = deployment_namespace(store) if self._address else None
        self._keep_warm = run.ray_keep_warm_seconds if self._address and crawling else 0.0
        self._warm_prefix = (
            crawler_prefix(log_level=self._log_level, keep_warm_seconds=self._keep_warm) if self._keep_warm else None
        )
        # A daemon thread: a connection that never completes must not keep the process from exiting.
        threading.Thread(target=self._connect, args=(run.workers, crawling), name="ray-connect", daemon=True).start()

    def _connect(self, workers: int, crawling: bool) -> None:
        try:
            if self._address:
                join = functools.partial(
                    ray.init,
                    address=self._address,
                    namespace=self._namespace,
                    include_dashboard=False,
                    log_to_driver=False,
                    configure_logging=False,
                )
                join_with_retries(join, deadline=self._deadline)
                _end_other_warm_crawlers(self._warm_prefix)
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
            self._actors = [self._crawler_actor(number) for number in range(workers or self._cpus)] if crawling else []
            self._connect_seconds = time.monotonic() - self._opened
        except BaseException as exc:  # noqa: BLE001 - handed to the run's thread, which translates or raises it
            self._connected.set_exception(exc)
            return
        self._connected.set_result(None)
        # The processes of a private instance get SIGKILL when the thread that started them ends (measured:
        # Ray asks Linux for a parent-death signal, which follows the thread), so this one waits for `close`.
        self._released.wait()

    def _crawler_actor(self, number: int) -> Any:
        warm_name = f"{self._warm_prefix}{number}" if self._warm_prefix else None
        return _new_crawler_actor(self._log_level, warm_name, self._keep_warm)

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
        return RayCrawlers(plans, actors, log_level=self._log_level, warm=self._warm_prefix is not None)

    def close(self) -> None:
        """Leave (or stop) Ray; a connection still being made is abandoned with its thread."""
        if self._connected.done() and self._connected.exception() is None:
            ray.shutdown()
        self._released.set()


def _end_other_warm_crawlers(keep_prefix: str | None) -> None:
    """Kill the deployment's warm crawler actors that other code or settings made (all of them when this run
    keeps none warm, or starts none: they would hold their Ray CPUs until their idle timeout)."""
    stale = [
        name
        for name in ray.util.list_named_actors()
        if name.startswith(CRAWLER_PREFIX) and not (keep_prefix and name.startswith(keep_prefix))
    ]
    for name in stale:
        try:
            ray.kill(ray.get_actor(name))
        except ValueError:  # it ended meanwhile
            continue
    if stale:
        logger.info("ended %d warm crawler actors made by other code or settings", len(stale))


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
