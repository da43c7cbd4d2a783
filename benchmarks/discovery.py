"""Benchmark the targets of issue 14: site discovery, and what rendering costs.

    .venv/bin/python benchmarks/discovery.py --pages ../shared/benchmarks/scrapinghub/html

1. Discovery. A separate process serves a local news site: a homepage announcing its RSS feed,
   a robots.txt naming a sitemap index, and behind it a Google News sitemap; the feed lists
   articles 0-299, the news sitemap 200-499 (100 in both), 500 articles in all. `scraper run`
   (a subprocess, the project's defaults but for the politeness delay and loopback) reads it
   twice with one `kind = "site"` source, then, as the peer, twice with the same feed and news
   sitemap written by hand as `kind = "feed"` and `kind = "sitemap"` sources. Counted: articles
   stored, article pages requested per run, seconds per run.
   Targets: all 500 found in one run; a re-run with nothing new requests no article page.

2. Rendering. A local page whose article a script fetches and writes: one warm session with
   `render = "always"` scrapes it N times (the browser started before the clock), against the
   same session scraping a plain article page with `render = "never"` (the peer).
   Target: a rendered page costs under 2 s.

3. `render = "auto"` on the real pages of `--pages` (the 181 ScrapingHub pages), served locally:
   every page scraped with "auto" and, as the peer, with "never" (twice each, interleaved, the
   best kept); the browser logs each page it renders. Target: none rendered, and no extra cost.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
import json
import logging
import multiprocessing
import socket
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from batch import load_pages  # noqa: E402 - a sibling script
from fetch import start_page_server  # noqa: E402

from scraper.config import Config, FetchConfig  # noqa: E402
from scraper.errors import ScraperError  # noqa: E402
from scraper.session import AsyncScraper  # noqa: E402

ARTICLES = 500
FEED_ARTICLES = range(0, 300)
NEWS_SITEMAP_ARTICLES = range(200, 500)
RENDERED_PAGE_TARGET_SECONDS = 2.0
ROUNDS = 2
"""Runs of each render mode over the real pages, interleaved; the best counts."""
RUN_CONFIG = textwrap.dedent(
    """
    [fetch]
    allow_private_addresses = true
    per_host_delay = 0.0
    [run]
    recheck_interval_minutes = 1440.0
    """
)
PARAGRAPHS = 6

Counter = Any
"""A multiprocessing Value("i"): the article pages the site served."""


def article_page(number: int) -> bytes:
    paragraphs = "".join(
        f"<p>Paragraph {index} of story {number}: the harbour board voted on the new ferry timetable after "
        f"residents of the island complained about the winter crossings they lost last year.</p>"
        for index in range(PARAGRAPHS)
    )
    return (
        f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Story {number}</title></head>"
        f"<body><article><h1>Story {number}</h1>{paragraphs}</article></body></html>"
    ).encode()


def site_documents(base: str) -> dict[str, tuple[str, bytes]]:
    """Path to (content type, body) for everything the site serves but its articles."""
    items = "".join(f"<item><title>{n}</title><link>{base}/news/{n}.html</link></item>" for n in FEED_ARTICLES)
    news = "".join(
        f"<url><loc>{base}/news/{n}.html</loc><news:news><news:publication><news:name>Bench</news:name>"
        f"<news:language>en</news:language></news:publication><news:publication_date>2026-12-01T08:00:00Z"
        f"</news:publication_date><news:title>Story {n}</news:title></news:news></url>"
        for n in NEWS_SITEMAP_ARTICLES
    )
    sitemaps = "http://www.sitemaps.org/schemas/sitemap/0.9"
    return {
        "/": (
            "text/html",
            b"<html><head><title>Bench</title><link rel='alternate' type='application/rss+xml' href='/feed.xml'>"
            b"</head><body><h1>Bench news</h1></body></html>",
        ),
        "/robots.txt": ("text/plain", f"User-agent: *\nAllow: /\nSitemap: {base}/sitemap-index.xml\n".encode()),
        "/feed.xml": (
            "application/rss+xml",
            f"<?xml version='1.0'?><rss version='2.0'><channel><title>Bench</title>{items}</channel></rss>".encode(),
        ),
        "/sitemap-index.xml": (
            "application/xml",
            f"<sitemapindex xmlns='{sitemaps}'><sitemap><loc>{base}/news-sitemap.xml</loc></sitemap>"
            "</sitemapindex>".encode(),
        ),
        "/news-sitemap.xml": (
            "application/xml",
            f"<urlset xmlns='{sitemaps}' xmlns:news='http://www.google.com/schemas/sitemap-news/0.9'>{news}</urlset>".encode(),
        ),
    }


Routes = dict[str, tuple[str, bytes]]
"""Path to (content type, body)."""


def _serve(port: int, routes: Routes, served: Counter, ready: Any) -> None:
    """Serve `routes`, and /news/N.html as generated articles (counted in `served`), with ETags and 304s."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:  # noqa: N802 - the base class names it so
            path = self.path.split("?", 1)[0]
            status = 200
            if path in routes:
                content_type, body = routes[path]
            elif path.startswith("/news/") and path.endswith(".html"):
                with served.get_lock():
                    served.value += 1
                content_type, body = "text/html; charset=utf-8", article_page(int(path[6:-5]))
            else:
                status, content_type, body = 404, "text/plain", b"not found"
            etag = f'"{len(body)}"'
            if status == 200 and self.headers.get("If-None-Match") == etag:
                status, body = 304, b""
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("ETag", etag)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            pass

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    ready.set()
    server.serve_forever()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(port: int, routes: Routes) -> tuple[multiprocessing.process.BaseProcess, Counter]:
    """Serve from a separate process, so the server never competes with the client for its event loop."""
    context = multiprocessing.get_context("spawn")
    served, ready = context.Value("i", 0), context.Event()
    process = context.Process(target=_serve, args=(port, routes, served, ready), daemon=True)
    process.start()
    ready.wait(10)
    return process, served


