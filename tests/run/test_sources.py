"""Parsing sources: sitemaps (index, lastmod, text, broken), feeds (RSS, Atom, broken) and filters."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

import pytest

from scraper.config import SourceConfig
from scraper.errors import ConfigError
from scraper.jobs.discovery.discover import Discovery, SourceReport
from scraper.sources import EntryFilter, SourceError, iter_url_file, parse_feed, parse_sitemap
from scraper.store import SQLiteStore

NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
_NO_FETCHER = cast(Any, None)
"""URL lists are read without the network."""


def test_sitemap_urlset_yields_pages_with_lastmod() -> None:
    content = (
        f"<?xml version='1.0'?><urlset xmlns='{NS}'>"
        "<url><loc> https://a.example/1 </loc><lastmod>2026-11-02</lastmod></url>"
        "<url><loc>https://a.example/2</loc><lastmod>2026-11-03T10:00:00+01:00</lastmod></url>"
        "<url><loc>https://a.example/3</loc><lastmod>yesterday</lastmod></url>"
        "<url><lastmod>2026-11-03</lastmod></url></urlset>"
    ).encode()

    entries = list(parse_sitemap(content, url="https://a.example/sitemap.xml"))

    assert [entry.url for entry in entries] == ["https://a.example/1", "https://a.example/2", "https://a.example/3"]
    assert entries[0].dated == datetime(2026, 11, 2, tzinfo=UTC)
    assert entries[1].dated == datetime(2026, 11, 3, 9, tzinfo=UTC)
    assert entries[2].dated is None and not any(entry.is_sitemap for entry in entries)


def test_sitemap_index_yields_sitemaps_with_their_lastmod() -> None:
    content = (
        f"<sitemapindex xmlns='{NS}'><sitemap><loc>https://a.example/s1.xml</loc><lastmod>2026-01-01</lastmod>"
        "</sitemap><sitemap><loc>https://a.example/s2.xml</loc></sitemap></sitemapindex>"
    ).encode()

    entries = list(parse_sitemap(content, url="https://a.example/index.xml"))

    assert [(entry.url, entry.lastmod, entry.is_sitemap) for entry in entries] == [
        ("https://a.example/s1.xml", "2026-01-01", True),
        ("https://a.example/s2.xml", None, True),
    ]


def test_truncated_sitemap_yields_what_came_before_the_error() -> None:
    content = f"<urlset xmlns='{NS}'><url><loc>https://a.example/1</loc></url><url><loc>https://a.ex".encode()
    seen = []

    with pytest.raises(SourceError, match="malformed sitemap"):
        seen.extend(entry.url for entry in parse_sitemap(content, url="https://a.example/s.xml"))

    assert seen == ["https://a.example/1"]


def test_entities_in_a_sitemap_are_not_expanded() -> None:
    content = (
        b"<?xml version='1.0'?><!DOCTYPE u [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>"
        b"<urlset><url><loc>https://a.example/&x;</loc></url></urlset>"
    )

    urls = [entry.url for entry in parse_sitemap(content, url="https://a.example/s.xml")]

    assert all("root:" not in url for url in urls)


def test_text_sitemap_lists_one_url_a_line() -> None:
    content = b"https://a.example/1\n\nnot a url\nhttp://a.example/2\r\n"

    assert [entry.url for entry in parse_sitemap(content, url="https://a.example/s.txt")] == [
        "https://a.example/1",
        "http://a.example/2",
    ]


def test_rss_feed_yields_links_with_dates_resolved_against_the_feed() -> None:
    content = (
        b"<?xml version='1.0'?><rss version='2.0'><channel><title>t</title>"
        b"<item><title>One</title><link>/news/1</link><pubDate>Tue, 03 Nov 2026 10:00:00 GMT</pubDate></item>"
        b"<item><title>No link</title></item></channel></rss>"
    )

    (entry,) = list(parse_feed(content, url="https://a.example/feed.xml"))

    assert entry.url == "https://a.example/news/1"
    assert entry.dated == datetime(2026, 11, 3, 10, tzinfo=UTC)


def test_atom_feed_uses_the_alternate_link() -> None:
    content = (
        b"<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom'><title>t</title>"
        b"<entry><title>One</title><link rel='alternate' href='https://a.example/1'/>"
        b"<updated>2026-11-03T10:00:00Z</updated></entry></feed>"
    )

    assert [entry.url for entry in parse_feed(content, url="https://a.example/atom.xml")] == ["https://a.example/1"]


@pytest.mark.parametrize(
    "content", [b"<rss><channel><item><title>cut", b"\x00\x01 not xml {{", b"<html><body>Down</body></html>"]
)
def test_a_feed_with_nothing_readable_is_a_source_error(content: bytes) -> None:
    with pytest.raises(SourceError):
        list(parse_feed(content, url="https://a.example/feed.xml"))


def test_a_slightly_broken_feed_still_yields_its_entries() -> None:
    content = (
        b"<?xml version='1.0'?><rss version='2.0'><channel><title>t &nbsp;</title>"
        b"<item><link>https://a.example/1</link></item></channel></rss>"
    )

    assert [entry.url for entry in parse_feed(content, url="https://a.example/feed.xml")] == ["https://a.example/1"]


def test_url_file_lists_one_url_a_line_skipping_comments(tmp_path: Path) -> None:
    (tmp_path / "urls.txt").write_text("# saved\nhttps://a.example/2\n\n  https://a.example/3  \n")

    assert [entry.url for entry in iter_url_file(tmp_path / "urls.txt")] == [
        "https://a.example/2",
        "https://a.example/3",
    ]


def test_a_missing_url_file_is_a_source_error(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="cannot read the URL file"):
        list(iter_url_file(tmp_path / "missing.txt"))


def test_a_url_file_is_read_again_only_when_it_changed(tmp_path: Path) -> None:
    urls = tmp_path / "urls.txt"
    urls.write_text("https://a.example/1\nhttps://a.example/2\n")
    source = SourceConfig(name="list", urls=("https://a.example/0",), urls_file="urls.txt")

    def read() -> SourceReport:
        with SQLiteStore.open(tmp_path / "store.sqlite3") as store:
            discovery = Discovery(store, _NO_FETCHER, now=datetime.now(UTC), base_dir=tmp_path)
            return asyncio.run(discovery.read(source))

    first, unchanged = read(), read()
    urls.write_text("https://a.example/1\nhttps://a.example/2\nhttps://a.example/3\n")
    changed = read()

    assert (first.listed, first.added) == (3, 3)
    assert (unchanged.listed, unchanged.added) == (1, 0), "only the inline URL is looked at"
    assert (changed.listed, changed.added) == (4, 1)


def test_entry_filter_applies_include_exclude_and_max_age() -> None:
    source = SourceConfig(
        name="f", kind="feed", url="https://a.example/f", include=(r"/news/",), exclude=(r"/live",), max_age_days=2
    )
    entry_filter = EntryFilter.for_source(source)
    now = datetime(2026, 11, 27, tzinfo=UTC)

    assert entry_filter.accepts_url("https://a.example/news/1")
    assert not entry_filter.accepts_url("https://a.example/sport/1")
    assert not entry_filter.accepts_url("https://a.example/news/live-blog")
    assert entry_filter.is_too_old(datetime(2026, 11, 24, tzinfo=UTC), now)
    assert not entry_filter.is_too_old(datetime(2026, 11, 26, tzinfo=UTC), now)
    assert not entry_filter.is_too_old(None, now)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"kind": "podcast", "url": "https://a/"}, "kind must be one of"),
        ({"kind": "feed"}, "needs 'url'"),
        ({"kind": "urls"}, "needs 'urls' or 'urls_file'"),
        ({"kind": "sitemap", "url": "https://a/", "exclude": ("(",)}, "not a valid regex"),
    ],
)
def test_source_config_names_what_is_wrong(fields: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        SourceConfig(name="bad", **fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "content",
    [
        b"<?xml version='1.0'?><rss version='2.0'><channel><item><link>https://a.example/1</link></item></channel></rss>",
        b"<html><body><a href='https://a.example/1'>x</a></body></html>",
        b'{"error": "https://a.example/ is down"}',
        b"",
    ],
    ids=["rss", "html", "json", "empty"],
)
def test_a_document_that_is_not_a_sitemap_is_a_source_error(content: bytes) -> None:
    with pytest.raises(SourceError, match="not a sitemap"):
        list(parse_sitemap(content, url="https://a.example/sitemap.xml"))
