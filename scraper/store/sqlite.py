"""The default store: one SQLite file in WAL mode, each write its own short transaction."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import wraps
from itertools import islice
from operator import itemgetter
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from scraper.errors import StoreError
from scraper.models import AccessInfo
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
from scraper.store.schema import check_identity, migrate
from scraper.store.urls import host_of

BUSY_TIMEOUT_SECONDS = 30.0
"""How long a reader (export, status) waits for a writer's short transaction before giving up."""

INSERT_BATCH = 500
"""Discovered URLs written per transaction: large enough to be fast, small enough to commit often."""

STREAM_CHUNK = 200
"""Rows fetched at a time while streaming (an export, a run's due URLs), so memory stays flat."""

P = ParamSpec("P")
R = TypeVar("R")
T = TypeVar("T")


def _time(value: datetime) -> str:
    """Fixed-width UTC ISO 8601, so text order is time order."""
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def _parse_time(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def _translated(method: Callable[P, R]) -> Callable[P, R]:
    """Turn sqlite3 errors into StoreError at the boundary of every public method."""

    @wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return method(*args, **kwargs)
        except sqlite3.Error as exc:
            raise StoreError(f"store error: {exc}") from exc

    return wrapper


class SQLiteStore:
    """Articles, fetch state, source state and runs in one SQLite database."""

    def __init__(self, connection: sqlite3.Connection, path: str) -> None:
        self._db = connection
        self.path = path

    @classmethod
    def open(cls, path: str | Path) -> SQLiteStore:
        """Open (creating and migrating if needed) the store at `path`."""
        target = Path(path)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(target, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"cannot open the store {target}: {exc}") from exc
        try:
            version = check_identity(connection, target)
            connection.execute("PRAGMA journal_mode = WAL")
            # WAL + NORMAL: a crash or SIGKILL never corrupts the file or loses a commit; only a power
            # cut may drop the last few commits, which the next run simply fetches again.
            connection.execute("PRAGMA synchronous = NORMAL")
            connection.execute("PRAGMA foreign_keys = ON")
            migrate(connection, version)
        except StoreError:
            connection.close()
            raise
        except sqlite3.Error as exc:
            connection.close()
            raise StoreError(f"cannot use the store {target}: {exc}") from exc
        return cls(connection, str(target))

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @_translated
    def close(self) -> None:
        """Close the connection; a WAL checkpoint happens on the way out."""
        self._db.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    # runs

    @_translated
    def begin_run(self, command: str, started: datetime) -> int:
        """Record the start of a run and return its id."""
        with self._transaction() as db:
            cursor = db.execute(
                "INSERT INTO runs (command, started, status, counts) VALUES (?, ?, 'running', '{}')",
                (command, _time(started)),
            )
        return int(cursor.lastrowid or 0)

    @_translated
    def finish_run(self, run_id: int, finished: datetime, status: RunStatus, counts: Mapping[str, int]) -> None:
        """Record how a run ended."""
        with self._transaction() as db:
            db.execute(
                "UPDATE runs SET finished = ?, status = ?, counts = ? WHERE id = ?",
                (_time(finished), status, json.dumps(dict(counts), sort_keys=True), run_id),
            )

    @_translated
    def abandon_unfinished_runs(self, now: datetime) -> int:
        """Mark runs that never finished (killed) as abandoned; call only while holding the run lock."""
        with self._transaction() as db:
            cursor = db.execute(
                "UPDATE runs SET status = 'abandoned', finished = ? WHERE status = 'running'", (_time(now),)
            )
        return cursor.rowcount

    @_translated
    def recent_runs(self, limit: int) -> list[RunRecord]:
        """The latest runs, newest first."""
        rows = self._db.execute(
            "SELECT id, command, started, finished, status, counts FROM runs ORDER BY id DESC LIMIT ?", (limit,)
        )
        return [
            RunRecord(
                id=row[0],
                command=row[1],
                started=datetime.fromisoformat(row[2]),
                finished=_parse_time(row[3]),
                status=row[4],
                counts=json.loads(row[5]),
            )
            for row in rows
        ]

    # URLs and their fetch state

    @_translated
    def add_urls(self, source: str, urls: Iterable[DiscoveredUrl], now: datetime) -> int:
        """Track new URLs (due at once); a known URL whose date moved past its last check becomes due.

        Returns how many URLs were new. Commits every INSERT_BATCH URLs, so a long list streams.
        """
        added = 0
        stamp = _time(now)
        iterator = iter(urls)
        while batch := list(islice(iterator, INSERT_BATCH)):
            with self._transaction() as db:
                for item in batch:
                    dated = _time(item.dated) if item.dated else None
                    cursor = db.execute(
                        "INSERT OR IGNORE INTO urls (url, host, source, dated, first_seen, next_due)"
                        " VALUES (?, ?, ?, ?, ?, ?)",
                        (item.url, host_of(item.url), source, dated, stamp, stamp),
                    )
                    if cursor.rowcount:
                        added += 1
                    elif dated:
                        db.execute(
                            "UPDATE urls SET next_due = ?, dated = ? WHERE url = ? AND next_due > ?"
                            " AND failures = 0 AND last_checked < ?",
                            (stamp, dated, item.url, stamp, dated),
                        )
        return added

    @_translated
    def due_urls(
        self, now: datetime, *, sources: Sequence[str], after_id: int, limit: int, stale_before: datetime | None = None
    ) -> list[DueUrl]:
        """The next `limit` URLs of `sources` due by `now`, in id order after `after_id` (keyset paging).

        With `stale_before`, a URL checked successfully before then is due too, whatever its
        next_due says: that was fixed by the recheck interval in force at its last check, and a shorter
        interval set since must apply at once.
        """
        marks = ", ".join("?" * len(sources))
        rows = self._db.execute(
            "SELECT id, url, source, etag, last_modified, failures FROM urls"
            f" WHERE id > ? AND {_DUE} AND source IN ({marks}) ORDER BY id LIMIT ?",
            (after_id, *_due_parameters(now, stale_before), *sources, limit),
        )
        return [_due_url(row) for row in rows]

    @_translated
    def iter_due_urls(
        self, now: datetime, *, sources: Sequence[str], stale_before: datetime | None = None
    ) -> Iterator[str]:
        """Stream every URL of `sources` due (as `due_urls` counts it), in no set order: a run plans by it."""
        marks = ", ".join("?" * len(sources))
        cursor = self._db.execute(
            f"SELECT url FROM urls WHERE {_DUE} AND source IN ({marks})",
            (*_due_parameters(now, stale_before), *sources),
        )
        return self._stream(cursor, itemgetter(0))

    @_translated
    def record_checks(self, updates: Sequence[FetchUpdate]) -> None:
        """Save the outcomes of checks that produced no article (304s, failures, skipped pages) in one
        transaction: a run of conditional requests would otherwise spend its time committing."""
        if not updates:
            return
        with self._transaction() as db:
            for update in updates:
                self._update_url(db, update, article_id=None)

    @_translated
    def save_article(
        self, article: ArticleRecord, *, url_id: int, now: datetime, update: FetchUpdate | None
    ) -> SaveOutcome:
        """Insert or update an article by canonical URL, with the check that produced it, in one transaction.

        An unchanged content hash writes nothing to the article. Without `update` (a re-extraction),
        the URL's fetch state is left alone and only linked to the article.
        """
        with self._transaction() as db:
            stamp = _time(now)
            row = db.execute(
                "SELECT id, content_hash FROM articles WHERE canonical_url = ?", (article.canonical_url,)
            ).fetchone()
            values = _article_values(article)
            outcome: SaveOutcome
            if row is None:
                cursor = db.execute(
                    "INSERT INTO articles (url, canonical_url, source, title, authors, date, text, markdown, access,"
                    " language, site_name, description, content_hash, first_seen, last_changed)"
                    " VALUES (:url, :canonical_url, :source, :title, :authors, :date, :text, :markdown, :access,"
                    " :language, :site_name, :description, :content_hash, :now, :now)",
                    {**values, "now": stamp},
                )
                article_id, outcome = int(cursor.lastrowid or 0), "new"
            elif row[1] == article.content_hash:
                article_id, outcome = row[0], "unchanged"
            else:
                db.execute(
                    "UPDATE articles SET title = :title, authors = :authors, date = :date, text = :text,"
                    " markdown = :markdown, access = :access, language = :language, site_name = :site_name,"
                    " description = :description, content_hash = :content_hash, last_changed = :now"
                    " WHERE id = :id",
                    {**values, "now": stamp, "id": row[0]},
                )
                article_id, outcome = row[0], "updated"
            if update is None:
                db.execute("UPDATE urls SET article_id = ? WHERE id = ?", (article_id, url_id))
            else:
                self._update_url(db, update, article_id=article_id)
        return outcome

    @staticmethod
    def _update_url(db: sqlite3.Connection, update: FetchUpdate, *, article_id: int | None) -> None:
        db.execute(
            "UPDATE urls SET last_checked = ?, next_due = ?, status = ?, etag = COALESCE(?, etag),"
            " last_modified = COALESCE(?, last_modified), failures = ?, error_kind = ?, last_error = ?,"
            " article_id = COALESCE(?, article_id), warc_path = COALESCE(?, warc_path),"
            " warc_offset = COALESCE(?, warc_offset) WHERE id = ?",
            (
                _time(update.checked_at),
                _time(update.next_due),
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
            ),
        )

    @_translated
    def archived_pages(self, *, after_id: int, limit: int) -> list[tuple[DueUrl, ArchiveRef]]:
        """URLs with a raw response in the WARC archive, in id order after `after_id`."""
        rows = self._db.execute(
            "SELECT id, url, source, etag, last_modified, failures, warc_path, warc_offset"
            " FROM urls WHERE id > ? AND warc_path IS NOT NULL ORDER BY id LIMIT ?",
            (after_id, limit),
        )
        return [(_due_url(row), ArchiveRef(path=row[6], offset=row[7])) for row in rows]

    @_translated
    def failing_hosts(self, limit: int) -> list[HostFailures]:
        """Hosts with failing URLs, the worst first, with the latest error seen on each."""
        rows = self._db.execute(
            "SELECT host, COUNT(*), MAX(failures), MIN(next_due),"
            " (SELECT last_error FROM urls AS latest WHERE latest.host = urls.host AND latest.failures > 0"
            "  ORDER BY last_checked DESC LIMIT 1)"
            " FROM urls WHERE failures > 0 GROUP BY host ORDER BY COUNT(*) DESC, host LIMIT ?",
            (limit,),
        )
        return [
            HostFailures(
                host=row[0], failing_urls=row[1], max_failures=row[2], next_retry=_parse_time(row[3]), last_error=row[4]
            )
            for row in rows
        ]

    @_translated
    def totals(self, now: datetime) -> StoreTotals:
        """How many articles and URLs the store tracks, how many are due and how many failing."""
        (articles,) = self._db.execute("SELECT COUNT(*) FROM articles").fetchone()
        urls, due, failing = self._db.execute(
            "SELECT COUNT(*), COALESCE(SUM(next_due <= ?), 0), COALESCE(SUM(failures > 0), 0) FROM urls",
            (_time(now),),
        ).fetchone()
        return StoreTotals(articles=articles, urls=urls, due=due, failing=failing)

    # source documents

    @_translated
    def source_state(self, url: str) -> SourceState | None:
        """The last read of a feed or sitemap, if there was one."""
        row = self._db.execute(_SOURCE_COLUMNS + " WHERE url = ?", (url,)).fetchone()
        return _source_state(row) if row else None

    @_translated
    def robots_record(self, origin: str) -> RobotsRecord | None:
        """The robots.txt last fetched for `origin`, however old: how old is too old is the fetcher's rule."""
        row = self._db.execute("SELECT status, body, fetched_at FROM robots WHERE origin = ?", (origin,)).fetchone()
        return RobotsRecord(origin, row[0], row[1], datetime.fromisoformat(row[2])) if row else None

    @_translated
    def save_robots(self, record: RobotsRecord) -> None:
        """Keep an origin's robots.txt, replacing the one fetched before."""
        with self._transaction() as db:
            db.execute(
                "INSERT OR REPLACE INTO robots (origin, status, body, fetched_at) VALUES (?, ?, ?, ?)",
                (record.origin, record.status, record.body, _time(record.fetched_at)),
            )

    @_translated
    def source_states(self) -> list[SourceState]:
        """Every source document read so far, by source name."""
        return [_source_state(row) for row in self._db.execute(_SOURCE_COLUMNS + " ORDER BY source, url")]

    @_translated
    def record_source_read(
        self, url: str, source: str, *, now: datetime, etag: str | None, last_modified: str | None, lastmod: str | None
    ) -> None:
        """Remember a successful read (or 304) of a source document."""
        with self._transaction() as db:
            db.execute(
                "INSERT INTO source_documents (url, source, etag, last_modified, lastmod, last_read, failures)"
                " VALUES (?, ?, ?, ?, ?, ?, 0) ON CONFLICT (url) DO UPDATE SET source = excluded.source,"
                " etag = COALESCE(excluded.etag, etag),"
                " last_modified = COALESCE(excluded.last_modified, last_modified),"
                " lastmod = COALESCE(excluded.lastmod, lastmod), last_read = excluded.last_read, failures = 0,"
                " last_error = NULL",
                (url, source, etag, last_modified, lastmod, _time(now)),
            )

    @_translated
    def record_source_error(self, url: str, source: str, *, now: datetime, error: str) -> None:
        """Remember that a source document could not be fetched or parsed."""
        with self._transaction() as db:
            db.execute(
                "INSERT INTO source_documents (url, source, failures, last_error) VALUES (?, ?, 1, ?)"
                " ON CONFLICT (url) DO UPDATE SET failures = failures + 1, last_error = excluded.last_error",
                (url, source, error),
            )

    @_translated
    def replace_site_offers(self, site_url: str, offers: Sequence[SiteOfferRecord]) -> None:
        """Keep what a site's latest discovery found, in place of what the one before found."""
        with self._transaction() as db:
            db.execute("DELETE FROM site_offers WHERE site_url = ?", (site_url,))
            db.executemany(
                "INSERT OR IGNORE INTO site_offers (site_url, source, kind, url, found_via, found_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                [
                    (site_url, offer.source, offer.kind, offer.url, offer.found_via, _time(offer.found_at))
                    for offer in offers
                ],
            )

    @_translated
    def site_offers(self) -> list[SiteOfferRecord]:
        """Every site's feeds and sitemaps as last discovered, by source, feeds before sitemaps."""
        rows = self._db.execute(
            "SELECT site_url, source, kind, url, found_via, found_at FROM site_offers ORDER BY source, kind, url"
        )
        return [
            SiteOfferRecord(
                site_url=row[0],
                source=row[1],
                kind=row[2],
                url=row[3],
                found_via=row[4],
                found_at=datetime.fromisoformat(row[5]),
            )
            for row in rows
        ]

    # export

    @_translated
    def iter_articles(self, *, since: datetime | None = None, source: str | None = None) -> Generator[StoredArticle]:
        """Stream articles changed since `since` (all if None), oldest change first."""
        cursor = self._db.execute(
            "SELECT url, canonical_url, source, text, markdown, content_hash, title, authors, date, language,"
            " site_name, description, access, first_seen, last_changed FROM articles"
            " WHERE last_changed >= ? AND (? IS NULL OR source = ?) ORDER BY last_changed, id",
            (_time(since) if since else "", source, source),
        )
        return self._stream(cursor, _stored_article)

    @staticmethod
    def _stream(cursor: sqlite3.Cursor, convert: Callable[[Any], T]) -> Generator[T]:
        try:
            while rows := cursor.fetchmany(STREAM_CHUNK):
                yield from map(convert, rows)
        except sqlite3.Error as exc:
            raise StoreError(f"store error: {exc}") from exc
        finally:
            cursor.close()