def run_twice(sources: str, served: Counter) -> list[tuple[float, int, int]]:
    """Two `scraper run`s on a fresh store: (seconds, article pages requested, articles stored) each."""
    outcomes = []
    with tempfile.TemporaryDirectory() as work:
        config = Path(work) / "config.toml"
        config.write_text(RUN_CONFIG + sources, encoding="utf-8")
        for _ in range(2):
            before = served.value
            started = time.perf_counter()
            done = subprocess.run(
                [sys.executable, "-m", "scraper", "run", "--config", str(config)],
                cwd=work,
                capture_output=True,
                text=True,
                check=False,
            )
            seconds = time.perf_counter() - started
            if done.returncode != 0:
                raise SystemExit(f"scraper run failed ({done.returncode}): {done.stderr.strip()}")
            with sqlite3.connect(Path(work) / "scraper.sqlite3") as db:
                (stored,) = db.execute("SELECT COUNT(*) FROM articles").fetchone()
            outcomes.append((seconds, served.value - before, stored))
    return outcomes


def discovery(base: str, served: Counter) -> bool:
    site = f'[[sources]]\nname = "site"\nkind = "site"\nurl = "{base}/"\n'
    by_hand = (
        f'[[sources]]\nname = "feed"\nkind = "feed"\nurl = "{base}/feed.xml"\n'
        f'[[sources]]\nname = "news"\nkind = "sitemap"\nurl = "{base}/sitemap-index.xml"\n'
    )
    results = {"kind = site": run_twice(site, served), "feed + sitemap": run_twice(by_hand, served)}
    print(f"1. discovery: {ARTICLES} articles, feed {len(FEED_ARTICLES)} + news sitemap {len(NEWS_SITEMAP_ARTICLES)}")
    print(f"{'sources':>16} {'run':>4} {'seconds':>8} {'article fetches':>16} {'stored':>7}")
    for name, runs in results.items():
        for number, (seconds, fetches, stored) in enumerate(runs, start=1):
            print(f"{name:>16} {number:>4} {seconds:>8.2f} {fetches:>16} {stored:>7}")
    (first, second), (peer_first, _) = results["kind = site"], results["feed + sitemap"]
    print(f"   first run vs the hand-written sources: {first[0] / peer_first[0]:.2f}x the time")
    met = first[2] == ARTICLES and second[1] == 0
    print(f"   all {ARTICLES} in one run, re-run fetches no article: {'met' if met else 'MISSED'}")
    return met


SHELL = (
    "<!doctype html><html><head><title>Shell</title></head><body><div id='root'></div><script>"
    "fetch('/story.json').then(r => r.json()).then(s => {const a = document.createElement('article');"
    "for (const t of s.paragraphs) {const p = document.createElement('p'); p.textContent = t; a.appendChild(p);}"
    "document.getElementById('root').appendChild(a);});</script></body></html>"
)


