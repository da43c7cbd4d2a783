"""A store in PostgreSQL (psycopg 3), for runs on several machines and readers in other programs.

The same queries as the SQLite store (see `sql`) on the schema of `postgres_schema`: one
connection in autocommit mode, every write its own short transaction, as in SQLite. Streams
(an export, a run's due URLs) read through server-side cursors declared WITH HOLD, so they
survive the writes made between their batches and memory stays flat on both ends.

Only imported when `[store] url` is set: psycopg is the optional extra `scraper[postgres]`.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Generator, Iterator, Sequence
from contextlib import contextmanager
from types import TracebackType
from typing import Any, TypeVar
from urllib.parse import urlsplit, urlunsplit

import psycopg

from scraper.errors import LockHeldError, StoreError
from scraper.store.postgres_schema import LOCK_CLASS, current_version, migrate
from scraper.store.sql import STREAM_CHUNK, Dialect, SQLStore

CONNECT_TIMEOUT_SECONDS = 10
"""An unreachable server is an error after this long, not a run that hangs in cron."""

T = TypeVar("T")

_cursor_names = itertools.count()


def _same(value: Any) -> Any:
    return value


POSTGRES = Dialect(
    database_error=psycopg.Error,
    encode_time=_same,
    decode_time=_same,
    decode_json=_same,
    pyformat=True,
)
"""psycopg sends and returns datetimes and JSONB as Python values; its parameters are `%s`."""


def display_url(url: str) -> str:
    """The URL without its password, for messages."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.netloc.rsplit("@", 1)[-1]
    return urlunsplit(parts._replace(netloc=f"{parts.username}:***@{host}"))


def _connect(url: str) -> psycopg.Connection:
    try:
        connection = psycopg.connect(url, autocommit=True, connect_timeout=CONNECT_TIMEOUT_SECONDS)
    except psycopg.Error as exc:
        lines = str(exc).strip().splitlines()
        raise StoreError(f"cannot connect to the store {display_url(url)}: {lines[-1] if lines else exc!r}") from exc
    # Times come back in UTC whatever the server's default zone, as they do from the SQLite store.
    connection.execute("SET TIME ZONE 'UTC'")
    return connection


class PostgresStore(SQLStore):
    """Articles, fetch state, source state and runs in one PostgreSQL schema."""

    def __init__(self, connection: psycopg.Connection, url: str) -> None:
        super().__init__(connection, POSTGRES)
        self.url = url

    @classmethod
    def open(cls, url: str, *, create: bool = True) -> PostgresStore:
        """Connect, creating and migrating the store if needed; with `create=False` an empty schema is an error."""
        where = display_url(url)
        connection = _connect(url)
        try:
            if not create and current_version(connection, where) == 0:
                raise StoreError(f"no store at {where}; `scraper run` creates it")
            migrate(connection, where)
        except StoreError:
            connection.close()
            raise
        except psycopg.Error as exc:
            connection.close()
            raise StoreError(f"cannot use the store {where}: {exc}") from exc
        return cls(connection, url)

    @contextmanager
    def _transaction(self) -> Iterator[psycopg.Connection]:
        with self._db.transaction():
            yield self._db

    def _stream(self, query: str, params: Sequence[Any], convert: Callable[[Any], T]) -> Generator[T]:
        # WITH HOLD: the cursor outlives the autocommit transaction of its DECLARE, so writes on this
        # connection between two batches (a run records pages while it plans) leave it open.
        cursor = self._db.cursor(name=f"scraper_stream_{next(_cursor_names)}", withhold=True)
        cursor.execute(POSTGRES.sql(query), params)
        return self._batches(cursor, convert)

    def _batches(self, cursor: psycopg.ServerCursor, convert: Callable[[Any], T]) -> Generator[T]:
        try:
            while batch := cursor.fetchmany(STREAM_CHUNK):
                yield from map(convert, batch)
        except psycopg.Error as exc:
            raise StoreError(f"store error: {exc}") from exc
        finally:
            if not self._db.closed:
                cursor.close()


class PostgresRunLock:
    """One run at a time on a store: a session-level advisory lock on a connection of its own.

    The server drops the lock when that connection ends, also when the run is killed or its
    machine dies (once the server notices the closed socket), so a lock is never left behind.
    Keyed by the current schema, as the store is: two stores in one database do not block each other.
    """

    def __init__(self, url: str) -> None:
        self.url = url
        self._connection: psycopg.Connection | None = None

    def acquire(self) -> None:
        """Take the lock or raise LockHeldError."""
        connection = _connect(self.url)
        try:
            row = connection.execute(
                "SELECT pg_try_advisory_lock(%s, hashtext(current_schema())), current_schema()", (LOCK_CLASS,)
            ).fetchone()
        except psycopg.Error as exc:
            connection.close()
            raise StoreError(f"cannot take the run lock on {display_url(self.url)}: {exc}") from exc
        if row is None or not row[0]:
            connection.close()
            raise LockHeldError(
                f"another scraper run holds the lock of the store {display_url(self.url)}"
                f" (schema {row[1] if row else '?'}); not starting"
            )
        self._connection = connection

    def release(self) -> None:
        """Give the lock back by ending its connection."""
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def __enter__(self) -> PostgresRunLock:
        self.acquire()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.release()
