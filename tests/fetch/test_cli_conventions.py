"""Command-line conventions: --version, hints for URLs typed without a scheme, --url, .html.gz pages."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from scraper.cli import exit_codes
from tests.fetch.test_cli_url import ARTICLE, run_cli


def test_version_prints_the_installed_version(tmp_path: Path) -> None:
    done = run_cli("--version", cwd=tmp_path)

    assert done.returncode == exit_codes.OK
    assert done.stdout.startswith("scraper ") and done.stdout.strip() != "scraper"


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("example.com/news/story", "https://example.com/news/story"),
        ("www.example.co.uk", "https://www.example.co.uk"),
        ("HTTP://example.com/story", "http://example.com/story"),
        ("Https://example.com/", "https://example.com/"),
    ],
)
def test_a_url_typed_as_a_missing_file_gets_a_hint(tmp_path: Path, typed: str, meant: str) -> None:
    done = run_cli(typed, cwd=tmp_path)

    assert done.returncode == exit_codes.USAGE
    assert done.stderr.strip() == f"scraper: error: no such file: {typed}; did you mean {meant}?"


def test_a_gzipped_saved_page_is_read(tmp_path: Path) -> None:
    (tmp_path / "page.html.gz").write_bytes(gzip.compress(ARTICLE))

    done = run_cli("page.html.gz", "--format", "json", cwd=tmp_path)

    assert done.returncode == exit_codes.OK, done.stderr
    assert "second-hand vessel" in json.loads(done.stdout)["text"]


def test_a_gzip_bomb_given_as_a_page_is_refused(tmp_path: Path) -> None:
    (tmp_path / "bomb.html.gz").write_bytes(gzip.compress(bytes(300 * 1024 * 1024), compresslevel=1))

    done = run_cli("bomb.html.gz", cwd=tmp_path)

    assert done.returncode == exit_codes.USAGE
    assert "more than 256 MiB" in done.stderr


def test_url_gives_a_saved_page_its_address(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_bytes(ARTICLE)

    done = run_cli("page.html", "--url", "https://courier.example/news/ferry", "--format", "json", cwd=tmp_path)

    assert done.returncode == exit_codes.OK, done.stderr
    assert json.loads(done.stdout)["url"] == "https://courier.example/news/ferry"


@pytest.mark.parametrize("name", ["notes", "no-such-page.html", "notes.txt", "saved.page.htm"])
def test_a_missing_file_name_with_a_document_ending_gets_no_hint(tmp_path: Path, name: str) -> None:
    done = run_cli(name, cwd=tmp_path)

    assert done.stderr.strip() == f"scraper: error: no such file: {name}"
