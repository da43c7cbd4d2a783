"""A small news site on loopback and helpers to run `scraper` as a subprocess against it."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.support.postgres import postgres_url  # noqa: F401 - a fixture for the store tests
from tests.support.server import LocalServer, Reply

REPO = Path(__file__).resolve().parents[2]
RUN_TIMEOUT = 60.0
"""A run of the test site takes about a second; this only stops a hung test."""

RSS = "application/rss+xml"
XML = "application/xml"


def article_html(slug: str, *, version: int = 1, canonical: str | None = None, paragraphs: int = 5) -> bytes:
    """A plain news article with enough distinct text for the extractor to keep (longer ones take longer)."""
    body = "".join(
        f"<p>Paragraph {index} of the story {slug} (version {version}): the harbour board voted on the new "
        f"ferry timetable after residents of the island complained about the winter crossings.</p>"
        for index in range(paragraphs)
    )
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    return (
        f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Story {slug}</title>{link}</head>"
        f"<body><nav><a href='/'>Home</a></nav><article><h1>Story {slug}</h1>{body}</article>"
        f"<footer>Example News</footer></body></html>"
    ).encode()


def rss(items: list[str]) -> bytes:
    entries = "".join(f"<item><title>{link}</title><link>{link}</link></item>" for link in items)
    return f"<?xml version='1.0'?><rss version='2.0'><channel><title>News</title>{entries}</channel></rss>".encode()


def urlset(locs: list[tuple[str, str]]) -> bytes:
    entries = "".join(f"<url><loc>{loc}</loc><lastmod>{lastmod}</lastmod></url>" for loc, lastmod in locs)
    return (
        "<?xml version='1.0' encoding='UTF-8'?>"
        f"<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>{entries}</urlset>"
    ).encode()


def sitemap_index(locs: list[tuple[str, str]]) -> bytes:
    entries = "".join(f"<sitemap><loc>{loc}</loc><lastmod>{lastmod}</lastmod></sitemap>" for loc, lastmod in locs)
    return (
        "<?xml version='1.0' encoding='UTF-8'?>"
        f"<sitemapindex xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>{entries}</sitemapindex>"
    ).encode()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: a test that runs for seconds on purpose (kept in the default run)")


@dataclass
class NewsSite:
    """A feed (3 stories), a sitemap index with two sitemaps (2 stories each, one also in the feed)."""

    server: LocalServer
    versions: dict[str, int] = field(default_factory=dict)
    feed_slugs: list[str] = field(default_factory=lambda: ["a", "b", "c"])

    def publish(self, slug: str, *, version: int = 1, canonical: str | None = None) -> None:
        """Serve (or change) a story, with an ETag that changes with the version."""
        self.versions[slug] = version
        self.server.add(
            f"/news/{slug}.html",
            Reply(body=article_html(slug, version=version, canonical=canonical), etag=f'"{slug}-{version}"'),
        )

    def publish_feed(self) -> None:
        """Serve the feed; its links carry tracking parameters that normalisation strips."""
        links = [self.server.url(f"/news/{slug}.html?utm_source=rss&utm_medium=feed") for slug in self.feed_slugs]
        self.server.add("/feed.xml", Reply(body=rss(links), content_type=RSS, etag=f'"feed-{len(links)}"'))

    def url(self, path: str) -> str:
        return self.server.url(path)

    def article_paths(self) -> list[str]:
        return [f"/news/{slug}.html" for slug in self.versions]


@pytest.fixture
def site() -> Iterator[NewsSite]:
    with LocalServer() as server:
        news = NewsSite(server)
        for slug in ("a", "b", "c", "d", "e"):
            news.publish(slug)
        news.publish_feed()
        server.add(
            "/sitemap.xml",
            Reply(
                body=sitemap_index([(server.url("/sitemap-1.xml"), "2026-11-01"), (server.url("/sitemap-2.xml"), "")]),
                content_type=XML,
                etag='"index-1"',
            ),
        )
        server.add(
            "/sitemap-1.xml",
            Reply(
                body=urlset([(server.url("/news/c.html"), "2026-11-01"), (server.url("/news/d.html"), "2026-11-02")]),
                content_type=XML,
                etag='"sm1-1"',
            ),
        )
        server.add(
            "/sitemap-2.xml",
            Reply(body=urlset([(server.url("/news/e.html"), "2026-11-03")]), content_type=XML, etag='"sm2-1"'),
        )
        yield news


def write_config(directory: Path, sources: str, *, run: str = "", store: str = "", fetch: str = "") -> Path:
    """A config.toml for tests: loopback allowed, no politeness delay, no retries, every URL due each run."""
    path = directory / "config.toml"
    path.write_text(
        textwrap.dedent(
            """
            [fetch]
            allow_private_addresses = true
            per_host_delay = 0.0
            per_host_concurrency = 4
            retries = 0
            connect_timeout = 5.0
            read_timeout = 5.0
            total_timeout = 10.0
            """
        )
        + fetch
        + "\n[run]\nworkers = 1\nrecheck_interval_minutes = 0.0\n"
        + run
        + "\n[store]\n"
        + store
        + "\n"
        + sources
    )
    return path


def site_sources(news: NewsSite) -> str:
    return textwrap.dedent(
        f"""
        [[sources]]
        name = "feed"
        kind = "feed"
        url = "{news.url("/feed.xml")}"

        [[sources]]
        name = "sitemap"
        kind = "sitemap"
        url = "{news.url("/sitemap.xml")}"
        """
    )


def scraper_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "scraper", *args]


def scraper_env() -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("SCRAPER_")}
    env["PYTHONPATH"] = str(REPO)
    return env


def run_scraper(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run `python -m scraper ARGS` to completion, as cron would (no TTY)."""
    return subprocess.run(
        scraper_command(*args),
        cwd=cwd,
        env=scraper_env(),
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT,
        stdin=subprocess.DEVNULL,
    )


def start_scraper(*args: str, cwd: Path) -> subprocess.Popen[str]:
    """Start `python -m scraper ARGS` in the background (no TTY), for tests that signal or kill it."""
    return subprocess.Popen(
        scraper_command(*args),
        cwd=cwd,
        env=scraper_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
    )


def query(database: Path, sql: str, *params: object) -> list[tuple[object, ...]]:
    """Read the store from outside, as another process would."""
    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        return connection.execute(sql, params).fetchall()
    finally:
        connection.close()
