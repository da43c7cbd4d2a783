"""The Store contract on SQLite and PostgreSQL alike (the same tests, parametrized), and the SQLite
store's own file handling: migrations, WAL, foreign files. PostgreSQL's own cases are in
test_store_postgres.py."""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from scraper.errors import StoreError
from scraper.models import AccessInfo
from scraper.store import (
    ArticleRecord,
    DiscoveredUrl,
    FetchUpdate,
    RobotsRecord,
    SiteOfferRecord,
    SQLiteStore,
    Store,
    normalize_url,
)
from scraper.store.schema import MIGRATIONS

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


def _record(canonical: str, text: str = "Some text", content_hash: str = "h1") -> ArticleRecord:
    return ArticleRecord(
        url=canonical,
        canonical_url=canonical,
        source="s",
        text=text,
        markdown=text,
        content_hash=content_hash,
        title="T",
        authors=("A", "B"),
        access=AccessInfo(status="paywalled", truncated=True, evidence=("meta",)),
    )


def _update(url_id: int, at: datetime) -> FetchUpdate:
    return FetchUpdate(url_id, at, at + timedelta(days=1), status=200, etag='"e"')


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """Each contract test runs on a new SQLite file and on a new PostgreSQL schema."""
    if request.param == "sqlite":
        opened: Store = SQLiteStore.open(tmp_path / "deep" / "store.sqlite3")
    else:
        url = request.getfixturevalue("postgres_url")  # first: it skips, saying why, without a server or psycopg
        from scraper.store.postgres import PostgresStore

        opened = PostgresStore.open(url)
    with closing(opened):
        yield opened


@pytest.fixture
def sqlite_store(tmp_path: Path) -> SQLiteStore:
    return SQLiteStore.open(tmp_path / "deep" / "store.sqlite3")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("HTTP://Example.COM/a?utm_source=x&id=3&fbclid=y#top", "http://example.com/a?id=3"),
        ("https://example.com:443", "https://example.com/"),
        ("https://example.com:8443/x?gclid=1", "https://example.com:8443/x"),
        ("https://example.com/a?b&c=1", "https://example.com/a?b&c=1"),
        ("https://example.com/a?q=a+b%20c&utm_medium=rss", "https://example.com/a?q=a+b%20c"),
        ("https://[::1]:8080/p", "https://[::1]:8080/p"),
        ("/relative?mc_cid=1", "https://news.example/relative"),
    ],
)
def test_normalize_url_strips_tracking_fragment_and_case(raw: str, expected: str) -> None:
    assert normalize_url(raw, base="https://news.example/index.html") == expected


def test_normalize_url_rejects_an_impossible_port() -> None:
    with pytest.raises(ValueError):
        normalize_url("http://example.com:99999/")


def test_store_is_wal_and_at_the_newest_schema(sqlite_store: SQLiteStore, tmp_path: Path) -> None:
    connection = sqlite3.connect(tmp_path / "deep" / "store.sqlite3")
    assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert connection.execute("PRAGMA user_version").fetchone() == (len(MIGRATIONS),)


