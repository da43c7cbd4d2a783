"""Items 7 and 8, and the missing-URL-file question of item 12: input that never ends, never
starts, or takes long to parse cannot hang the command, fill memory or outlast SIGTERM."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from scraper.cli import exit_codes
from tests.hostile.conftest import CASE_SECONDS, run_scraper
from tests.run.conftest import RSS, rss, start_scraper, write_config
from tests.support.server import LocalServer, Reply

STOP_SECONDS = 10.0
"""A run told to stop ends within this, whatever its sources are doing."""


def test_a_document_that_never_ends_is_refused_at_the_size_limit(tmp_path: Path) -> None:
    run_scraper("/dev/zero", cwd=tmp_path).assert_one_line_error(exit_codes.USAGE, "larger than")


def test_stdin_that_never_ends_is_refused_at_the_size_limit(tmp_path: Path) -> None:
    with open("/dev/zero", "rb") as zeros:
        done = run_scraper("-", cwd=tmp_path, stdin=zeros)

    done.assert_one_line_error(exit_codes.USAGE, "stdin is larger than")


def test_a_fifo_without_a_writer_is_an_empty_document_not_a_hang(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "page.html")

    run_scraper("page.html", cwd=tmp_path).assert_one_line_error(exit_codes.NO_CONTENT, "no article content")


def _url_file_config(tmp_path: Path, urls_file: str) -> Path:
    return write_config(tmp_path, f'[[sources]]\nname = "list"\nurls_file = "{urls_file}"\n')


@pytest.mark.parametrize(
    ("make", "fragment"),
    [
        (lambda folder: "/dev/zero", "not a regular file"),
        (lambda folder: os.mkfifo(folder / "urls.fifo") or "urls.fifo", "not a regular file"),
        (lambda folder: "missing.txt", "No such file"),
    ],
    ids=["dev-zero", "fifo-without-writer", "missing"],
)
def test_an_unusable_url_file_is_a_failed_source_exit_5(tmp_path: Path, make: object, fragment: str) -> None:
    config = _url_file_config(tmp_path, make(tmp_path))  # type: ignore[operator]

    done = run_scraper("run", "--config", str(config), cwd=tmp_path)

    assert done.code == exit_codes.PARTIAL, done.stderr
    assert fragment in done.stderr and "Traceback" not in done.stderr
    status = run_scraper("status", "--config", str(config), cwd=tmp_path)
    assert fragment in status.stdout


def test_a_url_file_with_an_endless_line_skips_it_and_reads_the_rest(tmp_path: Path) -> None:
    with open(tmp_path / "urls.txt", "w") as urls:
        urls.write("http://127.0.0.1:9/" + "x" * (3 * 1024 * 1024) + "\nhttp://127.0.0.1:9/short\n")
    config = _url_file_config(tmp_path, "urls.txt")

    done = run_scraper("run", "--config", str(config), "--summary", cwd=tmp_path)

    assert "1 new URLs" in done.stderr, done.stderr


def _huge_feed(entries: int) -> bytes:
    return rss([f"http://127.0.0.1:9/news/{number}" for number in range(entries)])


def test_sigterm_while_a_huge_feed_is_parsed_stops_the_run_at_once(tmp_path: Path) -> None:
    with LocalServer() as server:
        server.add("/feed.xml", Reply(body=_huge_feed(100_000), content_type=RSS))
        config = write_config(
            tmp_path,
            f'[[sources]]\nname = "feed"\nkind = "feed"\nurl = "{server.url("/feed.xml")}"\n',
            fetch="max_body_bytes = 52428800\n",
        )
        process = start_scraper("run", "--config", str(config), cwd=tmp_path)
        deadline = time.monotonic() + CASE_SECONDS
        while not server.deliveries and time.monotonic() < deadline:
            time.sleep(0.05)
        server.wait_idle()
        time.sleep(0.5)  # the feed is being parsed now: feedparser needs many seconds for it
        process.send_signal(signal.SIGTERM)
        signalled = time.monotonic()
        _, stderr = process.communicate(timeout=CASE_SECONDS)
        took = time.monotonic() - signalled

    assert process.returncode == exit_codes.INTERRUPTED, stderr
    assert took < STOP_SECONDS, f"the run took {took:.1f} s to stop"
