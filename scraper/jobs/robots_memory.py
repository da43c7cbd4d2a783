"""robots.txt kept in the run's store, so that runs a few minutes apart do not each ask every host.

A fetched file is kept, and the next run uses it while it is under 24 hours old. A crawler
reads the store but never writes there: it keeps a file it fetched by sending it to the main
process, which writes it; the main process's own fetcher (for feeds and sitemaps) writes
directly. Imported only where something is fetched: it needs the fetch layer.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from scraper.fetching.robots import RobotsReply
from scraper.store import RobotsRecord, Store


class StoredRobots:
    """A RobotsMemory that recalls from the store and keeps through `keep`."""

    def __init__(self, store: Store, keep: Callable[[RobotsRecord], None]) -> None:
        self._store = store
        self._keep = keep

    def recall(self, origin: str) -> tuple[RobotsReply, float] | None:
        record = self._store.robots_record(origin)
        if record is None:
            return None
        return RobotsReply(record.status, record.body), (datetime.now(UTC) - record.fetched_at).total_seconds()

    def remember(self, origin: str, reply: RobotsReply) -> None:
        self._keep(RobotsRecord(origin, reply.status, reply.text, datetime.now(UTC)))
