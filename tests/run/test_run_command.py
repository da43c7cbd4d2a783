"""`scraper run` end to end: a real server on loopback, a real SQLite file, the CLI as a subprocess."""

from __future__ import annotations

import fcntl
import os
import signal
import sqlite3
import subprocess
import textwrap
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from scraper.cli import exit_codes
from tests.run.conftest import (
    REPO,
    RSS,
    RUN_TIMEOUT,
    XML,
    NewsSite,
    article_html,
    query,
    run_scraper,
    site_sources,
    sitemap_index,
    start_scraper,
    urlset,
    write_config,
)
from tests.support.server import LocalServer, Reply

ARTICLES = ["a", "b", "c", "d", "e"]
ORPHAN_TIMEOUT = 5.0
"""Workers check for their parent every half second."""


def _articles(database: Path) -> dict[str, tuple[str, str, str]]:
    rows = query(database, "SELECT canonical_url, content_hash, first_seen, last_changed FROM articles")
    return {str(row[0]): (str(row[1]), str(row[2]), str(row[3])) for row in rows}


def _article_requests(news: NewsSite) -> list[dict[str, str]]:
    return [dict(request.headers) for request in news.server.requests if request.path.startswith("/news/")]


def test_first_run_stores_every_article_once(site: NewsSite, tmp_path: Path) -> None:
    config = write_config(tmp_path, site_sources(site))

    done = run_scraper("run", "--config", str(config), cwd=tmp_path)

    assert done.returncode == exit_codes.OK, done.stderr
    assert done.stdout == "" and done.stderr == "", "a successful run off a terminal says nothing"
    stored = _articles(tmp_path / "scraper.sqlite3")
    assert sorted(stored) == sorted(site.url(f"/news/{slug}.html") for slug in ARTICLES)
    # "c" is listed by the feed (with tracking parameters) and by a sitemap: fetched once.
    assert site.server.hits("/news/c.html") == 1
    assert query(tmp_path / "scraper.sqlite3", "SELECT status, counts FROM runs")[0][0] == "ok"


def test_second_run_makes_only_conditional_requests_and_writes_nothing(site: NewsSite, tmp_path: Path) -> None:
    config = write_config(tmp_path, site_sources(site))
    assert run_scraper("run", "--config", str(config), cwd=tmp_path).returncode == exit_codes.OK
    before = _articles(tmp_path / "scraper.sqlite3")
    first_requests, first_deliveries = len(site.server.requests), len(site.server.deliveries)

    done = run_scraper("run", "--config", str(config), "--summary", cwd=tmp_path)

    assert done.returncode == exit_codes.OK, done.stderr
    second = site.server.requests[first_requests:]
    documents = [request for request in second if request.path != "/robots.txt"]
    assert documents and all("if-none-match" in request.headers for request in documents)
    answers = [delivery for delivery in site.server.deliveries[first_deliveries:] if delivery.path != "/robots.txt"]
    assert len(answers) == len(documents) and all(delivery.status == 304 for delivery in answers)
    assert _articles(tmp_path / "scraper.sqlite3") == before
    assert "5 not modified" in done.stderr and "0 new" in done.stderr


def test_robots_txt_is_fetched_once_a_day_not_once_a_run(site: NewsSite, tmp_path: Path) -> None:
    config = write_config(tmp_path, site_sources(site))
    database = tmp_path / "scraper.sqlite3"

    for _ in range(2):
        assert run_scraper("run", "--config", str(config), cwd=tmp_path).returncode == exit_codes.OK
    # The main process read the feed, the crawler the articles: they shared the file through the store.
    assert site.server.hits("/robots.txt") == 1
    assert site.server.hits("/news/a.html") == 2
    with sqlite3.connect(database) as connection:
        connection.execute("UPDATE robots SET fetched_at = ?", ((datetime.now(UTC) - timedelta(hours=25)).isoformat(),))
    assert run_scraper("run", "--config", str(config), cwd=tmp_path).returncode == exit_codes.OK

    assert site.server.hits("/robots.txt") == 2


