"""The store's queries, written once for SQLite and PostgreSQL: both speak the SQL used here
(upserts, RETURNING, FILTER, NULLS LAST need SQLite 3.35+, which Python 3.11+ ships).

What differs is kept small and visible: the parameter style (written here as `?` and `:name`,
turned into psycopg's `%s` and `%(name)s`), how times and JSON travel (text in SQLite, typed
columns in PostgreSQL), how a transaction starts and how a long result is streamed. Each store
module supplies those; everything else about articles, URLs, sources and runs lives here.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, closing
from dataclasses import dataclass
from datetime import datetime
from functools import wraps
from itertools import islice
from operator import itemgetter
from typing import Any, ParamSpec, Self, TypeVar

from scraper.errors import StoreError
from scraper.store.base import (
    ArchiveRef,
    ArticleRecord,
    DiscoveredUrl,
    DueUrl,
    FetchUpdate,
    HostFailures,
    RobotsRecord,
    RunRecord,
    RunStatus,
    SaveOutcome,
    SiteOfferRecord,
    SourceState,
    StoredArticle,
    StoreTotals,
)
from scraper.store.rows import ARTICLE_COLUMNS, article_record, article_values, due_url
from scraper.store.urls import host_of

INSERT_BATCH = 500
"""Discovered URLs written per transaction: large enough to be fast, small enough to commit often."""

STREAM_CHUNK = 200
"""Rows fetched at a time while streaming (an export, a run's due URLs), so memory stays flat."""

P = ParamSpec("P")
R = TypeVar("R")
T = TypeVar("T")

_NAMED = re.compile(r":([a-z_]+)")

_UPDATE_URL = (
    "UPDATE urls SET last_checked = ?, next_due = ?, status = ?, etag = COALESCE(?, etag),"
    " last_modified = COALESCE(?, last_modified), failures = ?, error_kind = ?, last_error = ?,"
    " article_id = COALESCE(?, article_id), warc_path = COALESCE(?, warc_path),"
    " warc_offset = COALESCE(?, warc_offset) WHERE id = ?"
)
"""A check's outcome on its URL row (parameters: `_url_values`)."""


@dataclass(frozen=True)
class Dialect:
    """What one database needs done differently to run the store's queries."""

    database_error: type[Exception]
    """Its driver's base exception, turned into StoreError at every public method."""
    encode_time: Callable[[datetime], Any]
    decode_time: Callable[[Any], datetime]
    decode_json: Callable[[Any], Any]
    pyformat: bool
    """True for psycopg's `%s` / `%(name)s` parameters; False for sqlite3's `?` / `:name`."""

    def sql(self, query: str) -> str:
        """The query in this driver's parameter style."""
        if not self.pyformat:
            return query
        return _NAMED.sub(r"%(\1)s", query.replace("%", "%%").replace("?", "%s"))

    def optional_time(self, value: Any) -> datetime | None:
        return None if value is None else self.decode_time(value)


def translated(method: Callable[P, R]) -> Callable[P, R]:
    """Turn the driver's errors into StoreError at the boundary of a public method."""

    @wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        store = args[0]
        assert isinstance(store, SQLStore)
        try:
            return method(*args, **kwargs)
        except store.dialect.database_error as exc:
            raise StoreError(f"store error: {exc}") from exc

    return wrapper


class SQLStore:
    """Articles, per-URL fetch state, source state and runs over one database connection.

    A store module subclasses it with its connection, its Dialect, and the two things each
    database does its own way: `_transaction` and `_stream`.
    """

    def __init__(self, connection: Any, dialect: Dialect) -> None:
        self._db = connection
        self.dialect = dialect

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @translated
    def close(self) -> None:
        """Close the connection (SQLite checkpoints its WAL on the way out)."""
        self._db.close()

    def _transaction(self) -> AbstractContextManager[Any]:
        """A write transaction on the connection; yields something with `execute`."""
        raise NotImplementedError

    def _stream(self, query: str, params: Sequence[Any], convert: Callable[[Any], T]) -> Generator[T]:
        """The rows of `query`, converted, fetched STREAM_CHUNK at a time."""
        raise NotImplementedError

    def _execute(self, db: Any, query: str, params: Sequence[Any] | Mapping[str, Any] = ()) -> Any:
        return db.execute(self.dialect.sql(query), params)

    def _read(self, query: str, params: Sequence[Any] = ()) -> list[Any]:
        return list(self._execute(self._db, query, params).fetchall())

    # runs

    @translated
    def begin_run(self, command: str, started: datetime) -> int:
        """Record the start of a run and return its id."""
        with self._transaction() as db:
            row = self._execute(
                db,
                "INSERT INTO runs (command, started, status, counts) VALUES (?, ?, 'running', '{}') RETURNING id",
                (command, self.dialect.encode_time(started)),
            ).fetchone()
        return int(row[0])

    @translated
    def finish_run(self, run_id: int, finished: datetime, status: RunStatus, counts: Mapping[str, int]) -> None:
        """Record how a run ended."""
        with self._transaction() as db:
            self._execute(
                db,
                "UPDATE runs SET finished = ?, status = ?, counts = ? WHERE id = ?",
                (self.dialect.encode_time(finished), status, json.dumps(dict(counts), sort_keys=True), run_id),
            )

    @translated
    def abandon_unfinished_runs(self, now: datetime) -> int:
        """Mark runs that never finished (killed) as abandoned; call only while holding the run lock."""
        with self._transaction() as db:
            cursor = self._execute(
                db,
                "UPDATE runs SET status = 'abandoned', finished = ? WHERE status = 'running'",
                (self.dialect.encode_time(now),),
            )
        return int(cursor.rowcount)

    @translated
    def recent_runs(self, limit: int) -> list[RunRecord]:
        """The latest runs, newest first."""
        rows = self._read(
            "SELECT id, command, started, finished, status, counts FROM runs ORDER BY id DESC LIMIT ?", (limit,)
        )
        return [
            RunRecord(
                id=row[0],
                command=row[1],
                started=self.dialect.decode_time(row[2]),
                finished=self.dialect.optional_time(row[3]),
                status=row[4],
                counts=self.dialect.decode_json(row[5]),
            )
            for row in rows
        ]

    # URLs and their fetch state

    @translated
    def add_urls(self, source: str, urls: Iterable[DiscoveredUrl], now: datetime) -> int:
        """Track new URLs (due at once); a known URL whose date moved past its last check becomes due.

        Returns how many URLs were new. Commits every INSERT_BATCH URLs, so a long list streams.
        """
        added = 0
        stamp = self.dialect.encode_time(now)
        iterator = iter(urls)
        while batch := list(islice(iterator, INSERT_BATCH)):
            with self._transaction() as db:
                for item in batch:
                    dated = self.dialect.encode_time(item.dated) if item.dated else None
                    cursor = self._execute(
                        db,
                        "INSERT INTO urls (url, host, source, dated, first_seen, next_due)"
                        " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (url) DO NOTHING",
                        (item.url, host_of(item.url), source, dated, stamp, stamp),
                    )
                    if cursor.rowcount:
                        added += 1
                    elif dated:
                        self._execute(
                            db,
                            "UPDATE urls SET next_due = ?, dated = ? WHERE url = ? AND next_due > ?"
                            " AND failures = 0 AND last_checked < ?",
                            (stamp, dated, item.url, stamp, dated),
                        )
        return added

    def _due(self, now: datetime, sources: Sequence[str], stale_before: datetime | None) -> tuple[str, list[Any]]:
        """Due by its own schedule, or checked fine before the current recheck interval began.

        The condition on the URL's state and its parameters; without a cut-off (NULL) the
        second half never holds.
        """
        marks = ", ".join("?" * len(sources))
        stale = self.dialect.encode_time(stale_before) if stale_before else None
        condition = f"(next_due <= ? OR (failures = 0 AND last_checked <= ?)) AND source IN ({marks})"
        return condition, [self.dialect.encode_time(now), stale, *sources]

    @translated
    def due_urls(
        self, now: datetime, *, sources: Sequence[str], after_id: int, limit: int, stale_before: datetime | None = None
    ) -> list[DueUrl]:
        """The next `limit` URLs of `sources` due by `now`, in id order after `after_id` (keyset paging).

        With `stale_before`, a URL checked successfully before then is due too, whatever its
        next_due says: that was fixed by the recheck interval in force at its last check, and a shorter
        interval set since must apply at once.
        """
        condition, params = self._due(now, sources, stale_before)
        rows = self._read(
            f"SELECT id, url, source, etag, last_modified, failures FROM urls WHERE id > ? AND {condition}"
            " ORDER BY id LIMIT ?",
            (after_id, *params, limit),
        )
        return [due_url(row) for row in rows]

    @translated
    def iter_due_urls(
        self, now: datetime, *, sources: Sequence[str], stale_before: datetime | None = None
    ) -> Iterator[str]:
        """Stream every URL of `sources` due (as `due_urls` counts it), in no set order: a run plans by it."""
        condition, params = self._due(now, sources, stale_before)
        return self._stream(f"SELECT url FROM urls WHERE {condition}", params, itemgetter(0))

    @translated
    def record_checks(self, updates: Sequence[FetchUpdate]) -> None:
        """Save the outcomes of checks that produced no article (304s, failures, skipped pages) in one
        transaction: a run of conditional requests would otherwise spend its time committing."""
        if not updates:
            return
        values = [self._url_values(update, article_id=None) for update in updates]
        # One statement for the batch: psycopg sends it in pipeline mode, one round trip instead of one a
        # row (PostgreSQL: 666 checks/s row by row, see benchmarks/store.py); sqlite3 loops in C.
        with self._transaction() as db, closing(db.cursor()) as cursor:
            cursor.executemany(self.dialect.sql(_UPDATE_URL), values)

    @translated
    def save_article(
        self, article: ArticleRecord, *, url_id: int, now: datetime, update: FetchUpdate | None
    ) -> SaveOutcome:
        """Insert or update an article by canonical URL, with the check that produced it, in one transaction.

        An unchanged content hash writes nothing to the article. Without `update` (a re-extraction),
        the URL's fetch state is left alone and only linked to the article.
        """
        with self._transaction() as db:
            row = self._execute(
                db,
                "SELECT id, content_hash FROM articles WHERE canonical_url = ?",
                (article.canonical_url,),
            ).fetchone()
            values = {**article_values(article), "now": self.dialect.encode_time(now)}
            outcome: SaveOutcome
            if row is None:
                inserted = self._execute(
                    db,
                    "INSERT INTO articles (url, canonical_url, source, title, authors, date, text, markdown, access,"
                    " language, site_name, description, modified, image, tags, content_hash, first_seen, last_changed)"
                    " VALUES (:url, :canonical_url, :source, :title, :authors, :date, :text, :markdown, :access,"
                    " :language, :site_name, :description, :modified, :image, :tags, :content_hash, :now, :now)"
                    " RETURNING id",
                    values,
                ).fetchone()
                article_id, outcome = int(inserted[0]), "new"
            elif row[1] == article.content_hash:
                article_id, outcome = row[0], "unchanged"
            else:
                self._execute(
                    db,
                    "UPDATE articles SET title = :title, authors = :authors, date = :date, text = :text,"
                    " markdown = :markdown, access = :access, language = :language, site_name = :site_name,"
                    " description = :description, modified = :modified, image = :image, tags = :tags,"
                    " content_hash = :content_hash, last_changed = :now"
                    " WHERE id = :id",
                    {**values, "id": row[0]},
                )
                article_id, outcome = row[0], "updated"
            if update is None:
                self._execute(db, "UPDATE urls SET article_id = ? WHERE id = ?", (article_id, url_id))
            else:
                self._update_url(db, update, article_id=article_id)
        return outcome

    def _update_url(self, db: Any, update: FetchUpdate, *, article_id: int | None) -> None:
        self._execute(db, _UPDATE_URL, self._url_values(update, article_id=article_id))

    def _url_values(self, update: FetchUpdate, *, article_id: int | None) -> tuple[Any, ...]:
        """The parameters of _UPDATE_URL for one check."""
        return (
            self.dialect.encode_time(update.checked_at),
            self.dialect.encode_time(update.next_due),
            update.status,
            update.etag,
            update.last_modified,
            update.failures,
            update.error_kind,
            update.error,
            article_id,
            update.archive.path if update.archive else None,
            update.archive.offset if update.archive else None,
            update.url_id,
        )

    @translated
    def archived_pages(self, *, after_id: int, limit: int) -> list[tuple[DueUrl, ArchiveRef]]:
        """URLs with a raw response in the WARC archive, in id order after `after_id`."""
        rows = self._read(
            "SELECT id, url, source, etag, last_modified, failures, warc_path, warc_offset"
            " FROM urls WHERE id > ? AND warc_path IS NOT NULL ORDER BY id LIMIT ?",
            (after_id, limit),
        )
        return [(due_url(row), ArchiveRef(path=row[6], offset=row[7])) for row in rows]

    @translated
    def failing_hosts(self, limit: int) -> list[HostFailures]:
        """Hosts with failing URLs, the worst first, with the latest error seen on each."""
        rows = self._read(
            "SELECT host, COUNT(*), MAX(failures), MIN(next_due),"
            " (SELECT last_error FROM urls AS latest WHERE latest.host = urls.host AND latest.failures > 0"
            "  ORDER BY last_checked DESC NULLS LAST LIMIT 1)"
            " FROM urls WHERE failures > 0 GROUP BY host ORDER BY COUNT(*) DESC, host LIMIT ?",
            (limit,),
        )
        return [
            HostFailures(
                host=row[0],
                failing_urls=row[1],
                max_failures=row[2],
                next_retry=self.dialect.optional_time(row[3]),
                last_error=row[4],
            )
            for row in rows
        ]

    @translated
    def totals(self, now: datetime) -> StoreTotals:
        """How many articles and URLs the store tracks, how many are due and how many failing."""
        ((articles,),) = self._read("SELECT COUNT(*) FROM articles")
        ((urls, due, failing),) = self._read(
            "SELECT COUNT(*), COUNT(*) FILTER (WHERE next_due <= ?), COUNT(*) FILTER (WHERE failures > 0) FROM urls",
            (self.dialect.encode_time(now),),
        )
        return StoreTotals(articles=articles, urls=urls, due=due, failing=failing)

    # source documents

    @translated
    def source_state(self, url: str) -> SourceState | None:
        """The last read of a feed or sitemap, if there was one."""
        rows = self._read(_SOURCE_COLUMNS + " WHERE url = ?", (url,))
        return self._source_state(rows[0]) if rows else None

    @translated
    def source_states(self) -> list[SourceState]:
        """Every source document read so far, by source name."""
        return [self._source_state(row) for row in self._read(_SOURCE_COLUMNS + " ORDER BY source, url")]

    def _source_state(self, row: tuple[Any, ...]) -> SourceState:
        return SourceState(
            url=row[0],
            source=row[1],
            etag=row[2],
            last_modified=row[3],
            lastmod=row[4],
            last_read=self.dialect.optional_time(row[5]),
            failures=row[6],
            last_error=row[7],
        )

    @translated
    def record_source_read(
        self, url: str, source: str, *, now: datetime, etag: str | None, last_modified: str | None, lastmod: str | None
    ) -> None:
        """Remember a successful read (or 304) of a source document."""
        with self._transaction() as db:
            self._execute(
                db,
                "INSERT INTO source_documents AS known (url, source, etag, last_modified, lastmod, last_read, failures)"
                " VALUES (?, ?, ?, ?, ?, ?, 0) ON CONFLICT (url) DO UPDATE SET source = excluded.source,"
                " etag = COALESCE(excluded.etag, known.etag),"
                " last_modified = COALESCE(excluded.last_modified, known.last_modified),"
                " lastmod = COALESCE(excluded.lastmod, known.lastmod), last_read = excluded.last_read,"
                " failures = 0, last_error = NULL",
                (url, source, etag, last_modified, lastmod, self.dialect.encode_time(now)),
            )

    @translated
    def record_source_error(self, url: str, source: str, *, now: datetime, error: str) -> None:
        """Remember that a source document could not be fetched or parsed."""
        with self._transaction() as db:
            self._execute(
                db,
                "INSERT INTO source_documents AS known (url, source, failures, last_error) VALUES (?, ?, 1, ?)"
                " ON CONFLICT (url) DO UPDATE SET failures = known.failures + 1, last_error = excluded.last_error",
                (url, source, error),
            )

    @translated
    def replace_site_offers(self, site_url: str, offers: Sequence[SiteOfferRecord]) -> None:
        """Keep what a site's latest discovery found, in place of what the one before found."""
        with self._transaction() as db:
            self._execute(db, "DELETE FROM site_offers WHERE site_url = ?", (site_url,))
            for offer in offers:
                self._execute(
                    db,
                    "INSERT INTO site_offers (site_url, source, kind, url, found_via, found_at)"
                    " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (site_url, url) DO NOTHING",
                    (
                        site_url,
                        offer.source,
                        offer.kind,
                        offer.url,
                        offer.found_via,
                        self.dialect.encode_time(offer.found_at),
                    ),
                )

    @translated
    def site_offers(self) -> list[SiteOfferRecord]:
        """Every site's feeds and sitemaps as last discovered, by source, feeds before sitemaps."""
        rows = self._read(
            "SELECT site_url, source, kind, url, found_via, found_at FROM site_offers ORDER BY source, kind, url"
        )
        return [
            SiteOfferRecord(site_url, source, kind, url, found_via, self.dialect.decode_time(found_at))
            for site_url, source, kind, url, found_via, found_at in rows
        ]

    # robots.txt

    @translated
    def robots_record(self, origin: str) -> RobotsRecord | None:
        """The robots.txt last fetched for `origin`, however old: how old is too old is the fetcher's rule."""
        rows = self._read("SELECT status, body, fetched_at FROM robots WHERE origin = ?", (origin,))
        if not rows:
            return None
        status, body, fetched_at = rows[0]
        return RobotsRecord(origin, status, body, self.dialect.decode_time(fetched_at))

    @translated
    def save_robots(self, record: RobotsRecord) -> None:
        """Keep an origin's robots.txt, replacing the one fetched before."""
        with self._transaction() as db:
            self._execute(
                db,
                "INSERT INTO robots (origin, status, body, fetched_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (origin) DO UPDATE SET status = excluded.status, body = excluded.body,"
                " fetched_at = excluded.fetched_at",
                (record.origin, record.status, record.body, self.dialect.encode_time(record.fetched_at)),
            )

    # export

    @translated
    def iter_articles(self, *, since: datetime | None = None, source: str | None = None) -> Generator[StoredArticle]:
        """Stream articles changed since `since` (all if None), oldest change first."""
        conditions, params = ["TRUE"], []
        if since is not None:
            conditions.append("last_changed >= ?")
            params.append(self.dialect.encode_time(since))
        if source is not None:
            conditions.append("source = ?")
            params.append(source)
        return self._stream(
            f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE {' AND '.join(conditions)} ORDER BY last_changed, id",
            params,
            self._stored_article,
        )

    def _stored_article(self, row: tuple[Any, ...]) -> StoredArticle:
        decode = self.dialect.decode_json
        return StoredArticle(
            record=article_record(row, decode(row[7]), decode(row[12]), decode(row[17])),
            first_seen=self.dialect.decode_time(row[13]),
            last_changed=self.dialect.decode_time(row[14]),
        )


_SOURCE_COLUMNS = (
    "SELECT url, source, etag, last_modified, lastmod, last_read, failures, last_error FROM source_documents"
)
