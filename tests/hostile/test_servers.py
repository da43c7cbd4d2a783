"""Hostile servers (item 4 and the smaller items about server data): a real server on loopback,
the real command in a subprocess, one line and the documented exit code."""

from __future__ import annotations

from pathlib import Path

import pytest

from scraper.cli import exit_codes
from tests.hostile.conftest import run_scraper
from tests.run.conftest import article_html, query, rss, write_config
from tests.support.server import Fault, LocalServer, Reply

UNICODE_DIGIT_RETRY = Reply(status=503, headers={"Retry-After": "\N{SUPERSCRIPT TWO}"})


def test_a_retry_after_of_a_non_ascii_digit_fails_the_page_not_the_command(tmp_path: Path) -> None:
    with LocalServer() as server:
        server.add("/news/1", UNICODE_DIGIT_RETRY)

        done = run_scraper(server.url("/news/1"), "--allow-private", "--retries", "1", cwd=tmp_path)

    done.assert_one_line_error(exit_codes.FETCH_FAILED, "503")


def test_a_garbage_status_line_is_not_retried(tmp_path: Path) -> None:
    with LocalServer() as server:
        server.add("/news/1", Reply(fault=Fault.GARBAGE))

        done = run_scraper(server.url("/news/1"), "--allow-private", "--retries", "2", cwd=tmp_path)

        assert server.hits("/news/1") == 1, "the same server answers the same garbage again"
    done.assert_one_line_error(exit_codes.FETCH_FAILED, "Bad status line")


def test_a_retry_after_of_a_non_ascii_digit_does_not_poison_the_cron_job(tmp_path: Path) -> None:
    with LocalServer() as server:
        server.add("/news/1", UNICODE_DIGIT_RETRY)
        config = write_config(tmp_path, f'[[sources]]\nname = "list"\nurls = ["{server.url("/news/1")}"]\n')

        first = run_scraper("run", "--config", str(config), cwd=tmp_path)
        second = run_scraper("run", "--config", str(config), cwd=tmp_path)

    assert first.code == exit_codes.PARTIAL, first.stderr
    assert "1 failed (http-503 1)" in first.stderr and "Traceback" not in first.stderr
    # The page failed like any 503 and backs off, so the next run has nothing due and is fine.
    assert second.code == exit_codes.OK, second.stderr


def test_every_run_of_many_stores_every_article_and_exits_0(tmp_path: Path) -> None:
    """Item 11: a crawler that exits 0 has delivered all it fetched, run after run."""
    pages = 40
    with LocalServer() as server:
        for number in range(pages):
            server.add(f"/news/{number}.html", Reply(body=article_html(f"s{number}")))
        urls = ", ".join(f'"{server.url(f"/news/{number}.html")}"' for number in range(pages))
        for attempt in range(6):
            folder = tmp_path / f"run-{attempt}"
            folder.mkdir()
            config = write_config(folder, f'[[sources]]\nname = "list"\nurls = [{urls}]\n')
            config.write_text(config.read_text().replace("workers = 1", "workers = 2"))

            done = run_scraper("run", "--config", str(config), cwd=folder)

            assert done.code == exit_codes.OK, done.stderr
            assert query(folder / "scraper.sqlite3", "SELECT COUNT(*) FROM articles") == [(pages,)]


def test_a_shorter_recheck_interval_applies_at_once_to_pages_already_checked(tmp_path: Path) -> None:
    """Item 9: the first run's page is due again after the new, short interval, not after a day."""
    with LocalServer() as server:
        server.add("/news/1.html", Reply(body=article_html("one"), etag='"v1"'))
        config = write_config(tmp_path, f'[[sources]]\nname = "list"\nurls = ["{server.url("/news/1.html")}"]\n')
        daily = config.read_text().replace("recheck_interval_minutes = 0.0", "recheck_interval_minutes = 1440.0")
        config.write_text(daily)
        assert run_scraper("run", "--config", str(config), cwd=tmp_path).code == exit_codes.OK
        assert run_scraper("run", "--config", str(config), cwd=tmp_path).code == exit_codes.OK
        checks_while_daily = server.hits("/news/1.html")

        config.write_text(daily.replace("recheck_interval_minutes = 1440.0", "recheck_interval_minutes = 0.0"))
        done = run_scraper("run", "--config", str(config), "--summary", cwd=tmp_path)

    assert checks_while_daily == 1
    assert done.code == exit_codes.OK, done.stderr
    assert "1 not modified" in done.stderr
    assert server.hits("/news/1.html") == 2


NOT_SITEMAPS = {
    "json-error": b'{"error": "not found", "status": 404}',
    "xhtml-not-found": b"<?xml version='1.0'?><html xmlns='http://www.w3.org/1999/xhtml'><body>Not found</body></html>",
    "rss-feed": rss(["http://127.0.0.1:9/news/1"]),
}


@pytest.mark.parametrize("body", NOT_SITEMAPS.values(), ids=NOT_SITEMAPS.keys())
def test_a_sitemap_source_serving_something_else_is_a_failed_source(tmp_path: Path, body: bytes) -> None:
    """Item 12: not read as an empty sitemap, silently; the run says so and status shows it."""
    with LocalServer() as server:
        server.add("/sitemap.xml", Reply(body=body, content_type="application/xml"))
        config = write_config(
            tmp_path, f'[[sources]]\nname = "map"\nkind = "sitemap"\nurl = "{server.url("/sitemap.xml")}"\n'
        )

        done = run_scraper("run", "--config", str(config), cwd=tmp_path)
        status = run_scraper("status", "--config", str(config), cwd=tmp_path)

    assert done.code == exit_codes.PARTIAL, done.stderr
    assert "not a sitemap" in done.stderr
    assert "failing (1): not a sitemap" in status.stdout
