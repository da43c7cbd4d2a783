"""The "smaller" items of issue 12 for `scraper TARGET`: bad flags, signals, credentials, and
documents that are not HTML or text."""

from __future__ import annotations

import signal
import time
from pathlib import Path

import pytest

from scraper.cli import exit_codes
from tests.hostile.conftest import CASE_SECONDS, run_scraper
from tests.run.conftest import article_html, rss, start_scraper
from tests.support.server import Fault, LocalServer, Reply


@pytest.mark.parametrize("value", ["nan", "inf", "-inf"])
def test_a_timeout_that_is_not_a_finite_number_is_a_usage_error(tmp_path: Path, value: str) -> None:
    done = run_scraper("https://example.com/", f"--timeout={value}", cwd=tmp_path)

    assert done.code == exit_codes.USAGE
    assert "finite" in done.stderr and "Traceback" not in done.stderr


def test_sigterm_ends_the_command_with_one_line_and_exit_130(tmp_path: Path) -> None:
    with LocalServer() as server:
        server.add("/slow", Reply(fault=Fault.STALL))
        process = start_scraper(server.url("/slow"), "--allow-private", "--ignore-robots", cwd=tmp_path)
        deadline = time.monotonic() + CASE_SECONDS
        while not server.requests and time.monotonic() < deadline:
            time.sleep(0.05)
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=CASE_SECONDS)

    assert process.returncode == exit_codes.INTERRUPTED
    assert stderr.splitlines() == ["scraper: interrupted"]


def test_credentials_in_a_url_never_appear_in_the_error_line(tmp_path: Path) -> None:
    done = run_scraper("http://reader:s3cret@127.0.0.1:9/news", "--allow-private", "--retries", "0", cwd=tmp_path)

    done.assert_one_line_error(exit_codes.FETCH_FAILED, "127.0.0.1:9")
    assert "s3cret" not in done.stderr and "reader" not in done.stderr


NOT_ARTICLES = {
    "binary": lambda: bytes(range(256)) * 64,
    "svg": lambda: (
        b"<?xml version='1.0'?><svg xmlns='http://www.w3.org/2000/svg'><text>"
        + b"Words in a picture that are not an article at all. " * 20
        + b"</text></svg>"
    ),
    "rss": lambda: rss([f"https://news.example/{number}" for number in range(40)]),
}


@pytest.mark.parametrize("make", NOT_ARTICLES.values(), ids=NOT_ARTICLES.keys())
def test_a_document_that_is_neither_html_nor_text_has_no_article(tmp_path: Path, make: object) -> None:
    (tmp_path / "document").write_bytes(make())  # type: ignore[operator]

    run_scraper("document", cwd=tmp_path).assert_one_line_error(exit_codes.NO_CONTENT, "not an HTML page or text")


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_html_without_a_byte_order_mark_is_read_as_html(tmp_path: Path, encoding: str) -> None:
    (tmp_path / "page.html").write_bytes(article_html("sixteen").decode().encode(encoding))

    done = run_scraper("page.html", cwd=tmp_path)

    assert done.code == exit_codes.OK, done.stderr
    assert done.stdout.startswith("Story sixteen")
    assert "Paragraph 4 of the story sixteen" in done.stdout


def test_library_remarks_about_a_page_add_no_stderr_line_at_the_default_log_level(tmp_path: Path) -> None:
    (tmp_path / "empty.html").write_bytes(b"")

    run_scraper("empty.html", cwd=tmp_path).assert_one_line_error(exit_codes.NO_CONTENT, "no article")
