"""Which store a job uses and how runs keep out of each other's way: picked by `[store] url`.

Empty: the SQLite file at `[store] path`, with a lock file beside it. A PostgreSQL URL: the
PostgreSQL store (the optional extra `scraper[postgres]`), with an advisory lock in the
database, so that runs on different machines against one database do not overlap.
"""

from __future__ import annotations

import importlib.util
import os
from contextlib import AbstractContextManager
from typing import Any

from scraper.errors import ConfigError, StoreError
from scraper.jobs.lock import RunLock
from scraper.jobs.paths import JobPaths
from scraper.store import SQLiteStore, Store

POSTGRES_EXTRA = "pip install 'scraper[postgres]'"


def _postgres_module() -> Any:
    if importlib.util.find_spec("psycopg") is None:
        raise ConfigError(f"[store] url names a PostgreSQL database, which needs psycopg: {POSTGRES_EXTRA}")
    return importlib.import_module("scraper.store.postgres")


def open_store(paths: JobPaths) -> Store:
    """Open the job's store, creating and migrating it if needed."""
    if paths.store_url:
        store: Store = _postgres_module().PostgresStore.open(paths.store_url)
        return store
    return SQLiteStore.open(paths.store)


def open_existing_store(paths: JobPaths) -> Store:
    """Open the store for reading; readers never create one: a missing store is a mistake in the settings."""
    if paths.store_url:
        store: Store = _postgres_module().PostgresStore.open(paths.store_url, create=False)
        return store
    if not paths.store.exists():
        raise StoreError(f"no store at {paths.store}; `scraper run` creates it")
    if not os.access(paths.store.parent, os.W_OK) or not os.access(paths.store, os.W_OK):
        return SQLiteStore.open_read_only(paths.store)
    return SQLiteStore.open(paths.store)


def run_lock(paths: JobPaths) -> AbstractContextManager[Any]:
    """The lock a run or re-extraction holds for its whole length (LockHeldError when another has it)."""
    if paths.store_url:
        lock: AbstractContextManager[Any] = _postgres_module().PostgresRunLock(paths.store_url)
        return lock
    return RunLock(paths.lock)
