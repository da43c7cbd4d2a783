"""Which crawler of a run owns which origin.

An origin (host and port) is the unit of politeness and robots.txt, so all of its URLs go to
one crawler, which then keeps both exact with no coordination. The run counts its due URLs per
origin and deals the origins out largest first, each to the crawler with the fewest URLs so
far. A hash of the host name would leave the shares to chance: two big sites on one crawler
half of the time, and on 50 equal hosts one crawler with 8% more than the other. A run of
conditional requests is CPU-bound, so the last crawler to finish sets the run's time.
"""

from __future__ import annotations

import heapq
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

_AUTHORITY = re.compile(r"^[^:/?#]*://(?:[^@/?#]*@)?([^/?#]*)")


def origin_of(url: str) -> str:
    """The host and port of a URL as written, lower-cased; a regular expression, not urlsplit, as
    every crawler looks at every due URL. Stored URLs are normalised, so one origin has one spelling."""
    match = _AUTHORITY.match(url)
    return match.group(1).lower() if match else ""


@dataclass(frozen=True)
class Share:
    """One crawler's part of a run."""

    origins: frozenset[str]
    urls: int


def count_origins(urls: Iterable[str]) -> Counter[str]:
    """How many of `urls` each origin has: what `deal_origins` balances."""
    return Counter(map(origin_of, urls))


def deal_origins(counts: Counter[str], crawlers: int) -> list[Share]:
    """Share the origins counted by `count_origins` among at most `crawlers` crawlers, balanced by
    URL count; none is left empty, so one site means one crawler."""
    loads = [(0, index) for index in range(min(crawlers, len(counts)))]
    origins: list[set[str]] = [set() for _ in loads]
    for origin, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        load, index = heapq.heappop(loads)
        origins[index].add(origin)
        heapq.heappush(loads, (load + count, index))
    return [Share(frozenset(origins[index]), load) for load, index in sorted(loads, key=lambda item: item[1])]
