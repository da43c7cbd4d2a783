"""Hostile servers (item 4 and the smaller items about server data): a real server on loopback,
the real command in a subprocess, one line and the documented exit code."""

from __future__ import annotations

from pathlib import Path

from scraper.cli import exit_codes
from tests.hostile.conftest import run_scraper
from tests.run.conftest import write_config
from tests.support.server import LocalServer, Reply

UNICODE_DIGIT_RETRY = Reply(status=503, headers={"Retry-After": "\N{SUPERSCRIPT TWO}"})


def test_a_retry_after_of_a_non_ascii_digit_fails_the_page_not_the_command(tmp_path: Path) -> None:
    with LocalServer() as server:
        server.add("/news/1", UNICODE_DIGIT_RETRY)

        done = run_scraper(server.url("/news/1"), "--allow-private", "--retries", "1", cwd=tmp_path)

    done.assert_one_line_error(exit_codes.FETCH_FAILED, "503")


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
