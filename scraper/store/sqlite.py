"""The default store: one SQLite file in WAL mode, each write its own short transaction."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Generator, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from scraper.errors import StoreError
from scraper.store.schema import MIGRATIONS, check_identity, migrate
from scraper.store.sql import STREAM_CHUNK, Dialect, SQLStore

BUSY_TIMEOUT_SECONDS = 30.0
"""How long a reader (export, status) waits for a writer's short transaction before giving up."""

T = TypeVar("T")


def _time(value: datetime) -> str:
    """Fixed-width UTC ISO 8601, so text order is time order."""
    return value.astimezone(UTC).isoformat(timespec="microseconds")


SQLITE = Dialect(
    database_error=sqlite3.Error,
    encode_time=_time,
    decode_time=datetime.fromisoformat,
    decode_json=json.loads,
    pyformat=False,
)
"""Times as fixed-width ISO 8601 text, JSON as text, sqlite3's own parameter style."""


def _checked_read_only(uri: str, target: Path) -> sqlite3.Connection:
    """A read-only connection to an up-to-date store; sqlite3.OperationalError when SQLite cannot open it so."""
    connection = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
    try:
        version = check_identity(connection, target)
    except BaseException:
        connection.close()
        raise
    if version != len(MIGRATIONS):
        connection.close()
        raise StoreError(f"the store {target} needs an upgrade that only `scraper run` can write")
    return connection


class SQLiteStore(SQLStore):
    """Articles, fetch state, source state and runs in one SQLite database."""

    def __init__(self, connection: sqlite3.Connection, path: str) -> None:
        super().__init__(connection, SQLITE)
        self.path = path

    @classmethod
    def open_read_only(cls, path: str | Path) -> SQLiteStore:
        """Open an existing, up-to-date store for reading only: `status` and `export` where they cannot write.

        SQLite opens a WAL database read-only only while its -shm file exists, that is while a writer has
        it open. Without a -wal file the main file holds every commit and no writer has the database
        open, so it is read as immutable; a run that starts meanwhile is not seen.
        """
        target = Path(path)
        uri = f"{target.resolve().as_uri()}?mode=ro"
        try:
            try:
                connection = _checked_read_only(uri, target)
            except sqlite3.OperationalError:
                if Path(f"{target}-wal").exists():
                    raise
                connection = _checked_read_only(f"{uri}&immutable=1", target)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot read the store {target}: {exc}") from exc
        return cls(connection, str(target))

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

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def _stream(self, query: str, params: Sequence[Any], convert: Callable[[Any], T]) -> Generator[T]:
        # Executed now, not at the first next(): the stream reads the store as it is when asked for.
        return self._batches(self._db.execute(query, params), convert)

    @staticmethod
    def _batches(cursor: sqlite3.Cursor, convert: Callable[[Any], T]) -> Generator[T]:
        try:
            while batch := cursor.fetchmany(STREAM_CHUNK):
                yield from map(convert, batch)
        except sqlite3.Error as exc:
            raise StoreError(f"store error: {exc}") from exc
        finally:
            cursor.close()
