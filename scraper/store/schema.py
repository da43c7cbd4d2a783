"""The SQLite schema as an ordered list of migrations; PRAGMA user_version says how many ran."""

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
)
"""Append a new script to change the schema; never edit one that has shipped."""


def migrate(connection: sqlite3.Connection) -> int:
    """Bring the database up to the newest schema, one transaction per step; return the version."""
    (version,) = connection.execute("PRAGMA user_version").fetchone()
    if version > len(MIGRATIONS):
        raise StoreError(f"the store has schema version {version}, newer than this scraper knows ({len(MIGRATIONS)})")
    for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
        try:
            connection.executescript(f"BEGIN IMMEDIATE;\n{script}\nPRAGMA user_version = {number};\nCOMMIT;")
        except sqlite3.Error:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            raise
    return len(MIGRATIONS)
