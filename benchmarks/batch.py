"""Benchmark `scraper -i urls.txt` against one process scraping the same URLs one after another.

    .venv/bin/python benchmarks/batch.py --pages ../shared/benchmarks/scrapinghub/html

A separate process serves the real news pages of a folder (*.html or *.html.gz) on
127.0.0.1 … 127.0.0.N, each response after a fixed latency. Then the same URLs
are scraped twice:

    scraper -i     the command, run as a subprocess, its start-up included, writing one file per article
    sequential     one process, a warm `Scraper` session (made and used once before the clock starts),
                   `session.scrape(url)` for each URL in turn, in this process

Both use the project's defaults but for the politeness delay (0) and loopback (allowed).
With `--repeat N` the two alternate N times, so a busy spell on the shared cores falls on both;
each pair gives a speedup, printed with the 1-minute load average when it started, and the
median speedup is the one that counts.

Target (issue 11): `scraper -i` at least 1.6x the pages per second of the sequential loop.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from fetch import start_page_server  # noqa: E402 - a sibling script

from scraper.config import Config, FetchConfig  # noqa: E402
from scraper.errors import ScraperError  # noqa: E402
from scraper.session import Scraper  # noqa: E402

SPEEDUP_TARGET = 1.6
CONFIG_TOML = "[fetch]\nallow_private_addresses = true\nper_host_delay = 0.0\n"


def load_pages(folder: Path) -> list[bytes]:
    """Every page of the folder, gunzipped where needed, in name order."""
    paths = sorted([*folder.glob("*.html"), *folder.glob("*.html.gz")])
    if not paths:
        raise SystemExit(f"no *.html or *.html.gz pages in {folder}")
    return [gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes() for path in paths]


def run_command(urls: list[str], work: Path) -> tuple[float, int, int]:
    """`scraper -i` over `urls`; (seconds, articles written, failure lines)."""
    (work / "urls.txt").write_text("\n".join(urls) + "\n", encoding="utf-8")
    (work / "config.toml").write_text(CONFIG_TOML, encoding="utf-8")
    out = work / "out"
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "scraper", "-i", "urls.txt", "-o", str(out), "--format", "json"],
        cwd=work,
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - started
    return seconds, len(list(out.glob("*.json"))), len(done.stderr.splitlines())


def run_sequential(urls: list[str]) -> tuple[float, int, int]:
    """One warm session, one URL after another; (seconds, articles, failures)."""
    config = Config(fetch=FetchConfig(allow_private_addresses=True, per_host_delay=0.0))
    articles = failures = 0
    with Scraper(config) as session:
        with contextlib.suppress(ScraperError):
            session.scrape(urls[0])  # warm: connections, robots.txt of the first host, the extractor's imports
        started = time.perf_counter()
        for url in urls:
            try:
                session.scrape(url)
                articles += 1
            except ScraperError:
                failures += 1
        return time.perf_counter() - started, articles, failures


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=Path, required=True, help="folder of real pages (*.html or *.html.gz)")
    parser.add_argument("--urls", type=int, default=500, help="URLs per run")
    parser.add_argument("--hosts", type=int, default=50, help="virtual hosts, 127.0.0.1 … 127.0.0.N")
    parser.add_argument("--latency", type=float, default=0.020, help="seconds the server waits before answering")
    parser.add_argument("--repeat", type=int, default=1, help="pairs of runs, alternating; the median speedup counts")
    args = parser.parse_args(argv)

    pages = load_pages(args.pages)
    hosts = [f"127.0.0.{index}" for index in range(1, args.hosts + 1)]
    server, port, _ = start_page_server(hosts, args.latency, pages)
    urls = [f"http://{hosts[index % len(hosts)]}:{port}/news/{index}" for index in range(args.urls)]
    pairs: list[tuple[float, tuple[float, int, int], tuple[float, int, int]]] = []
    try:
        for _ in range(args.repeat):
            load = os.getloadavg()[0]
            with tempfile.TemporaryDirectory() as work:
                command = run_command(urls, Path(work))
            pairs.append((load, command, run_sequential(urls)))
    finally:
        server.terminate()
        server.join()

    print(f"{args.urls} URLs on {args.hosts} hosts, {args.latency * 1000:.0f} ms latency, {len(pages)} distinct pages")
    print(f"{'':>12} {'seconds':>8} {'pages/s':>8} {'articles':>9} {'failures':>9}")
    speedups = []
    for load, command, sequential in pairs:
        for name, (seconds, articles, failures) in (("scraper -i", command), ("sequential", sequential)):
            print(f"{name:>12} {seconds:>8.2f} {args.urls / seconds:>8.1f} {articles:>9} {failures:>9}")
        speedups.append(sequential[0] / command[0])
        print(f"{'':>12} speedup {speedups[-1]:.2f}, load average {load:.2f} at the start")
    speedup = statistics.median(speedups)
    print(
        f"median speedup {speedup:.2f} (target >= {SPEEDUP_TARGET}): {'met' if speedup >= SPEEDUP_TARGET else 'MISSED'}"
    )
    return 0 if speedup >= SPEEDUP_TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