def test_changed_article_is_updated_and_its_change_time_moves(site: NewsSite, tmp_path: Path) -> None:
    config = write_config(tmp_path, site_sources(site))
    run_scraper("run", "--config", str(config), cwd=tmp_path)
    url = site.url("/news/b.html")
    hash_before, first_seen, changed_before = _articles(tmp_path / "scraper.sqlite3")[url]

    site.publish("b", version=2)
    done = run_scraper("run", "--config", str(config), "--summary", cwd=tmp_path)

    assert done.returncode == exit_codes.OK, done.stderr
    hash_after, first_seen_after, changed_after = _articles(tmp_path / "scraper.sqlite3")[url]
    assert hash_after != hash_before and changed_after > changed_before and first_seen_after == first_seen
    assert "1 updated" in done.stderr and "4 not modified" in done.stderr
    text = query(tmp_path / "scraper.sqlite3", "SELECT text FROM articles WHERE canonical_url = ?", url)[0][0]
    assert "version 2" in str(text)


def test_new_feed_entry_appears_after_a_third_run(site: NewsSite, tmp_path: Path) -> None:
    config = write_config(tmp_path, site_sources(site))
    for _ in range(2):
        run_scraper("run", "--config", str(config), cwd=tmp_path)
    site.publish("f")
    site.feed_slugs.append("f")
    site.publish_feed()

    done = run_scraper("run", "--config", str(config), "--summary", cwd=tmp_path)

    assert done.returncode == exit_codes.OK, done.stderr
    assert site.url("/news/f.html") in _articles(tmp_path / "scraper.sqlite3")
    assert len(_articles(tmp_path / "scraper.sqlite3")) == 6
    assert "1 new," in done.stderr and "1 new URLs" in done.stderr


def test_run_exits_with_the_lock_code_at_once_while_another_holds_the_lock(site: NewsSite, tmp_path: Path) -> None:
    config = write_config(tmp_path, site_sources(site))
    with open(tmp_path / "scraper.sqlite3.lock", "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        started = time.monotonic()
        done = run_scraper("run", "--config", str(config), cwd=tmp_path)
        took = time.monotonic() - started

    assert done.returncode == exit_codes.LOCKED
    assert "another scraper run holds" in done.stderr
    assert took < 10, "the second run must not wait for the lock"
    assert site.server.requests == []


@pytest.mark.slow
def test_sigkill_mid_run_leaves_a_consistent_store_and_the_next_run_completes(tmp_path: Path) -> None:
    with LocalServer() as server:
        urls, config, process = _run_on_a_slow_site(server, tmp_path, stored=3)
        database = tmp_path / "scraper.sqlite3"
        workers = _children(process.pid)
        process.kill()
        process.communicate(timeout=RUN_TIMEOUT)
        stored_when_killed = len(_articles(database))

        assert workers, "the run fetches and extracts in crawler processes"
        _wait_until_gone(workers)
        assert 0 < stored_when_killed < len(urls)
        assert query(database, "PRAGMA integrity_check") == [("ok",)]
        done = run_scraper("run", "--config", str(config), "--summary", cwd=tmp_path)

        assert done.returncode == exit_codes.OK, done.stderr
        _assert_every_article_once(database, urls)
        assert query(database, "PRAGMA integrity_check") == [("ok",)]
        statuses = [row[0] for row in query(database, "SELECT status FROM runs ORDER BY id")]
        assert statuses == ["abandoned", "ok"]


def test_a_crawler_process_that_dies_fails_the_run_and_the_next_run_takes_its_pages(tmp_path: Path) -> None:
    with LocalServer() as server:
        urls, config, process = _run_on_a_slow_site(server, tmp_path, stored=3)
        database = tmp_path / "scraper.sqlite3"
        for crawler in _children(process.pid):
            os.kill(crawler, signal.SIGKILL)
        _, stderr = process.communicate(timeout=RUN_TIMEOUT)

        assert process.returncode == exit_codes.FAILED
        assert "died" in stderr and "Traceback" not in stderr
        assert query(database, "PRAGMA integrity_check") == [("ok",)]
        done = run_scraper("run", "--config", str(config), "--summary", cwd=tmp_path)

        assert done.returncode == exit_codes.OK, done.stderr
        _assert_every_article_once(database, urls)
        statuses = [row[0] for row in query(database, "SELECT status FROM runs ORDER BY id")]
        assert statuses == ["failed", "ok"]


def test_sigterm_stops_gracefully_and_records_an_interrupted_run(tmp_path: Path) -> None:
    with LocalServer() as server:
        urls, _, process = _run_on_a_slow_site(server, tmp_path, stored=2)
        database = tmp_path / "scraper.sqlite3"
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=RUN_TIMEOUT)

        assert process.returncode == exit_codes.INTERRUPTED, stderr
        assert "interrupted" in stderr and "Traceback" not in stderr
        status, counts = query(database, "SELECT status, counts FROM runs")[0]
        assert status == "interrupted"
        stored = len(_articles(database))
        assert 0 < stored < len(urls) and f'"new": {stored}' in str(counts)