def test_a_store_made_by_the_first_schema_is_migrated_and_keeps_its_urls(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    connection = sqlite3.connect(path)
    connection.executescript(MIGRATIONS[0] + "\nPRAGMA user_version = 1;")
    connection.execute(
        "INSERT INTO urls (url, host, source, first_seen, next_due)"
        " VALUES ('http://a/1', 'a', 's', '2026-01-01', '2026-01-01')"
    )
    connection.commit()
    connection.close()

    with SQLiteStore.open(path) as store:
        store.save_robots(RobotsRecord("http://a:80", 404, "", NOW))
        assert list(store.iter_due_urls(NOW, sources=["s"])) == ["http://a/1"]
        assert store.robots_record("http://a:80") == RobotsRecord("http://a:80", 404, "", NOW)


def test_a_robots_txt_kept_again_replaces_the_one_before(store: Store) -> None:
    store.save_robots(RobotsRecord("https://a.example:443", 200, "User-agent: *\nDisallow: /\n", NOW))
    store.save_robots(RobotsRecord("https://a.example:443", 404, "", NOW + timedelta(days=1)))

    assert store.robots_record("https://a.example:443") == RobotsRecord(
        "https://a.example:443", 404, "", NOW + timedelta(days=1)
    )
    assert store.robots_record("https://b.example:443") is None


def test_a_sites_offers_replace_the_ones_its_last_discovery_found(store: Store) -> None:
    def offer(site: str, kind: str, url: str, at: datetime) -> SiteOfferRecord:
        return SiteOfferRecord(site, "s-" + site[8], kind, url, "robots.txt", at)

    store.replace_site_offers(
        "https://a.example/", [offer("https://a.example/", "sitemap", "https://a.example/old.xml", NOW)]
    )
    store.replace_site_offers("https://b.example/", [offer("https://b.example/", "feed", "https://b.example/rss", NOW)])
    later = NOW + timedelta(hours=1)
    store.replace_site_offers(
        "https://a.example/",
        [
            offer("https://a.example/", "sitemap", "https://a.example/news.xml", later),
            offer("https://a.example/", "feed", "https://a.example/feed", later),
            offer("https://a.example/", "feed", "https://a.example/feed", later),
        ],
    )

    assert store.site_offers() == [
        offer("https://a.example/", "feed", "https://a.example/feed", later),
        offer("https://a.example/", "sitemap", "https://a.example/news.xml", later),
        offer("https://b.example/", "feed", "https://b.example/rss", NOW),
    ]


def test_a_store_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.sqlite3"
    connection = sqlite3.connect(path)
    connection.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    connection.close()

    with pytest.raises(StoreError, match="newer than this scraper"):
        SQLiteStore.open(path)


def test_a_file_that_is_not_a_database_is_a_store_error(tmp_path: Path) -> None:
    path = tmp_path / "junk.sqlite3"
    path.write_bytes(b"this is not sqlite" * 100)

    with pytest.raises(StoreError):
        SQLiteStore.open(path)


def test_add_urls_tracks_each_url_once(store: Store) -> None:
    added = store.add_urls("s", [DiscoveredUrl("http://a/1"), DiscoveredUrl("http://a/2")], NOW)
    again = store.add_urls("s", [DiscoveredUrl("http://a/2"), DiscoveredUrl("http://a/3")], NOW)

    assert (added, again) == (2, 1)
    assert [due.url for due in store.due_urls(NOW, sources=["s"], after_id=0, limit=10)] == [
        "http://a/1",
        "http://a/2",
        "http://a/3",
    ]


def test_due_urls_pages_by_id_and_only_for_the_given_sources(store: Store) -> None:
    store.add_urls("s", (DiscoveredUrl(f"http://a/{index}") for index in range(5)), NOW)
    store.add_urls("gone", [DiscoveredUrl("http://b/1")], NOW)

    first = store.due_urls(NOW, sources=["s"], after_id=0, limit=3)
    second = store.due_urls(NOW, sources=["s"], after_id=first[-1].id, limit=3)

    assert len(first) == 3 and len(second) == 2
    assert sorted(store.iter_due_urls(NOW, sources=["s"])) == [f"http://a/{index}" for index in range(5)]


def test_a_checked_url_is_not_due_until_its_next_check(store: Store) -> None:
    store.add_urls("s", [DiscoveredUrl("http://a/1")], NOW)
    (due,) = store.due_urls(NOW, sources=["s"], after_id=0, limit=10)

    store.record_checks([FetchUpdate(due.id, NOW, NOW + timedelta(hours=1), status=304, etag='"x"')])

    assert store.due_urls(NOW + timedelta(minutes=59), sources=["s"], after_id=0, limit=10) == []
    (later,) = store.due_urls(NOW + timedelta(hours=1), sources=["s"], after_id=0, limit=10)
    assert later.etag == '"x"'


def test_a_newer_lastmod_makes_a_known_url_due_again(store: Store) -> None:
    store.add_urls("s", [DiscoveredUrl("http://a/1")], NOW)
    (due,) = store.due_urls(NOW, sources=["s"], after_id=0, limit=10)
    store.record_checks([FetchUpdate(due.id, NOW, NOW + timedelta(days=1))])
    later = NOW + timedelta(hours=2)

    store.add_urls("s", [DiscoveredUrl("http://a/1", dated=NOW - timedelta(days=1))], later)
    assert store.due_urls(later, sources=["s"], after_id=0, limit=10) == []
    store.add_urls("s", [DiscoveredUrl("http://a/1", dated=NOW + timedelta(hours=1))], later)
    assert len(store.due_urls(later, sources=["s"], after_id=0, limit=10)) == 1


def test_save_article_inserts_then_skips_an_unchanged_hash_then_updates(store: Store) -> None:
    store.add_urls("s", [DiscoveredUrl("http://a/1"), DiscoveredUrl("http://a/1-amp")], NOW)
    first, second = store.due_urls(NOW, sources=["s"], after_id=0, limit=10)
    later, latest = NOW + timedelta(hours=1), NOW + timedelta(hours=2)

    outcomes = [
        store.save_article(_record("http://a/1"), url_id=first.id, now=NOW, update=_update(first.id, NOW)),
        store.save_article(_record("http://a/1"), url_id=second.id, now=later, update=_update(second.id, later)),
        store.save_article(
            _record("http://a/1", text="New text", content_hash="h2"), url_id=first.id, now=latest, update=None
        ),
    ]

    assert outcomes == ["new", "unchanged", "updated"]
    (article,) = list(store.iter_articles())
    assert article.record.text == "New text" and article.record.authors == ("A", "B")
    assert article.record.access == AccessInfo(status="paywalled", truncated=True, evidence=("meta",))
    assert article.first_seen == NOW and article.last_changed == latest


def test_iter_articles_filters_by_change_time_and_source(store: Store) -> None:
    store.add_urls("s", [DiscoveredUrl("http://a/1"), DiscoveredUrl("http://a/2")], NOW)
    first, second = store.due_urls(NOW, sources=["s"], after_id=0, limit=10)
    store.save_article(_record("http://a/1"), url_id=first.id, now=NOW, update=_update(first.id, NOW))
    later = NOW + timedelta(days=2)
    store.save_article(_record("http://a/2"), url_id=second.id, now=later, update=_update(second.id, later))

    recent = [article.record.canonical_url for article in store.iter_articles(since=NOW + timedelta(days=1))]

    assert recent == ["http://a/2"]
    assert list(store.iter_articles(source="other")) == []
    assert len(list(store.iter_articles(source="s"))) == 2


def test_failing_hosts_group_failures_with_the_latest_error(store: Store) -> None:
    store.add_urls("s", [DiscoveredUrl("http://down.example/1"), DiscoveredUrl("http://down.example/2")], NOW)
    one, two = store.due_urls(NOW, sources=["s"], after_id=0, limit=10)
    store.record_checks([FetchUpdate(one.id, NOW, NOW + timedelta(hours=1), failures=1, error="old")])
    later = NOW + timedelta(seconds=1)
    store.record_checks([FetchUpdate(two.id, later, NOW + timedelta(hours=2), failures=3, error="new")])

    (host,) = store.failing_hosts(10)

    assert (host.host, host.failing_urls, host.max_failures, host.last_error) == ("down.example", 2, 3, "new")
    assert host.next_retry == NOW + timedelta(hours=1)
    assert store.totals(NOW).failing == 2


def test_unfinished_runs_are_marked_abandoned(store: Store) -> None:
    killed = store.begin_run("run", NOW)
    store.abandon_unfinished_runs(NOW + timedelta(minutes=5))
    finished = store.begin_run("run", NOW + timedelta(minutes=5))
    store.finish_run(finished, NOW + timedelta(minutes=6), "ok", {"new": 2})

    runs = {run.id: run for run in store.recent_runs(10)}

    assert runs[killed].status == "abandoned"
    assert runs[finished].status == "ok" and runs[finished].counts == {"new": 2}


def test_source_state_remembers_validators_and_counts_errors(store: Store) -> None:
    store.record_source_read("http://a/feed", "feed", now=NOW, etag='"1"', last_modified=None, lastmod=None)
    store.record_source_error("http://a/feed", "feed", now=NOW, error="boom")
    store.record_source_error("http://a/feed", "feed", now=NOW, error="boom again")

    state = store.source_state("http://a/feed")

    assert state is not None and state.etag == '"1"' and state.failures == 2 and state.last_error == "boom again"
    store.record_source_read("http://a/feed", "feed", now=NOW, etag=None, last_modified=None, lastmod=None)
    state = store.source_state("http://a/feed")
    assert state is not None and state.etag == '"1"' and state.failures == 0


def _foreign_database(path: Path, *pragmas: str) -> bytes:
    """Another program's SQLite file, in rollback-journal mode; returns its bytes to compare with later."""
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE bookmarks (id INTEGER PRIMARY KEY, title TEXT)")
    connection.execute("INSERT INTO bookmarks (title) VALUES ('keep me')")
    for pragma in pragmas:
        connection.execute(pragma)
    connection.commit()
    connection.close()
    return path.read_bytes()


@pytest.mark.parametrize(
    ("pragmas", "message"),
    [
        ((), "some other program"),
        (("PRAGMA user_version = 7",), "newer than this scraper"),
        (("PRAGMA user_version = -1",), "invalid schema version"),
        (("PRAGMA user_version = 1",), "some other program"),
        (("PRAGMA application_id = 1234",), "another program's SQLite database"),
    ],
)
def test_a_foreign_sqlite_file_is_refused_and_left_byte_for_byte_unchanged(
    tmp_path: Path, pragmas: tuple[str, ...], message: str
) -> None:
    path = tmp_path / "places.sqlite"
    before = _foreign_database(path, *pragmas)

    with pytest.raises(StoreError, match=message):
        SQLiteStore.open(path)

    assert path.read_bytes() == before
    assert not (tmp_path / "places.sqlite-wal").exists()


def test_a_new_store_carries_the_application_id(sqlite_store: SQLiteStore, tmp_path: Path) -> None:
    connection = sqlite3.connect(tmp_path / "deep" / "store.sqlite3")
    assert connection.execute("PRAGMA application_id").fetchone() == (0x53435250,)


def test_a_store_made_before_the_application_id_is_recognised_and_marked(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    connection = sqlite3.connect(path)
    connection.executescript("".join(MIGRATIONS) + f"\nPRAGMA user_version = {len(MIGRATIONS)};")
    connection.close()

    SQLiteStore.open(path).close()

    connection = sqlite3.connect(path)
    assert connection.execute("PRAGMA application_id").fetchone() == (0x53435250,)


def test_a_url_checked_before_the_recheck_cutoff_is_due_whatever_its_next_due(store: Store) -> None:
    store.add_urls("s", [DiscoveredUrl("http://a/1"), DiscoveredUrl("http://a/2")], NOW)
    first, second = store.due_urls(NOW, sources=["s"], after_id=0, limit=10)
    store.record_checks([_update(first.id, NOW), FetchUpdate(second.id, NOW, NOW + timedelta(days=1), failures=1)])
    later = NOW + timedelta(hours=2)

    assert store.due_urls(later, sources=["s"], after_id=0, limit=10) == []
    due = store.due_urls(later, sources=["s"], after_id=0, limit=10, stale_before=NOW + timedelta(hours=1))
    assert [item.url for item in due] == ["http://a/1"], "a failing URL keeps its backoff"
    assert list(store.iter_due_urls(later, sources=["s"], stale_before=NOW + timedelta(hours=1))) == ["http://a/1"]


def test_modified_image_and_tags_are_kept_and_the_content_hash_decides_whether_they_changed(store: Store) -> None:
    store.add_urls("s", [DiscoveredUrl("http://a/1")], NOW)
    (due,) = store.due_urls(NOW, sources=["s"], after_id=0, limit=10)
    bare = _record("http://a/1")
    described = dataclasses.replace(
        bare,
        modified="2026-11-27T09:30:00+01:00",
        image="http://a/lead.jpg",
        tags=("Harbour", "Ferries"),
        content_hash="h2",
    )
    later = NOW + timedelta(hours=1)

    outcomes = [
        store.save_article(bare, url_id=due.id, now=NOW, update=None),
        store.save_article(described, url_id=due.id, now=later, update=None),
        store.save_article(described, url_id=due.id, now=later + timedelta(hours=1), update=None),
    ]

    assert outcomes == ["new", "updated", "unchanged"]
    (article,) = list(store.iter_articles())
    assert article.record == described and article.last_changed == later


def test_a_version_3_store_is_migrated_and_its_articles_read_without_the_new_fields(tmp_path: Path) -> None:
    path = tmp_path / "v3.sqlite3"
    connection = sqlite3.connect(path)
    connection.executescript("".join(MIGRATIONS[:3]) + "\nPRAGMA user_version = 3;")
    connection.execute(
        "INSERT INTO articles (url, canonical_url, source, title, authors, date, text, markdown, access,"
        " content_hash, first_seen, last_changed) VALUES ('http://a/1', 'http://a/1', 's', 'T', '[\"A\"]',"
        " '2026-11-01', 'Text', 'Text', '{\"status\": \"free\"}', 'h1', '2026-11-27T12:00:00+00:00',"
        " '2026-11-27T12:00:00+00:00')"
    )
    connection.commit()
    connection.close()

    with SQLiteStore.open(path) as store:
        (article,) = list(store.iter_articles())

    assert (article.record.title, article.record.date, article.record.authors) == ("T", "2026-11-01", ("A",))
    assert (article.record.modified, article.record.image, article.record.tags) == (None, None, ())
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone() == (len(MIGRATIONS),)
