"""Item 6: in `scraper run`, a page that takes too long or too much memory to extract fails alone,
is recorded with its reason and backs off; the other pages of the run are stored."""

from __future__ import annotations

from pathlib import Path

import pytest

from scraper.cli import exit_codes
from tests.hostile.conftest import run_scraper
from tests.run.conftest import article_html, query, write_config
from tests.support.server import LocalServer, Reply


def _tiny_paragraphs(count: int) -> bytes:
    """trafilatura's cost grows faster than the page: 20,000 paragraphs take seconds, 300,000 minutes."""
    return ("<html><body><article>" + "<p>a</p>" * count + "</article></body></html>").encode()


@pytest.mark.parametrize(
    ("limit", "hostile_page", "reason"),
    [
        ("page_time_limit_seconds = 0.5", _tiny_paragraphs(20_000), "extraction-time-limit"),
        ("page_memory_limit_mb = 200", _tiny_paragraphs(1_000_000), "extraction-memory"),
    ],
    ids=["time", "memory"],
)
def test_a_page_over_an_extraction_limit_fails_alone_and_backs_off(
    tmp_path: Path, limit: str, hostile_page: bytes, reason: str
) -> None:
    with LocalServer() as server:
        server.add("/news/hostile.html", Reply(body=hostile_page))
        server.add("/news/fine.html", Reply(body=article_html("fine")))
        urls = f'"{server.url("/news/hostile.html")}", "{server.url("/news/fine.html")}"'
        config = write_config(tmp_path, f'[[sources]]\nname = "list"\nurls = [{urls}]\n\n[extract]\n{limit}\n')

        done = run_scraper("run", "--config", str(config), "--summary", cwd=tmp_path)

    assert done.code == exit_codes.PARTIAL, done.stderr
    assert "1 new," in done.stderr and f"1 failed ({reason} 1)" in done.stderr
    database = tmp_path / "scraper.sqlite3"
    assert query(database, "SELECT url FROM articles") == [(server.url("/news/fine.html"),)]
    ((failures, kind, next_due, checked),) = query(
        database, "SELECT failures, error_kind, next_due, last_checked FROM urls WHERE url LIKE '%hostile%'"
    )
    assert (failures, kind) == (1, reason)
    assert str(next_due) > str(checked), "the page backs off like any failure"


def test_reextract_holds_pages_to_the_same_time_limit(tmp_path: Path) -> None:
    with LocalServer() as server:
        server.add("/news/hostile.html", Reply(body=_tiny_paragraphs(20_000)))
        server.add("/news/fine.html", Reply(body=article_html("fine")))
        urls = f'"{server.url("/news/hostile.html")}", "{server.url("/news/fine.html")}"'
        config = write_config(
            tmp_path,
            f'[[sources]]\nname = "list"\nurls = [{urls}]\n\n[extract]\npage_time_limit_seconds = 0.5\n',
            store="archive_warc = true\n",
        )
        assert run_scraper("run", "--config", str(config), cwd=tmp_path).code == exit_codes.PARTIAL

    done = run_scraper("reextract", "--config", str(config), "--summary", cwd=tmp_path)

    assert done.code == exit_codes.PARTIAL, done.stderr
    assert "1 unchanged" in done.stderr and "1 failed (extraction-time-limit 1)" in done.stderr


@pytest.mark.parametrize(
    ("limit", "hostile_page", "message"),
    [
        # Minutes without the limit (300,000 paragraphs); CASE_SECONDS is the guard.
        (
            "page_time_limit_seconds = 0.5",
            _tiny_paragraphs(300_000),
            "took longer than page_time_limit_seconds (0.5 s)",
        ),
        ("page_memory_limit_mb = 200", _tiny_paragraphs(1_000_000), "ran out of memory (page_memory_limit_mb)"),
    ],
    ids=["time", "memory"],
)
def test_scraper_page_holds_a_saved_page_to_the_same_limits(
    tmp_path: Path, limit: str, hostile_page: bytes, message: str
) -> None:
    page = tmp_path / "hostile.html"
    page.write_bytes(hostile_page)
    (tmp_path / "config.toml").write_text(f"[extract]\n{limit}\n")

    done = run_scraper(str(page), "--config", "config.toml", cwd=tmp_path)

    done.assert_one_line_error(exit_codes.FAILED, f"{page}: extraction {message}")


def test_scraper_url_holds_the_page_to_the_time_limit_and_goes_on(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text("[extract]\npage_time_limit_seconds = 0.5\n")
    with LocalServer() as server:
        server.add("/news/hostile.html", Reply(body=_tiny_paragraphs(300_000)))
        server.add("/news/fine.html", Reply(body=article_html("fine")))
        hostile, fine = server.url("/news/hostile.html"), server.url("/news/fine.html")

        done = run_scraper(hostile, fine, "--allow-private", "--config", "config.toml", cwd=tmp_path)

    assert done.code == exit_codes.FAILED
    assert done.stderr == f"scraper: error: extraction took longer than page_time_limit_seconds (0.5 s) ({hostile})\n"
    assert "fine" in done.stdout, "the next target still runs, in a new worker"


def test_a_ceiling_too_low_to_even_receive_the_page_is_the_same_memory_failure(tmp_path: Path) -> None:
    """The worker's own steps (reading the page off its socket, sending the article back) run under the
    ceiling too: failing there is the page's memory failure, not a crash with a traceback."""
    page = tmp_path / "hostile.html"
    page.write_bytes(_tiny_paragraphs(1_000_000))
    (tmp_path / "config.toml").write_text("[extract]\npage_memory_limit_mb = 40\n")

    done = run_scraper(str(page), "--config", "config.toml", cwd=tmp_path)

    done.assert_one_line_error(exit_codes.FAILED, f"{page}: extraction ran out of memory (page_memory_limit_mb)")