def test_malformed_feed_and_failing_host_are_reported_without_stopping_the_others(
    site: NewsSite, tmp_path: Path
) -> None:
    site.server.add("/broken.xml", Reply(body=b"<rss><channel><item><title>cut off", content_type=RSS))
    with LocalServer() as down:
        down.add("/story.html", Reply(status=500, body=b"<html>oops</html>"))
        sources = site_sources(site) + textwrap.dedent(
            f"""
            [[sources]]
            name = "broken-feed"
            kind = "feed"
            url = "{site.url("/broken.xml")}"

            [[sources]]
            name = "down"
            kind = "urls"
            urls = ["{down.url("/story.html")}"]
            """
        )
        config = write_config(tmp_path, sources)

        done = run_scraper("run", "--config", str(config), cwd=tmp_path)
        status = run_scraper("status", "--config", str(config), cwd=tmp_path)

    assert done.returncode == exit_codes.PARTIAL
    assert "broken-feed: malformed feed" in done.stderr
    assert "1 failed (http-500 1)" in done.stderr
    assert len(_articles(tmp_path / "scraper.sqlite3")) == len(ARTICLES)
    assert status.returncode == exit_codes.OK
    assert f"{down.host}: 1 URLs failing" in status.stdout
    assert "broken-feed" in status.stdout and "malformed feed" in status.stdout


def test_a_failing_url_backs_off_instead_of_being_fetched_every_run(tmp_path: Path) -> None:
    with LocalServer() as down:
        down.add("/story.html", Reply(status=503, body=b"busy"))
        config = write_config(
            tmp_path, f'[[sources]]\nname = "down"\nkind = "urls"\nurls = ["{down.url("/story.html")}"]\n'
        )
        first = run_scraper("run", "--config", str(config), cwd=tmp_path)
        second = run_scraper("run", "--config", str(config), cwd=tmp_path)

        assert first.returncode == exit_codes.PARTIAL
        assert second.returncode == exit_codes.OK
        assert down.hits("/story.html") == 1
    failures, next_due, last_checked = query(
        tmp_path / "scraper.sqlite3", "SELECT failures, next_due, last_checked FROM urls"
    )[0]
    assert failures == 1 and str(next_due) > str(last_checked)


def test_a_host_whose_robots_txt_fails_is_a_failure_that_backs_off(tmp_path: Path) -> None:
    with LocalServer() as down:
        down.add("/robots.txt", Reply(status=503, body=b"busy"))
        down.add("/story.html", Reply(body=article_html("story")))
        config = write_config(
            tmp_path, f'[[sources]]\nname = "down"\nkind = "urls"\nurls = ["{down.url("/story.html")}"]\n'
        )
        first = run_scraper("run", "--config", str(config), "--summary", cwd=tmp_path)
        second = run_scraper("run", "--config", str(config), "--summary", cwd=tmp_path)

        assert first.returncode == exit_codes.PARTIAL, first.stderr
        assert "1 failed (robots-unavailable 1)" in first.stderr
        assert "0 skipped" in first.stderr
        assert second.returncode == exit_codes.OK, second.stderr
        assert down.hits("/robots.txt") == 1  # backing off: the second run did not ask again
        assert down.hits("/story.html") == 0
    failures, next_due, last_checked, error_kind = query(
        tmp_path / "scraper.sqlite3", "SELECT failures, next_due, last_checked, error_kind FROM urls"
    )[0]
    assert failures == 1 and str(next_due) > str(last_checked)
    assert error_kind == "robots-unavailable"


