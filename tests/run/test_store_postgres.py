"""The PostgreSQL store's own cases: schema versioning, refusing other programs' tables, the
advisory run lock, and `scraper run | status | export` against a real server (see
tests/support/postgres.py for where it comes from)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

import pytest

from scraper.cli import exit_codes
from scraper.errors import ConfigError, LockHeldError, StoreError
from scraper.store import DiscoveredUrl, RobotsRecord
from tests.run.conftest import NewsSite, run_scraper, site_sources, write_config
from tests.support.postgres import REQUIRED_ENV, with_search_path

if os.environ.get(REQUIRED_ENV):
    import psycopg  # CI: a missing extra fails here, never skips
else:
    psycopg = pytest.importorskip("psycopg", reason="the postgres extra is not installed: pip install -e '.[postgres]'")

from scraper.store.postgres import PostgresRunLock, PostgresStore, display_url  # noqa: E402
from scraper.store.postgres_schema import MIGRATIONS  # noqa: E402

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
ARTICLES = ("a", "b", "c", "d", "e")


def _execute(url: str, *statements: str) -> list[tuple[object, ...]]:
    """Run statements on a connection of the test's own; return the last one's rows (if any)."""
    with psycopg.connect(url, autocommit=True) as connection:
        rows: list[tuple[object, ...]] = []
        for statement in statements:
            cursor = connection.execute(statement)
            rows = cursor.fetchall() if cursor.description else []
        return rows


def test_a_new_store_is_at_the_newest_schema_version(postgres_url: str) -> None:
    PostgresStore.open(postgres_url).close()

    assert _execute(postgres_url, "SELECT application, version FROM scraper_schema") == [("scraper", len(MIGRATIONS))]


def test_a_store_made_by_the_first_schema_is_migrated_and_keeps_its_urls(postgres_url: str) -> None:
    _execute(
        postgres_url,
        "CREATE TABLE scraper_schema (application TEXT NOT NULL, version INTEGER NOT NULL)",
        "INSERT INTO scraper_schema VALUES ('scraper', 1)",
        MIGRATIONS[0],
        "INSERT INTO urls (url, host, source, first_seen, next_due)"
        " VALUES ('http://a/1', 'a', 's', '2026-01-01Z', '2026-01-01Z')",
    )

    with closing(PostgresStore.open(postgres_url)) as store:
        store.save_robots(RobotsRecord("http://a:80", 404, "", NOW))
        assert list(store.iter_due_urls(NOW, sources=["s"])) == ["http://a/1"]
        assert store.robots_record("http://a:80") == RobotsRecord("http://a:80", 404, "", NOW)


def test_a_version_3_store_is_migrated_and_its_articles_read_without_the_new_fields(postgres_url: str) -> None:
    _execute(
        postgres_url,
        "CREATE TABLE scraper_schema (application TEXT NOT NULL, version INTEGER NOT NULL)",
        "INSERT INTO scraper_schema VALUES ('scraper', 3)",
        *MIGRATIONS[:3],
        "INSERT INTO articles (url, canonical_url, source, title, authors, date, text, markdown, access,"
        " content_hash, first_seen, last_changed) VALUES ('http://a/1', 'http://a/1', 's', 'T', '[\"A\"]',"
        " '2026-11-01', 'Text', 'Text', '{\"status\": \"free\"}', 'h1', '2026-11-27T12:00Z', '2026-11-27T12:00Z')",
    )

    with closing(PostgresStore.open(postgres_url)) as store:
        (article,) = list(store.iter_articles())

    assert (article.record.title, article.record.date, article.record.authors) == ("T", "2026-11-01", ("A",))
    assert (article.record.modified, article.record.image, article.record.tags) == (None, None, ())
    assert _execute(postgres_url, "SELECT version FROM scraper_schema") == [(len(MIGRATIONS),)]


def test_a_store_from_a_newer_version_is_refused(postgres_url: str) -> None:
    _execute(
        postgres_url,
        "CREATE TABLE scraper_schema (application TEXT NOT NULL, version INTEGER NOT NULL)",
        f"INSERT INTO scraper_schema VALUES ('scraper', {len(MIGRATIONS) + 1})",
    )

    with pytest.raises(StoreError, match="newer than this scraper"):
        PostgresStore.open(postgres_url)


def test_another_programs_tables_are_refused_and_left_unchanged(postgres_url: str) -> None:
    _execute(postgres_url, "CREATE TABLE bookmarks (id INTEGER, title TEXT)", "INSERT INTO bookmarks VALUES (1, 'x')")

    with pytest.raises(StoreError, match="another program's tables"):
        PostgresStore.open(postgres_url)

    tables = _execute(
        postgres_url, "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
    )
    assert tables == [("bookmarks",)]


def test_a_reader_does_not_create_a_store_in_an_empty_schema(postgres_url: str) -> None:
    with pytest.raises(StoreError, match="no store at"):
        PostgresStore.open(postgres_url, create=False)

    assert _execute(postgres_url, "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()") == [(0,)]


def test_a_server_that_does_not_answer_is_a_store_error_without_the_password() -> None:
    with pytest.raises(StoreError, match="cannot connect") as caught:
        PostgresStore.open("postgresql://someone:s3cret@127.0.0.1:1/db")

    assert "s3cret" not in str(caught.value) and "\n" not in str(caught.value)
    assert display_url("postgresql://someone:s3cret@db.example/x") == "postgresql://someone:***@db.example/x"


def test_a_second_run_lock_on_the_same_schema_is_refused_until_the_first_is_released(postgres_url: str) -> None:
    first = PostgresRunLock(postgres_url)
    first.acquire()
    try:
        with pytest.raises(LockHeldError, match="another scraper run"):
            PostgresRunLock(postgres_url).acquire()
    finally:
        first.release()

    with PostgresRunLock(postgres_url):
        pass


def test_run_locks_on_two_schemas_do_not_block_each_other(postgres_url: str) -> None:
    public = with_search_path(postgres_url.split("?")[0], "public")

    with PostgresRunLock(postgres_url), PostgresRunLock(public):
        pass


def test_streams_survive_writes_made_between_their_batches(postgres_url: str) -> None:
    with closing(PostgresStore.open(postgres_url)) as store:
        store.add_urls("s", (DiscoveredUrl(f"http://a/{index}") for index in range(450)), NOW)
        streamed = []
        for url in store.iter_due_urls(NOW, sources=["s"]):
            streamed.append(url)
            if len(streamed) % 150 == 0:
                store.add_urls("s", [DiscoveredUrl(f"http://b/{len(streamed)}")], NOW)

    assert len(streamed) == 450


def test_an_url_that_is_not_postgresql_is_a_config_error(tmp_path: Path) -> None:
    from scraper.config import load_config

    path = tmp_path / "config.toml"
    path.write_text('[store]\nurl = "mysql://db.example/news"\n')

    with pytest.raises(ConfigError, match=r"\[store\] url"):
        load_config(path)


def test_run_status_and_export_work_on_a_postgresql_store(site: NewsSite, tmp_path: Path, postgres_url: str) -> None:
    config = write_config(tmp_path, site_sources(site), store=f'url = "{postgres_url}"\n')

    done = run_scraper("run", "--config", str(config), cwd=tmp_path)
    status = run_scraper("status", "--config", str(config), "--format", "json", cwd=tmp_path)
    exported = run_scraper("export", "--config", str(config), cwd=tmp_path)

    assert done.returncode == exit_codes.OK, done.stderr
    assert not (tmp_path / "scraper.sqlite3").exists(), "the SQLite file is not used"
    assert sorted(url for (url,) in _execute(postgres_url, "SELECT canonical_url FROM articles")) == sorted(
        site.url(f"/news/{slug}.html") for slug in ARTICLES
    )
    assert status.returncode == exit_codes.OK, status.stderr
    assert json.loads(status.stdout)["runs"][0]["status"] == "ok"
    assert exported.returncode == exit_codes.OK, exported.stderr
    assert len(exported.stdout.splitlines()) == len(ARTICLES)


def test_a_run_while_another_holds_the_advisory_lock_exits_with_the_lock_code(
    site: NewsSite,
    tmp_path: Path,
    postgres_url: str,
) -> None:
    config = write_config(tmp_path, site_sources(site), store=f'url = "{postgres_url}"\n')

    with PostgresRunLock(postgres_url):
        done = run_scraper("run", "--config", str(config), cwd=tmp_path)

    assert done.returncode == exit_codes.LOCKED
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr
    assert site.server.hits("/feed.xml") == 0


def test_a_missing_postgres_extra_is_one_line_naming_the_extra(tmp_path: Path) -> None:
    config = write_config(tmp_path, "", store='url = "postgresql://nobody@127.0.0.1:1/db"\n')
    # psycopg made unimportable in the child, as in an install without the extra.
    program = "import sys; sys.modules['psycopg'] = None; from scraper.cli import main; sys.exit(main())"

    done = subprocess.run(
        [sys.executable, "-c", program, "status", "--config", str(config)],
        capture_output=True,
        text=True,
        timeout=30,
        cwd=tmp_path,
    )

    assert done.returncode == exit_codes.USAGE
    assert done.stderr.strip().count("\n") == 0 and "scraper[postgres]" in done.stderr