class _Renders(logging.Handler):
    """Counts the pages the browser renders, from the renderer's own log records."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += record.getMessage().startswith("rendering ")


async def _scrape_each(urls: Sequence[str], config: Config) -> tuple[float, int]:
    """A warm session (one page scraped before the clock starts) scraping every URL; (seconds, articles)."""
    articles = 0
    async with AsyncScraper(config) as session:
        with contextlib.suppress(ScraperError):
            await session.scrape(urls[0])
        started = time.perf_counter()
        for url in urls:
            try:
                await session.scrape(url)
                articles += 1
            except ScraperError:
                pass
        return time.perf_counter() - started, articles


def render_cost(repeat: int) -> bool:
    story = json.dumps({"paragraphs": [_sentences(n) for n in range(PARAGRAPHS)]}).encode()
    port = free_port()
    routes = {"/shell": ("text/html", SHELL.encode()), "/story.json": ("application/json", story)}
    server, _ = start_server(port, routes)
    try:
        base = f"http://127.0.0.1:{port}"
        fetch = FetchConfig(allow_private_addresses=True, per_host_delay=0.0)
        always = Config(fetch=dataclasses.replace(fetch, render="always"))
        rendered, rendered_articles = asyncio.run(_scrape_each([f"{base}/shell"] * repeat, always))
        plain, _ = asyncio.run(_scrape_each([f"{base}/news/1.html"] * repeat, Config(fetch=fetch)))
    finally:
        server.terminate()
        server.join()
    if rendered_articles != repeat:
        raise SystemExit(f"only {rendered_articles} of {repeat} rendered pages gave an article")
    per_page = rendered / repeat
    print(f"2. rendering: {repeat} pages each, warm session")
    print(f"{'':>24} {'s/page':>8}")
    print(f"{'rendered (always)':>24} {per_page:>8.3f}")
    print(f"{'plain fetch+extract':>24} {plain / repeat:>8.3f}")
    met = per_page < RENDERED_PAGE_TARGET_SECONDS
    print(
        f"   rendered page {per_page / (plain / repeat):.1f}x a plain one; under "
        f"{RENDERED_PAGE_TARGET_SECONDS:g} s: {'met' if met else 'MISSED'}"
    )
    return met


def _sentences(number: int) -> str:
    return (
        f"Paragraph {number} of the rendered story: the harbour board voted on the new ferry timetable after "
        "residents of the island complained about the winter crossings they lost last year."
    )


def auto_on_real_pages(folder: Path) -> bool:
    pages = load_pages(folder)
    server, port, _ = start_page_server(["127.0.0.1"], 0.0, pages)
    renders = _Renders()
    logging.getLogger("scraper.fetching.render").addHandler(renders)
    logging.getLogger("scraper.fetching.render").setLevel(logging.INFO)
    try:
        urls = [f"http://127.0.0.1:{port}/news/{index}" for index in range(len(pages))]
        fetch = FetchConfig(allow_private_addresses=True, per_host_delay=0.0)
        timings: dict[str, list[float]] = {"auto": [], "never": []}
        articles: dict[str, int] = {}
        for _ in range(ROUNDS):  # interleaved, the best of each: the order of the runs must not decide
            for mode in timings:
                config = Config(fetch=dataclasses.replace(fetch, render=mode))
                seconds, articles[mode] = asyncio.run(_scrape_each(urls, config))
                timings[mode].append(seconds)
    finally:
        server.terminate()
        server.join()
    print(f"3. render = 'auto' on the {len(pages)} pages of {folder}")
    print(f"{'render':>8} {'seconds':>8} {'articles':>9} {'rendered':>9}")
    auto, never = min(timings["auto"]), min(timings["never"])
    print(f"{'auto':>8} {auto:>8.2f} {articles['auto']:>9} {renders.count:>9}")
    print(f"{'never':>8} {never:>8.2f} {articles['never']:>9} {0:>9}")
    met = renders.count == 0
    print(f"   auto / never time: {auto / never:.2f}; none rendered: {'met' if met else 'MISSED'}")
    return met


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=Path, required=True, help="folder of real pages (*.html or *.html.gz)")
    parser.add_argument("--renders", type=int, default=10, help="pages rendered to time the browser")
    args = parser.parse_args(argv)

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    process, served = start_server(port, site_documents(base))
    try:
        found = discovery(base, served)
    finally:
        process.terminate()
        process.join()
    print()
    fast = render_cost(args.renders)
    print()
    none_rendered = auto_on_real_pages(args.pages)
    return 0 if found and fast and none_rendered else 1


if __name__ == "__main__":
    sys.exit(main())