def test_a_page_robots_txt_disallows_is_skipped_not_failed(tmp_path: Path) -> None:
    with LocalServer() as server:
        server.add("/robots.txt", Reply(body=b"User-agent: *\nDisallow: /private/\n", content_type="text/plain"))
        server.add("/private/story.html", Reply(body=article_html("story")))
        config = write_config(
            tmp_path,
            f'[[sources]]\nname = "closed"\nkind = "urls"\nurls = ["{server.url("/private/story.html")}"]\n',
        )
        done = run_scraper("run", "--config", str(config), "--summary", cwd=tmp_path)

        assert server.hits("/private/story.html") == 0
    assert done.returncode == exit_codes.OK, done.stderr
    assert "1 skipped (robots 1)" in done.stderr
    assert "0 failed" in done.stderr
    failures, error_kind = query(tmp_path / "scraper.sqlite3", "SELECT failures, error_kind FROM urls")[0]
    assert failures == 0 and error_kind == "robots"


def test_a_page_without_an_article_is_skipped_not_failed(tmp_path: Path) -> None:
    with LocalServer() as server:
        server.add("/hub.html", Reply(body=b"<html><body><a href='/x'>x</a></body></html>"))
        config = write_config(
            tmp_path, f'[[sources]]\nname = "hub"\nkind = "urls"\nurls = ["{server.url("/hub.html")}"]\n'
        )
        done = run_scraper("run", "--config", str(config), "--summary", cwd=tmp_path)

    assert done.returncode == exit_codes.OK, done.stderr
    assert "1 skipped (no-content 1)" in done.stderr


@pytest.mark.parametrize(
    ("fixture", "skipped"),
    [("non-article-page", "hub"), ("script-shell-forum-thread", "no-content")],
    ids=["a list of headlines", "a script shell whose description stands in"],
)
def test_a_page_extract_returns_but_that_is_no_article_is_not_stored(
    tmp_path: Path, fixture: str, skipped: str
) -> None:
    page = (REPO / "fixtures" / fixture / "source.html").read_bytes()
    with LocalServer() as server:
        server.add("/page/", Reply(body=page))
        config = write_config(
            tmp_path, f'[[sources]]\nname = "site"\nkind = "urls"\nurls = ["{server.url("/page/")}"]\n'
        )
        done = run_scraper("run", "--config", str(config), "--summary", cwd=tmp_path)

    assert done.returncode == exit_codes.OK, done.stderr
    assert f"1 skipped ({skipped} 1)" in done.stderr
    assert _articles(tmp_path / "scraper.sqlite3") == {}


def test_invalid_config_is_a_usage_error_naming_the_problem(tmp_path: Path) -> None:
    config = write_config(tmp_path, '[[sources]]\nname = "x"\nkind = "podcast"\nurl = "http://127.0.0.1/"\n')

    done = run_scraper("run", "--config", str(config), cwd=tmp_path)

    assert done.returncode == exit_codes.USAGE
    assert "source 'x': kind must be one of" in done.stderr


def _run_on_a_slow_site(
    server: LocalServer, tmp_path: Path, *, stored: int
) -> tuple[list[str], Path, subprocess.Popen[str]]:
    """`scraper run` in the background over 30 slow articles, once it has stored `stored` of them:
    the article URLs, the config and the running process, for tests that signal or kill it."""
    slugs = [f"s{index}" for index in range(30)]
    news, config = _slow_site(server, tmp_path, slugs)
    process = start_scraper("run", "--config", str(config), cwd=tmp_path)
    _wait_for_articles(process, tmp_path / "scraper.sqlite3", at_least=stored)
    return [news.url(f"/news/{slug}.html") for slug in slugs], config, process


