"""What the pipeline needs from a store, so a server database can replace SQLite later."""

from __future__ import annotations

import dataclasses
from collections.abc import Generator, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal, Protocol

from scraper.models import AccessInfo

SaveOutcome = Literal["new", "updated", "unchanged"]
RunStatus = Literal["running", "ok", "partial", "interrupted", "failed", "abandoned"]


def _plain(value: Any) -> Any:
    """Turn dataclasses, tuples, mappings and datetimes into JSON-ready values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    if isinstance(value, Mapping):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, datetime):
        return value.isoformat()
    return value


@dataclass(frozen=True)
class DiscoveredUrl:
    """A URL a source lists, with the date the source gives for it (publication or lastmod)."""

    url: str
    dated: datetime | None = None


@dataclass(frozen=True)
class DueUrl:
    """A tracked URL whose next check is due, with the validators for a conditional GET."""

    id: int
    url: str
    source: str
    etag: str | None
    last_modified: str | None
    failures: int


@dataclass(frozen=True)
class ArchiveRef:
    """Where the raw response of a URL sits in the WARC archive."""

    path: str
    offset: int


@dataclass(frozen=True)
class FetchUpdate:
    """What one check of a tracked URL taught us; written in one transaction."""

    url_id: int
    checked_at: datetime
    next_due: datetime
    status: int | None = None
    etag: str | None = None
    last_modified: str | None = None
    failures: int = 0
    error_kind: str | None = None
    error: str | None = None
    archive: ArchiveRef | None = None


@dataclass(frozen=True)
class ArticleRecord:
    """An extracted article as the store keeps it, keyed by its canonical URL."""

    url: str
    canonical_url: str
    source: str
    text: str
    markdown: str
    content_hash: str
    title: str | None = None
    authors: tuple[str, ...] = ()
    date: str | None = None
    modified: str | None = None
    language: str | None = None
    site_name: str | None = None
    description: str | None = None
    image: str | None = None
    tags: tuple[str, ...] = ()
    access: AccessInfo = AccessInfo()

    def to_dict(self) -> dict[str, Any]:
        return _plain(self)


@dataclass(frozen=True)
class StoredArticle:
    """An article read back from the store, with when it was first seen and last changed."""

    record: ArticleRecord
    first_seen: datetime
    last_changed: datetime

    def to_dict(self) -> dict[str, Any]:
        times = {"first_seen": _plain(self.first_seen), "last_changed": _plain(self.last_changed)}
        return {**self.record.to_dict(), **times}


@dataclass(frozen=True)
class SourceState:
    """The last read of one source document (feed, sitemap or sub-sitemap)."""

    url: str
    source: str
    etag: str | None
    last_modified: str | None
    lastmod: str | None
    last_read: datetime | None
    failures: int
    last_error: str | None


@dataclass(frozen=True)
class SiteOfferRecord:
    """A feed or sitemap that a `kind = "site"` source found on its site at its last discovery, and where."""

    site_url: str
    source: str
    kind: str
    url: str
    found_via: str
    found_at: datetime

    def to_dict(self) -> dict[str, Any]:
        return _plain(self)


@dataclass(frozen=True)
class RobotsRecord:
    """An origin's robots.txt as last fetched: kept so that runs minutes apart do not each fetch it again."""

    origin: str
    """"scheme://host:port", as the fetcher keys robots.txt."""
    status: int
    body: str
    fetched_at: datetime


@dataclass(frozen=True)
class RunRecord:
    """One `scraper run`: when, how it ended, and its counts."""

    id: int
    command: str
    started: datetime
    finished: datetime | None
    status: RunStatus
    counts: Mapping[str, int]

    def to_dict(self) -> dict[str, Any]:
        return _plain(self)


@dataclass(frozen=True)
class HostFailures:
    """A host with URLs that keep failing, and the latest error seen there."""

    host: str
    failing_urls: int
    max_failures: int
    last_error: str | None
    next_retry: datetime | None

    def to_dict(self) -> dict[str, Any]:
        return _plain(self)


@dataclass(frozen=True)
class StoreTotals:
    """Sizes of the store at a glance."""

    articles: int
    urls: int
    due: int
    failing: int

    def to_dict(self) -> dict[str, Any]:
        return _plain(self)


class Store(Protocol):
    """Articles, per-URL fetch state, source state and runs; every write is its own transaction."""

    def close(self) -> None: ...

    def begin_run(self, command: str, started: datetime) -> int: ...

    def finish_run(self, run_id: int, finished: datetime, status: RunStatus, counts: Mapping[str, int]) -> None: ...

    def abandon_unfinished_runs(self, now: datetime) -> int: ...

    def add_urls(self, source: str, urls: Iterable[DiscoveredUrl], now: datetime) -> int: ...

    def due_urls(
        self, now: datetime, *, sources: Sequence[str], after_id: int, limit: int, stale_before: datetime | None = None
    ) -> list[DueUrl]: ...

    def iter_due_urls(
        self, now: datetime, *, sources: Sequence[str], stale_before: datetime | None = None
    ) -> Iterator[str]: ...

    def record_checks(self, updates: Sequence[FetchUpdate]) -> None: ...

    def save_article(
        self, article: ArticleRecord, *, url_id: int, now: datetime, update: FetchUpdate | None
    ) -> SaveOutcome: ...

    def archived_pages(self, *, after_id: int, limit: int) -> list[tuple[DueUrl, ArchiveRef]]: ...

    def source_state(self, url: str) -> SourceState | None: ...

    def record_source_read(
        self, url: str, source: str, *, now: datetime, etag: str | None, last_modified: str | None, lastmod: str | None
    ) -> None: ...

    def record_source_error(self, url: str, source: str, *, now: datetime, error: str) -> None: ...

    def source_states(self) -> list[SourceState]: ...

    def replace_site_offers(self, site_url: str, offers: Sequence[SiteOfferRecord]) -> None: ...

    def site_offers(self) -> list[SiteOfferRecord]: ...

    def robots_record(self, origin: str) -> RobotsRecord | None: ...

    def save_robots(self, record: RobotsRecord) -> None: ...

    def iter_articles(
        self, *, since: datetime | None = None, source: str | None = None
    ) -> Generator[StoredArticle]: ...

    def recent_runs(self, limit: int) -> list[RunRecord]: ...

    def failing_hosts(self, limit: int) -> list[HostFailures]: ...

    def totals(self, now: datetime) -> StoreTotals: ...
