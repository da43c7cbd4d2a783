"""The SQLite schema as an ordered list of migrations; PRAGMA user_version says how many ran.

PRAGMA application_id marks a database as a scraper store, so that a path pointing at some
other SQLite file (a browser profile, another program's data) is refused before anything in
it is changed: no tables added, no journal mode switched, no version overwritten.
"""

from __future__ import annotations

import sqlite3

from scraper.errors import StoreError

MIGRATIONS: tuple[str, ...] = (
    # 1: articles keyed by canonical URL, per-URL fetch state, source documents, runs.
    """
    CREATE TABLE articles (
        id INTEGER PRIMARY KEY,
        url TEXT NOT NULL,
        canonical_url TEXT NOT NULL UNIQUE,
        source TEXT NOT NULL,
        title TEXT,
        authors TEXT NOT NULL,
        date TEXT,
        text TEXT NOT NULL,
        markdown TEXT NOT NULL,
        access TEXT NOT NULL,
        language TEXT,
        site_name TEXT,
        description TEXT,
        content_hash TEXT NOT NULL,
        first_seen TEXT NOT NULL,
        last_changed TEXT NOT NULL
    );
    CREATE INDEX articles_last_changed ON articles (last_changed);
    CREATE INDEX articles_source ON articles (source, last_changed);

    CREATE TABLE urls (
        id INTEGER PRIMARY KEY,
        url TEXT NOT NULL UNIQUE,
        host TEXT NOT NULL,
        source TEXT NOT NULL,
        dated TEXT,
        first_seen TEXT NOT NULL,
        next_due TEXT NOT NULL,
        last_checked TEXT,
        status INTEGER,
        etag TEXT,
        last_modified TEXT,
        failures INTEGER NOT NULL DEFAULT 0,
        error_kind TEXT,
        last_error TEXT,
        article_id INTEGER REFERENCES articles (id),
        warc_path TEXT,
        warc_offset INTEGER
    );
    CREATE INDEX urls_next_due ON urls (next_due);
    CREATE INDEX urls_failing ON urls (host) WHERE failures > 0;

    CREATE TABLE source_documents (
        url TEXT PRIMARY KEY,
        source TEXT NOT NULL,
        etag TEXT,
        last_modified TEXT,
        lastmod TEXT,
        last_read TEXT,
        failures INTEGER NOT NULL DEFAULT 0,
        last_error TEXT
    );

    CREATE TABLE runs (
        id INTEGER PRIMARY KEY,
        command TEXT NOT NULL,
        started TEXT NOT NULL,
        finished TEXT,
        status TEXT NOT NULL,
        counts TEXT NOT NULL
    );
    """,
    # 2: robots.txt per origin, so that runs a few minutes apart do not each fetch it again.
    """
    CREATE TABLE robots (
        origin TEXT PRIMARY KEY,
        status INTEGER NOT NULL,
        body TEXT NOT NULL,
        fetched_at TEXT NOT NULL
    );
    """,
    # 3: the feeds and sitemaps each `kind = "site"` source found, and where, for `scraper status`.
    """
    CREATE TABLE site_offers (
        site_url TEXT NOT NULL,
        source TEXT NOT NULL,
        kind TEXT NOT NULL,
        url TEXT NOT NULL,
        found_via TEXT NOT NULL,
        found_at TEXT NOT NULL,
        PRIMARY KEY (site_url, url)
    );
    """,
    # 4: the metadata `scraper export` carries besides the first schema's: last change, lead image, tags.
    """
    ALTER TABLE articles ADD COLUMN modified TEXT;
    ALTER TABLE articles ADD COLUMN image TEXT;
    ALTER TABLE articles ADD COLUMN tags TEXT NOT NULL DEFAULT '[]';
    """,
)
"""Append a new script to change the schema; never edit one that has shipped."""


APPLICATION_ID = 0x53435250
"""'SCRP': written into the database header of every store this package creates or migrates."""

CORE_TABLES = frozenset({"articles", "urls", "source_documents", "runs"})
"""The tables of the first schema: how a store made before APPLICATION_ID existed is recognised."""


def check_identity(connection: sqlite3.Connection, where: object) -> int:
    """Return the schema version of a scraper store (0 for a new, empty database); refuse anything else.

    Only reads: it runs before the store is switched to WAL or migrated, so a refused file is left
    exactly as it was.
    """
    (application_id,) = connection.execute("PRAGMA application_id").fetchone()
    (version,) = connection.execute("PRAGMA user_version").fetchone()
    tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if application_id not in (0, APPLICATION_ID):
        raise StoreError(f"{where} is another program's SQLite database (application_id {application_id}), not a store")
    if version < 0:
        raise StoreError(f"{where} has an invalid schema version ({version}); it is not a usable store")
    if version > len(MIGRATIONS):
        raise StoreError(f"the store has schema version {version}, newer than this scraper knows ({len(MIGRATIONS)})")
    if application_id == 0 and (tables if version == 0 else not tables >= CORE_TABLES):
        raise StoreError(f"{where} is an SQLite database of some other program, not a store; refusing to change it")
    return int(version)


def migrate(connection: sqlite3.Connection, version: int) -> int:
    """Bring the database from `version` up to the newest schema, one transaction per step; return the version."""
    if version == len(MIGRATIONS):
        (application_id,) = connection.execute("PRAGMA application_id").fetchone()
        if application_id != APPLICATION_ID:  # a store made before the id was written: mark it once
            connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
        try:
            connection.executescript(
                f"BEGIN IMMEDIATE;\n{script}\nPRAGMA user_version = {number};\n"
                f"PRAGMA application_id = {APPLICATION_ID};\nCOMMIT;"
            )
        except sqlite3.Error:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            raise
    return len(MIGRATIONS)