def _assert_every_article_once(database: Path, urls: list[str]) -> None:
    rows = query(database, "SELECT canonical_url, COUNT(*) FROM articles GROUP BY canonical_url")
    assert sorted(str(row[0]) for row in rows) == sorted(urls)
    assert all(row[1] == 1 for row in rows)


def _children(pid: int) -> list[int]:
    """Direct children of a process, from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _wait_until_gone(pids: list[int]) -> None:
    """Orphaned crawler processes must exit by themselves, not linger for ever."""
    deadline = time.monotonic() + ORPHAN_TIMEOUT
    while time.monotonic() < deadline:
        if not any(Path(f"/proc/{pid}").exists() and "scraper.jobs.engines.crawler" in _cmdline(pid) for pid in pids):
            return
        time.sleep(0.05)
    raise AssertionError(f"worker processes {pids} outlived the killed run")


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    except OSError:
        return ""


def _url_source(name: str, *urls: str) -> str:
    listed = ", ".join(f'"{url}"' for url in urls)
    return f'[[sources]]\nname = "{name}"\nkind = "urls"\nurls = [{listed}]\n'


def _wait_for_articles(process: subprocess.Popen[str], database: Path, *, at_least: int) -> None:
    deadline = time.monotonic() + RUN_TIMEOUT
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if len(query(database, "SELECT 1 FROM articles")) >= at_least:
                return
        except sqlite3.OperationalError:
            pass  # the run has not created the store yet
        time.sleep(0.02)
    raise AssertionError(f"the run never stored {at_least} articles (exit code {process.poll()})")


def test_two_links_to_one_canonical_article_store_it_once(site: NewsSite, tmp_path: Path) -> None:
    site.server.add("/amp/a.html", Reply(body=article_html("a", canonical="/news/a.html"), etag='"amp-a"'))
    sources = site_sources(site) + _url_source("amp", site.url("/amp/a.html"))
    config = write_config(tmp_path, sources)

    done = run_scraper("run", "--config", str(config), "--summary", cwd=tmp_path)

    assert done.returncode == exit_codes.OK, done.stderr
    assert site.server.hits("/amp/a.html") == 1
    assert len(_articles(tmp_path / "scraper.sqlite3")) == len(ARTICLES)
    assert "5 new, 0 updated, 1 unchanged" in done.stderr


def test_sitemaps_whose_lastmod_did_not_move_are_not_fetched_again(site: NewsSite, tmp_path: Path) -> None:
    config = write_config(tmp_path, site_sources(site))
    run_scraper("run", "--config", str(config), cwd=tmp_path)
    site.publish("g")
    site.server.add(
        "/sitemap-2.xml",
        Reply(
            body=urlset([(site.url("/news/e.html"), "2026-11-03"), (site.url("/news/g.html"), "2026-11-20")]),
            content_type=XML,
            etag='"sm2-2"',
        ),
    )
    site.server.add(
        "/sitemap.xml",
        Reply(
            body=sitemap_index(
                [(site.url("/sitemap-1.xml"), "2026-11-01"), (site.url("/sitemap-2.xml"), "2026-11-20")]
            ),
            content_type=XML,
            etag='"index-2"',
        ),
    )
    fetched_before = {path: site.server.hits(path) for path in ("/sitemap-1.xml", "/sitemap-2.xml")}

    done = run_scraper("run", "--config", str(config), "--summary", cwd=tmp_path)

    assert done.returncode == exit_codes.OK, done.stderr
    assert site.server.hits("/sitemap-1.xml") == fetched_before["/sitemap-1.xml"], "its lastmod did not move"
    assert site.server.hits("/sitemap-2.xml") == fetched_before["/sitemap-2.xml"] + 1
    assert site.url("/news/g.html") in _articles(tmp_path / "scraper.sqlite3")


def test_a_source_is_not_read_again_before_its_refresh_interval(site: NewsSite, tmp_path: Path) -> None:
    sources = site_sources(site).replace('kind = "feed"\n', 'kind = "feed"\nrefresh_minutes = 60.0\n')
    config = write_config(tmp_path, sources)

    for _ in range(2):
        assert run_scraper("run", "--config", str(config), cwd=tmp_path).returncode == exit_codes.OK

    assert site.server.hits("/feed.xml") == 1
    assert site.server.hits("/sitemap.xml") == 2


def test_sitemaps_and_entries_older_than_the_maximum_age_are_skipped(site: NewsSite, tmp_path: Path) -> None:
    sitemap_only = site_sources(site).split("[[sources]]")[2]
    config = write_config(tmp_path, "[[sources]]" + sitemap_only + "max_age_days = 1.0\n")

    done = run_scraper("run", "--config", str(config), "--summary", cwd=tmp_path)

    assert done.returncode == exit_codes.OK, done.stderr
    assert site.server.hits("/sitemap-1.xml") == 0, "its lastmod is weeks old"
    assert site.server.hits("/sitemap-2.xml") == 1, "no lastmod: it has to be read"
    assert _articles(tmp_path / "scraper.sqlite3") == {}, "its one entry is weeks old too"


def test_max_run_minutes_stops_taking_pages_and_leaves_the_rest_due(tmp_path: Path) -> None:
    slugs = [f"m{index}" for index in range(40)]
    with LocalServer() as server:
        news = NewsSite(server)
        for slug in slugs:
            server.add(f"/news/{slug}.html", Reply(body=article_html(slug), etag=f'"{slug}"', delay=0.5))
        sources = _url_source("list", *(news.url(f"/news/{slug}.html") for slug in slugs))
        # 0.05 minutes: the run stops taking pages after 3 s, long after a crawler has started even on a
        # loaded machine, and long before the 40 slow pages (2 at a time, 0.5 s each: 10 s) are all fetched.
        config = write_config(tmp_path, sources, run="max_run_minutes = 0.05\n")

        done = run_scraper("run", "--config", str(config), "--summary", cwd=tmp_path)

    assert done.returncode == exit_codes.OK, done.stderr
    assert "stopped early: max_run_minutes reached" in done.stderr
    database = tmp_path / "scraper.sqlite3"
    stored = len(_articles(database))
    unchecked = query(database, "SELECT COUNT(*) FROM urls WHERE last_checked IS NULL")[0][0]
    assert 0 < stored < len(slugs) and stored + int(str(unchecked)) == len(slugs)


def test_a_sitemap_that_failed_is_retried_on_the_next_run(site: NewsSite, tmp_path: Path) -> None:
    listed = [(site.url("/news/c.html"), "2026-11-01"), (site.url("/news/d.html"), "2026-11-02")]
    site.server.add(
        "/sitemap-1.xml", Reply(status=500, body=b"oops"), Reply(body=urlset(listed), content_type=XML, etag='"sm1-1"')
    )
    config = write_config(tmp_path, site_sources(site))

    first = run_scraper("run", "--config", str(config), cwd=tmp_path)
    second = run_scraper("run", "--config", str(config), cwd=tmp_path)

    assert first.returncode == exit_codes.PARTIAL and "sitemap" in first.stderr
    assert second.returncode == exit_codes.OK, second.stderr
    assert "if-none-match" not in site.server.requests_for("/sitemap.xml")[-1].headers
    assert site.url("/news/d.html") in _articles(tmp_path / "scraper.sqlite3")


def _slow_site(server: LocalServer, tmp_path: Path, slugs: list[str]) -> tuple[NewsSite, Path]:
    """Articles that answer slowly, so a run lasts long enough to be signalled in the middle."""
    news = NewsSite(server)
    for slug in slugs:
        server.add(f"/news/{slug}.html", Reply(body=article_html(slug), etag=f'"{slug}"', delay=0.15))
    return news, write_config(tmp_path, _url_source("list", *(news.url(f"/news/{slug}.html") for slug in slugs)))
