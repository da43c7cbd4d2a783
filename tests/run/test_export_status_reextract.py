"""`scraper export`, `status` and `reextract` as subprocesses over a store filled by a real run."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from scraper.cli import exit_codes
from scraper.jobs.outputs.export import CSV_COLUMNS
from tests.run.conftest import NewsSite, article_html, run_scraper, site_sources, write_config
from tests.support.server import Reply

SLUGS = ("a", "b", "c", "d", "e")


@pytest.fixture
def filled(site: NewsSite, tmp_path: Path) -> Path:
    """A store after one run over the news site, with the WARC archive on; returns the config path."""
    config = write_config(tmp_path, site_sources(site), store='archive_warc = true\nwarc_dir = "warc"\n')
    done = run_scraper("run", "--config", str(config), cwd=tmp_path)
    assert done.returncode == exit_codes.OK, done.stderr
    return config


def _export(config: Path, *args: str) -> str:
    done = run_scraper("export", "--config", str(config), *args, cwd=config.parent)
    assert done.returncode == exit_codes.OK, done.stderr
    return done.stdout


def test_jsonl_export_has_one_complete_object_per_article(filled: Path) -> None:
    lines = _export(filled, "--format", "jsonl").splitlines()

    articles = [json.loads(line) for line in lines]
    assert sorted(article["title"] for article in articles) == [f"Story {slug}" for slug in SLUGS]
    first = articles[0]
    assert {"url", "canonical_url", "source", "text", "markdown", "authors", "access", "first_seen"} <= set(first)
    assert isinstance(first["authors"], list) and first["access"]["status"] in ("free", "unknown", "metered")
    assert "harbour board voted" in first["text"]


def test_csv_export_is_one_row_per_article_under_a_header(filled: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(_export(filled, "--format", "csv"))))

    assert len(rows) == len(SLUGS)
    assert tuple(rows[0]) == CSV_COLUMNS
    assert all(row["text"] and row["canonical_url"].endswith(".html") for row in rows)


def test_markdown_export_gives_each_article_a_heading_and_metadata(filled: Path) -> None:
    text = _export(filled, "--format", "markdown")

    assert text.count("\n---\n") == len(SLUGS) - 1
    for slug in SLUGS:
        assert text.count(f"# Story {slug}\n") == 1
    assert "- URL: http://127.0.0.1:" in text


def test_export_filters_by_change_time_and_source(filled: Path) -> None:
    assert _export(filled, "--since", "2999-01-01") == ""
    assert len(_export(filled, "--since", "1h").splitlines()) == len(SLUGS)
    by_feed = {json.loads(line)["title"] for line in _export(filled, "--source", "feed").splitlines()}
    by_sitemap = {json.loads(line)["title"] for line in _export(filled, "--source", "sitemap").splitlines()}
    assert {"Story a", "Story b"} <= by_feed and {"Story d", "Story e"} <= by_sitemap
    assert by_feed | by_sitemap == {f"Story {slug}" for slug in SLUGS} and not by_feed & by_sitemap


def test_export_to_a_file_writes_it_whole_and_prints_nothing(filled: Path) -> None:
    target = filled.parent / "out.csv"

    assert _export(filled, "--format", "csv", "--output", str(target)) == ""
    assert len(list(csv.DictReader(target.open(newline="")))) == len(SLUGS)
    assert [path.name for path in filled.parent.iterdir() if path.name.endswith(".tmp")] == []


def test_export_without_a_store_fails_with_a_message_and_creates_nothing(tmp_path: Path) -> None:
    config = write_config(tmp_path, "")

    done = run_scraper("export", "--config", str(config), cwd=tmp_path)

    assert done.returncode == exit_codes.FAILED
    assert "no store at" in done.stderr
    assert not (tmp_path / "scraper.sqlite3").exists()


def test_export_rejects_a_date_it_cannot_read(filled: Path) -> None:
    done = run_scraper("export", "--config", str(filled), "--since", "last tuesday", cwd=filled.parent)

    assert done.returncode == exit_codes.USAGE
    assert "not a date" in done.stderr


def test_status_shows_runs_totals_and_sources(filled: Path) -> None:
    text = run_scraper("status", "--config", str(filled), cwd=filled.parent)
    data = json.loads(run_scraper("status", "--config", str(filled), "--format", "json", cwd=filled.parent).stdout)

    assert text.returncode == exit_codes.OK
    assert "store: 5 articles, 5 URLs tracked" in text.stdout
    assert "#1 run" in text.stdout and " ok " in text.stdout
    assert data["runs"][0]["status"] == "ok" and data["runs"][0]["counts"]["new"] == len(SLUGS)
    assert data["failing_hosts"] == [] and {source["source"] for source in data["sources"]} == {"feed", "sitemap"}


def test_warc_archive_holds_every_fetched_page(filled: Path) -> None:
    (archive,) = (filled.parent / "warc").glob("*.warc.gz")

    with archive.open("rb") as handle:
        records = [record for record in ArchiveIterator(handle) if record.rec_type == "response"]
    uris = sorted(record.rec_headers.get_header("WARC-Target-URI") for record in records)

    assert [uri.rsplit("/", 1)[1] for uri in uris] == [f"{slug}.html" for slug in SLUGS]


def test_reextract_rereads_the_archive_and_rewrites_nothing_unchanged(filled: Path) -> None:
    done = run_scraper("reextract", "--config", str(filled), "--summary", cwd=filled.parent)

    assert done.returncode == exit_codes.OK, done.stderr
    assert "5 unchanged" in done.stderr and "0 failed" in done.stderr


def test_reextract_reports_a_lost_archive_file_as_failed_pages(filled: Path) -> None:
    for archive in (filled.parent / "warc").glob("*.warc.gz"):
        archive.unlink()

    done = run_scraper("reextract", "--config", str(filled), cwd=filled.parent)

    assert done.returncode == exit_codes.PARTIAL
    assert "5 failed (archive 5)" in done.stderr


DESCRIBED = (
    '<meta property="og:image" content="/images/ferry.jpg">'
    '<meta property="article:tag" content="Harbour"><meta property="article:tag" content="Ferries">'
    '<meta property="article:modified_time" content="2026-11-20T08:15:00+01:00">'
)
"""The metadata story "a" declares in its <head>: a lead image (relative), two tags, a last change."""


@pytest.fixture
def described(site: NewsSite, tmp_path: Path) -> Path:
    """A store after one run over the news site, story "a" declaring an image, tags and a change time."""
    page = article_html("a").replace(b"</head>", DESCRIBED.encode() + b"</head>")
    site.server.add("/news/a.html", Reply(body=page, etag='"a-described"'))
    config = write_config(tmp_path, site_sources(site), store='archive_warc = true\nwarc_dir = "warc"\n')
    done = run_scraper("run", "--config", str(config), cwd=tmp_path)
    assert done.returncode == exit_codes.OK, done.stderr
    return config


def _story_a(config: Path) -> dict[str, object]:
    articles = [json.loads(line) for line in _export(config, "--format", "jsonl").splitlines()]
    return next(article for article in articles if article["title"] == "Story a")


def test_export_carries_modified_image_and_tags_in_every_format(described: Path) -> None:
    image = _story_a(described)["image"]
    assert isinstance(image, str) and image.startswith("http://127.0.0.1:") and image.endswith("/images/ferry.jpg")
    assert _story_a(described)["tags"] == ["Harbour", "Ferries"]
    assert _story_a(described)["modified"] == "2026-11-20T08:15:00+01:00"

    rows = {row["title"]: row for row in csv.DictReader(io.StringIO(_export(described, "--format", "csv")))}
    assert (rows["Story a"]["image"], rows["Story a"]["tags"]) == (image, "Harbour; Ferries")
    assert rows["Story a"]["modified"] == "2026-11-20T08:15:00+01:00"
    assert (rows["Story b"]["image"], rows["Story b"]["tags"], rows["Story b"]["modified"]) == ("", "", "")

    markdown = _export(described, "--format", "markdown")
    assert f"- Image: {image}\n" in markdown and "- Tags: Harbour, Ferries\n" in markdown
    assert "- Modified: 2026-11-20T08:15:00+01:00\n" in markdown


def test_reextract_fills_in_the_fields_a_store_from_before_them_lacks(described: Path) -> None:
    with sqlite3.connect(described.parent / "scraper.sqlite3") as connection:  # as migration 4 leaves old rows
        connection.execute("UPDATE articles SET modified = NULL, image = NULL, tags = '[]'")
        # story a's digest from before version 4, which did not cover the fields it lacks
        connection.execute("UPDATE articles SET content_hash = 'digest-before-4' WHERE title = 'Story a'")
    assert _story_a(described)["tags"] == []

    done = run_scraper("reextract", "--config", str(described), "--summary", cwd=described.parent)

    assert done.returncode == exit_codes.OK, done.stderr
    assert "1 updated" in done.stderr and "4 unchanged" in done.stderr
    assert _story_a(described)["tags"] == ["Harbour", "Ferries"]
