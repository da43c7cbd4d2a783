"""robots.txt, fetched once per origin, cached, and read the way RFC 9309 says.

    2xx            the rules in the file
    429, 5xx, network failure   everything disallowed for now, asked again later
    other 4xx      everything allowed (there is no robots.txt)
    more than five redirects    everything allowed (RFC 9309 §2.3.1.2)

429 is grouped with 5xx: a server asking us to slow down is not saying
"crawl everything".

A `RobotsMemory` keeps the definitive answers (2xx and 4xx) beyond one process, so
cron runs a few minutes apart do not each ask every host again; a remembered file is
used until it is 24 hours old, like one fetched in this process.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Protocol

from protego import Protego

from scraper.errors import BlockedAddressError, FetchError, TooManyRedirectsError
from scraper.fetching.politeness import Clock

log = logging.getLogger(__name__)

ROBOTS_MAX_AGE = 24 * 3600.0
"""RFC 9309 §2.4: a cached robots.txt should not be used for more than 24 hours."""

UNREACHABLE_RECHECK = 600.0
"""Seconds an unreachable robots.txt keeps its host disallowed before it is asked for again."""

ROBOTS_MAX_BYTES = 512 * 1024
"""RFC 9309 §2.5: crawlers must parse at least 500 KiB."""

ROBOTS_MAX_REDIRECTS = 5
"""RFC 9309 §2.3.1.2: follow at least five consecutive redirects."""

CACHED_ORIGINS = 4096
"""Origins whose robots.txt is kept; the least recently used one is dropped first."""

TOO_MANY_REQUESTS = 429


@dataclass(frozen=True)
class RobotsReply:
    """The final status of a robots.txt request and its text (empty unless 2xx)."""

    status: int
    text: str = ""


RobotsDownload = Callable[[str], Awaitable[RobotsReply]]
"""Fetches a robots.txt URL; raises FetchError when it cannot be reached."""


class RobotsMemory(Protocol):
    """Where robots.txt replies outlive the process that fetched them (a run's store, say)."""

    def recall(self, origin: str) -> tuple[RobotsReply, float] | None:
        """The reply last kept for `origin` and its age in seconds, if there is one."""
        ...

    def remember(self, origin: str, reply: RobotsReply) -> None:
        """Keep a definitive reply (2xx or 4xx) just fetched for `origin`."""
        ...


@dataclass(frozen=True)
class RobotsRules:
    """One origin's rules, or the blanket verdict that stands in for them."""

    parser: Protego | None
    allow_all: bool
    expires: float
    unavailable: str | None = None
    """Why the file could not be read, for the stand-in verdict that disallows everything for now."""

    def allows(self, url: str, agent: str) -> bool:
        """True if `agent` may fetch `url`."""
        if self.parser is None:
            return self.allow_all
        return bool(self.parser.can_fetch(url, agent))

    def crawl_delay(self, agent: str) -> float:
        """Seconds the file asks `agent` to leave between requests, 0 if it does not say."""
        if self.parser is None:
            return 0.0
        delay = self.parser.crawl_delay(agent)
        return float(delay) if delay else 0.0


def interpret(reply: RobotsReply, *, now: float) -> RobotsRules:
    """Turn a robots.txt response into rules, following RFC 9309."""
    if 200 <= reply.status < 300:
        return RobotsRules(Protego.parse(reply.text), allow_all=False, expires=now + ROBOTS_MAX_AGE)
    if 400 <= reply.status < 500 and reply.status != TOO_MANY_REQUESTS:
        return allow_everything(now=now)
    return disallow_for_now(now=now, reason=f"robots.txt answered {reply.status}")


def allow_everything(*, now: float) -> RobotsRules:
    """The verdict when a host has no robots.txt."""
    return RobotsRules(None, allow_all=True, expires=now + ROBOTS_MAX_AGE)


def disallow_for_now(*, now: float, reason: str) -> RobotsRules:
    """The verdict while a host's robots.txt cannot be read."""
    return RobotsRules(None, allow_all=False, expires=now + UNREACHABLE_RECHECK, unavailable=reason)


class RobotsCache:
    """robots.txt rules per origin, each downloaded once even when many requests ask at the same time."""

    def __init__(
        self, download: RobotsDownload, *, clock: Clock = time.monotonic, memory: RobotsMemory | None = None
    ) -> None:
        self._download = download
        self._clock = clock
        self._memory = memory
        self._rules: OrderedDict[str, RobotsRules] = OrderedDict()
        self._pending: dict[str, asyncio.Task[RobotsRules]] = {}

    async def rules_for(self, origin: str) -> RobotsRules:
        """The rules of `origin` ("scheme://host:port"), downloading them if needed."""
        rules = self._rules.get(origin)
        if rules is not None and rules.expires > self._clock():
            self._rules.move_to_end(origin)
            return rules
        task = self._pending.get(origin)
        if task is None:
            task = self._pending[origin] = asyncio.create_task(self._load(origin))
            task.add_done_callback(lambda _: self._pending.pop(origin, None))
        # Shielded: one caller giving up must not cancel the download the others wait for.
        return await asyncio.shield(task)

    async def _load(self, origin: str) -> RobotsRules:
        remembered = self._memory.recall(origin) if self._memory is not None else None
        if remembered is not None and 0 <= remembered[1] < ROBOTS_MAX_AGE:
            reply, age = remembered
            return self._keep(origin, interpret(reply, now=self._clock() - age))
        try:
            reply = await self._download(f"{origin}/robots.txt")
        except BlockedAddressError:
            raise  # not a robots.txt verdict: the host may not be contacted at all
        except TooManyRedirectsError:
            rules = allow_everything(now=self._clock())
        except FetchError as exc:
            log.info("robots.txt of %s is unreachable, disallowing for now: %s", origin, exc)
            rules = disallow_for_now(now=self._clock(), reason=f"robots.txt is unreachable: {exc}")
        else:
            rules = interpret(reply, now=self._clock())
            if self._memory is not None and rules.unavailable is None:
                self._memory.remember(origin, reply)
        return self._keep(origin, rules)

    def _keep(self, origin: str, rules: RobotsRules) -> RobotsRules:
        self._rules[origin] = rules
        self._rules.move_to_end(origin)
        while len(self._rules) > CACHED_ORIGINS:
            self._rules.popitem(last=False)
        return rules
