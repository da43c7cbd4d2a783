"""Benchmark the store writes a run's driver makes: per-article commits and batched 304 checks.

    .venv/bin/python benchmarks/store.py                                   # SQLite only
    .venv/bin/python benchmarks/store.py --postgres postgresql://…/db      # and PostgreSQL, same run

The driver of `scraper run` is the store's only writer, whichever engine crawls: each new or
changed article is one transaction (save_article), and checks without an article (304s,
failures) are written in batches (record_checks). These rates bound what a cluster can store,
however many nodes fetch and extract. PostgreSQL runs in a new schema that is dropped afterwards.
"""

from __future__ import annotations

import argparse
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import quote

from scraper.models import AccessInfo
from scraper.store import ArticleRecord, DiscoveredUrl, DueUrl, FetchUpdate, SQLiteStore, Store

NOW = datetime(2026, 12, 1, tzinfo=UTC)
CHECKS_PER_BATCH = 200
"""As the run's PageRecorder batches not-modified checks (about its CHECKS_PER_COMMIT)."""

TEXT = "The harbour board voted on the new ferry timetable after residents complained. " * 40
"""About 3 KB: a short news article's text (the markdown column holds as much again)."""


def _article(number: int) -> ArticleRecord:
    url = f"http://news{number % 50}.example/story/{number}.html"
    return ArticleRecord(
        url=url,
        canonical_url=url,
        source="bench",
        text=TEXT,
        markdown=TEXT,
        content_hash=f"h{number}",
        title=f"Story {number}",
        authors=("A. Writer",),
        access=AccessInfo(status="free"),
    )


def measure(store: Store, count: int) -> tuple[float, float]:
    """Articles saved per second (one transaction each), then checks recorded per second (batched)."""
    store.add_urls("bench", (DiscoveredUrl(_article(number).url) for number in range(count)), NOW)
    due = [item for page in _pages(store, count) for item in page]
    started = time.perf_counter()
    for number, item in enumerate(due):
        update = FetchUpdate(item.id, NOW, NOW + timedelta(days=1), status=200, etag=f'"{number}"')
        store.save_article(_article(number), url_id=item.id, now=NOW, update=update)
    articles = count / (time.perf_counter() - started)
    started = time.perf_counter()
    for start in range(0, len(due), CHECKS_PER_BATCH):
        batch = due[start : start + CHECKS_PER_BATCH]
        store.record_checks([FetchUpdate(item.id, NOW, NOW + timedelta(days=1), status=304) for item in batch])
    checks = count / (time.perf_counter() - started)
    return articles, checks


def _pages(store: Store, count: int) -> list[list[DueUrl]]:
    pages: list[list[DueUrl]] = []
    after = 0
    while batch := store.due_urls(NOW, sources=["bench"], after_id=after, limit=1000):
        pages.append(batch)
        after = batch[-1].id
    return pages


@contextmanager
def _postgres(url: str) -> Iterator[Store]:
    """A PostgreSQL store in a new schema, dropped afterwards."""
    import psycopg

    from scraper.store.postgres import PostgresStore

    schema = f"bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f"CREATE SCHEMA {schema}")
        separator = "&" if "?" in url else "?"
        try:
            with closing(PostgresStore.open(f"{url}{separator}options={quote(f'-csearch_path={schema}')}")) as store:
                yield store
        finally:
            admin.execute(f"DROP SCHEMA {schema} CASCADE")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000, help="articles to save (and checks to record)")
    parser.add_argument("--postgres", help="a PostgreSQL server URL to measure beside SQLite")
    args = parser.parse_args()
    rows = []
    with (
        tempfile.TemporaryDirectory(prefix="scraper-store-bench-") as temporary,
        closing(SQLiteStore.open(Path(temporary) / "bench.sqlite3")) as sqlite,
    ):
        rows.append(("sqlite", *measure(sqlite, args.articles)))
    if args.postgres:
        with _postgres(args.postgres) as postgres:
            rows.append(("postgresql", *measure(postgres, args.articles)))
    print(f"store write benchmark: {args.articles} articles (~6 KB each), checks in batches of {CHECKS_PER_BATCH}")
    print()
    print("| store | articles/s (one commit each) | x sqlite | 304 checks/s (batched) | x sqlite |")
    print("|---|---:|---:|---:|---:|")
    base_articles, base_checks = rows[0][1], rows[0][2]
    for name, articles, checks in rows:
        print(
            f"| {name} | {articles:.0f} | {articles / base_articles:.2f} | {checks:.0f} | {checks / base_checks:.2f} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