_DUE = "(next_due <= ? OR (failures = 0 AND last_checked <= ?))"
"""Due by its own schedule, or checked fine before the current recheck interval began."""


def _due_parameters(now: datetime, stale_before: datetime | None) -> tuple[str, str]:
    # "" sorts before every time stamp, so without a cut-off the second condition never holds.
    return _time(now), _time(stale_before) if stale_before else ""


_SOURCE_COLUMNS = (
    "SELECT url, source, etag, last_modified, lastmod, last_read, failures, last_error FROM source_documents"
)


def _due_url(row: tuple[Any, ...]) -> DueUrl:
    return DueUrl(
        id=row[0],
        url=row[1],
        source=row[2],
        etag=row[3],
        last_modified=row[4],
        failures=row[5],
    )


def _source_state(row: tuple[Any, ...]) -> SourceState:
    return SourceState(
        url=row[0],
        source=row[1],
        etag=row[2],
        last_modified=row[3],
        lastmod=row[4],
        last_read=_parse_time(row[5]),
        failures=row[6],
        last_error=row[7],
    )


def _article_values(article: ArticleRecord) -> dict[str, Any]:
    return {
        "url": article.url,
        "canonical_url": article.canonical_url,
        "source": article.source,
        "title": article.title,
        "authors": json.dumps(list(article.authors), ensure_ascii=False),
        "date": article.date,
        "text": article.text,
        "markdown": article.markdown,
        "access": json.dumps(article.access.to_dict(), ensure_ascii=False),
        "language": article.language,
        "site_name": article.site_name,
        "description": article.description,
        "content_hash": article.content_hash,
    }


def _stored_article(row: tuple[Any, ...]) -> StoredArticle:
    access = json.loads(row[12])
    record = ArticleRecord(
        url=row[0],
        canonical_url=row[1],
        source=row[2],
        text=row[3],
        markdown=row[4],
        content_hash=row[5],
        title=row[6],
        authors=tuple(json.loads(row[7])),
        date=row[8],
        language=row[9],
        site_name=row[10],
        description=row[11],
        access=AccessInfo(
            status=access.get("status", "unknown"),
            truncated=bool(access.get("truncated", False)),
            evidence=tuple(access.get("evidence", ())),
        ),
    )
    return StoredArticle(
        record=record, first_seen=datetime.fromisoformat(row[13]), last_changed=datetime.fromisoformat(row[14])
    )
