"""Benchmark `scraper run` end to end: a first full run, then a second, fully not-modified run.

    .venv/bin/python benchmarks/run.py                    # 5,000 URLs on 50 hosts, 20 ms latency
    .venv/bin/python benchmarks/run.py --urls 1000 5000   # show that memory does not grow with URLs
    .venv/bin/python benchmarks/run.py --engine ray       # the Ray engine, and the local one as its peer
    .venv/bin/python benchmarks/run.py --engine ray --nodes 2 1   # a simulated two-node Ray cluster

A separate process serves article pages (the hand-made fixtures/*/source.html when present,
plus generated pages of varied length and chrome) on 50 loopback addresses (127.0.0.2 …),
each response after a fixed latency, with an ETag so the second run gets 304s. The scraper
runs as `python -m scraper run` in a subprocess with the project's default settings except for
the politeness delay (0); peak memory is the largest sum, over 0.1 s samples, of the RSS (and
of the PSS, which counts shared pages once) of that process and all its descendants (the
crawler processes and their extraction workers); below the table, each process's RSS at the
peak sample, by kind (main, crawler, extraction worker).

Targets (issue 4): first run >= 60 pages/s on 2 cores, second run >= 10x faster, peak RSS
< 300 MB and independent of the number of URLs.

With `--engine ray` each setup is run with the local engine and then with the Ray engine (a
private Ray instance started by the run, whose processes all descend from it, so the memory
columns include Ray's own), and the table gives Ray's pages per second as a ratio of the local
engine's, measured in the same invocation. Target (issue 13): >= 0.8x on both runs. With
`--nodes 2 1` the Ray runs join a simulated cluster of two nodes on this machine (2 and 1 Ray
CPUs) started by the benchmark, and the pages each node's crawlers checked are listed (its
processes are not descendants of the run, so memory then counts the driver only). That is the
production shape: a cluster started once with `ray start`, cron runs joining it. The first run
starts the crawler actors and, with the default `[run] ray_keep_warm_seconds`, leaves them warm;
the re-run (as a cron run a few minutes later would) finds and reuses them, as the summary lines
below the table say ("warm actors"). Between setups the benchmark ends the warm actors, so that
each setup's first run starts its own.

"fixed s" is the time a process spends on anything but checking its URLs: the wall time less
the run's own time from its summary (Python's start; with Ray, importing it and shutting it
down), plus, with Ray, what the run waited for inside its own time (from its log: for Ray to
start or join its cluster, which it does while the run reads its sources, and for the crawler
actors to answer). It does not grow with the URLs, so below the table each Ray setup gets the
run size from which it reaches 0.8x the local engine, from its fixed and per-URL times measured
here.
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import multiprocessing
import os
import random
import re
import select
import socket
import subprocess
import sys
import tempfile
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scraper.config import FetchConfig

DEFAULTS = FetchConfig()
"""The project's own fetch defaults: the benchmark measures what users get."""

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "fixtures"
FIRST_HOST = 2
"""Hosts are 127.0.0.2, 127.0.0.3, …: the whole 127/8 block is loopback on Linux."""

SAMPLE_SECONDS = 0.1
KIB = 1024
MIB = 1024 * 1024
GENERATED_TEMPLATES = 40
SEED = 20261127

_CANONICAL_HINTS = re.compile(
    rb"<link[^>]+rel=[\"']?canonical[^>]*>|<meta[^>]+property=[\"']?og:url[^>]*>", re.IGNORECASE
)
"""A fixture's own canonical URL would merge all its copies into one article; the copies must stay distinct."""

WORDS = [
    "council",
    "harbour",
    "budget",
    "ferry",
    "island",
    "residents",
    "winter",
    "crossing",
    "timetable",
    "board",
    "vote",
    "minister",
    "hospital",
    "school",
    "teachers",
    "union",
    "strike",
    "agreement",
    "railway",
    "station",
    "funding",
    "storm",
    "coast",
    "river",
    "bridge",
    "election",
    "candidate",
    "campaign",
    "mayor",
    "police",
    "report",
    "court",
    "judge",
    "appeal",
    "farmers",
    "drought",
    "harvest",
    "prices",
    "energy",
    "wind",
    "solar",
    "grid",
    "company",
    "shares",
    "market",
    "investors",
    "quarter",
    "growth",
    "museum",
    "exhibition",
    "festival",
]


def _sentence(rng: random.Random) -> str:
    words = rng.choices(WORDS, k=rng.randint(8, 22))
    return " ".join(words).capitalize() + "."


def generated_page(rng: random.Random, index: int) -> bytes:
    """A news page shaped like real ones (60-200 KB): menus, inline app state, the article, link farms.

    The hand-made fixtures are small; the pages of real news sites carry much more around the
    article, and that is what the extractor has to wade through.
    """
    paragraphs = "\n".join(
        f"<p>{' '.join(_sentence(rng) for _ in range(rng.randint(2, 6)))}</p>" for _ in range(rng.randint(4, 28))
    )
    table = ""
    if index % 5 == 0:
        rows = "".join(f"<tr><td>{rng.choice(WORDS)}</td><td>{rng.randint(1, 999)}</td></tr>" for _ in range(6))
        table = f"<table><tr><th>Item</th><th>Count</th></tr>{rows}</table>"
    menu = "".join(
        f"<li><a href='/section/{n}'>{rng.choice(WORDS).title()}</a></li>" for n in range(rng.randint(40, 120))
    )
    related = "".join(
        f"<li class='card'><a href='/r/{rng.randint(1, 99999)}'><img src='/i/{n}.jpg' alt=''>"
        f"<span>{_sentence(rng)}</span></a></li>"
        for n in range(rng.randint(12, 40))
    )
    comments = "".join(
        f"<div class='comment'><b>{rng.choice(WORDS)}{n}</b><p>{_sentence(rng)}</p></div>"
        for n in range(rng.randint(0, 30))
    )
    footer = "".join(f"<a href='/f/{n}'>{rng.choice(WORDS)}</a> " for n in range(rng.randint(80, 200)))
    state = (
        "window.__STATE__ = {" + ",".join(f'"k{n}": "{_sentence(rng)}"' for n in range(rng.randint(150, 700))) + "};"
    )
    title = _sentence(rng)[:70]
    return textwrap.dedent(
        f"""\
        <!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title} | Example News</title>
        <meta name="author" content="{rng.choice(WORDS).title()} {rng.choice(WORDS).title()}">
        <meta property="article:published_time" content="2026-11-{1 + index % 27:02d}T08:00:00Z">
        <script>{state}</script><style>body {{ font-family: serif; }} .card {{ display: inline-block; }}</style></head>
        <body><header><nav><ul class="menu">{menu}</ul></nav>
        <div class="consent">We use cookies to improve your experience. <button>Accept all</button></div></header>
        <main><article><h1>{title}</h1><p class="byline">By a staff reporter</p>
        {paragraphs}{table}
        <div class="share">Share this article: Facebook Twitter Email</div>
        <aside class="newsletter">Sign up to our morning newsletter. Subscribe now!</aside>
        </article><section class="related"><h2>Related</h2><ul>{related}</ul></section>
        <section class="comments"><h2>Comments</h2>{comments}</section></main>
        <footer>{footer}<p>&copy; Example News. All rights reserved.</p></footer></body></html>
        """
    ).encode()


def page_templates(pages: Path | None) -> list[bytes]:
    """Real pages from `pages` (*.html, *.html.gz) if given, else the fixtures plus generated pages.

    Canonical hints are removed, so every copy of a template stays a distinct article.
    """
    if pages is not None:
        paths = sorted(pages.glob("*.html")) + sorted(pages.glob("*.html.gz"))
        raw = [gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes() for path in paths]
        if not raw:
            raise SystemExit(f"no *.html or *.html.gz pages in {pages}")
        return [_CANONICAL_HINTS.sub(b"", page) for page in raw]
    templates = [_CANONICAL_HINTS.sub(b"", path.read_bytes()) for path in sorted(FIXTURES.glob("*/source.html"))]
    rng = random.Random(SEED)
    templates += [generated_page(rng, index) for index in range(GENERATED_TEMPLATES)]
    return templates


# the server (its own process, so its CPU is not counted against the scraper's event loop)


async def _serve(
    hosts: list[str], port: int, latency: float, pages: Path | None, ready: multiprocessing.synchronize.Event
) -> None:
    templates = page_templates(pages)

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                path = lines[0].split(" ")[1]
                headers = {
                    name.strip().lower(): value.strip()
                    for name, _, value in (line.partition(":") for line in lines[1:])
                }
                await asyncio.sleep(latency)
                writer.write(_response(path, headers.get("if-none-match"), templates))
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    server = await asyncio.start_server(handle, host=hosts, port=port, backlog=1024)
    ready.set()
    async with server:
        await server.serve_forever()


def _response(path: str, if_none_match: str | None, templates: list[bytes]) -> bytes:
    match = re.fullmatch(r"/news/(\d+)\.html", path)
    if match is None:
        return b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"
    number = int(match.group(1))
    etag = f'"v1-{number}"'
    if if_none_match == etag:
        return f"HTTP/1.1 304 Not Modified\r\nETag: {etag}\r\nContent-Length: 0\r\n\r\n".encode()
    body = templates[number % len(templates)].replace(b"</h1>", f" ({number})</h1>".encode(), 1)
    head = f"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nETag: {etag}\r\nContent-Length: {len(body)}\r\n\r\n"
    return head.encode() + body


def _server_main(
    hosts: list[str], port: int, latency: float, pages: Path | None, ready: multiprocessing.synchronize.Event
) -> None:
    asyncio.run(_serve(hosts, port, latency, pages, ready))


# measuring


def _tree_memory(root: int) -> tuple[int, int, dict[str, list[int]]]:
    """RSS and PSS of `root` and every descendant, summed, in bytes, and each process's RSS by kind.

    RSS counts the pages the processes share (libraries, copy-on-write) once per process; PSS
    splits them among the sharers, so its sum is what the run really holds.
    """
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    parent = int(handle.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry))
    rss = pss = 0
    by_kind: dict[str, list[int]] = {}
    stack = [root]
    while stack:
        pid = stack.pop()
        stack.extend(children.get(pid, ()))
        try:
            with open(f"/proc/{pid}/smaps_rollup") as handle:
                fields = dict(line.split(":", 1) for line in handle if ":" in line)
            with open(f"/proc/{pid}/cmdline", "rb") as handle:
                command = handle.read()
        except OSError:
            continue
        process_rss = _kilobytes(fields.get("Rss", "0 kB")) * KIB
        rss += process_rss
        pss += _kilobytes(fields.get("Pss", "0 kB")) * KIB
        by_kind.setdefault("main" if pid == root else _kind(command), []).append(process_rss)
    return rss, pss, by_kind


def _kind(command: bytes) -> str:
    """What a descendant of the run is, from its command line."""
    for marker, kind in ((b"extract_process", "extraction worker"), (b"crawler", "crawler")):
        if marker in command:
            return kind
    return "other"


def _kilobytes(field: str) -> int:
    return int(field.split()[0])


@dataclass(frozen=True)
class Measurement:
    """One timed `scraper run`."""

    seconds: float
    peak_rss: int
    peak_pss: int
    exit_code: int
    summary: str
    pages_per_node: dict[str, int]
    """With the Ray engine: the pages each node's crawlers checked."""
    run_seconds: float
    """The run's own time, from its summary: from the store opened to the store written."""
    engine_wait_seconds: float
    """With Ray: how long the run waited, within its own time, for the cluster and for its actors."""
    warm_actors: int
    """With Ray: the crawler actors the run found started by an earlier run."""
    peak_by_kind: dict[str, list[int]]
    """At the peak RSS sample: each process's RSS, by kind (main, crawler, extraction worker)."""

    @property
    def fixed_seconds(self) -> float:
        """What the process spends on anything but its URLs: starting Python and, with Ray, importing it,
        waiting for its cluster and actors, and shutting it down (the same whatever the number of URLs)."""
        return self.seconds - self.run_seconds + self.engine_wait_seconds

    @property
    def url_seconds(self) -> float:
        """The run's time on its URLs: what grows with their number."""
        return self.run_seconds - self.engine_wait_seconds


RAY_LOOPBACK = {"RAY_USAGE_STATS_ENABLED": "0", "RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER": "0"}
"""A benchmark cluster on loopback that reports nothing home (read when Ray is imported)."""

_NODE_PAGES = re.compile(r"crawler \d+ on node (\w+): (\d+) pages")
_RUN_SECONDS = re.compile(r"^scraper run: \w+ in ([\d.]+)s", re.MULTILINE)
_ENGINE_WAITS = re.compile(r"the run waited ([\d.]+) s for it|crawler actors answered ([\d.]+) s after their plans")
_WARM_ACTORS = re.compile(r"\((\d+) warm from an earlier run\)")


def timed_run(config: Path, *, engine: str = "local") -> Measurement:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, (str(REPO), os.environ.get("PYTHONPATH"))))}
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "scraper", "run", "--config", str(config), "--summary", "--engine", engine]
        + (["--log-level", "info"] if engine == "ray" else []),
        cwd=config.parent,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    peak_rss = peak_pss = 0
    peak_by_kind: dict[str, list[int]] = {}
    # Woken by the exit itself, not by the next sample: a 0.1 s sleep would add up to 0.1 s to a
    # run that takes under 2 s.
    exited = os.pidfd_open(process.pid)
    try:
        while True:
            rss, pss, by_kind = _tree_memory(process.pid)
            if rss > peak_rss:
                peak_rss, peak_by_kind = rss, by_kind
            peak_pss = max(peak_pss, pss)
            if select.select([exited], [], [], SAMPLE_SECONDS)[0]:
                break
    finally:
        os.close(exited)
    seconds = time.perf_counter() - started
    process.wait()
    stderr = process.stderr.read() if process.stderr else ""
    summary = next((line for line in stderr.splitlines() if line.startswith("scraper run:")), stderr.strip()[-300:])
    per_node: dict[str, int] = {}
    for node, pages in _NODE_PAGES.findall(stderr):
        per_node[node] = per_node.get(node, 0) + int(pages)
    own = _RUN_SECONDS.search(stderr)
    waited = sum(float(connect or actors) for connect, actors in _ENGINE_WAITS.findall(stderr))
    warm = sum(int(count) for count in _WARM_ACTORS.findall(stderr))
    return Measurement(
        seconds,
        peak_rss,
        peak_pss,
        process.returncode,
        summary,
        per_node,
        float(own.group(1)) if own else seconds,
        waited,
        warm,
        peak_by_kind,
    )


def write_setup(
    directory: Path, hosts: list[str], port: int, count: int, args: argparse.Namespace, ray_address: str = ""
) -> Path:
    with open(directory / "urls.txt", "w") as handle:
        for number in range(count):
            handle.write(f"http://{hosts[number % len(hosts)]}:{port}/news/{number}.html\n")
    config = directory / "config.toml"
    config.write_text(
        textwrap.dedent(
            f"""
            [fetch]
            allow_private_addresses = true
            per_host_delay = 0.0
            concurrency = {args.concurrency}
            per_host_concurrency = {args.per_host}

            [run]
            workers = {args.workers}
            recheck_interval_minutes = 0.0
            ray_address = "{ray_address}"

            [[sources]]
            name = "bench"
            kind = "urls"
            urls_file = "urls.txt"
            """
        )
    )
    return config


def _store_bytes(directory: Path) -> int:
    return sum(path.stat().st_size for path in directory.glob("scraper.sqlite3*"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--urls", type=int, nargs="+", default=[5000], help="URL counts to benchmark, one setup each")
    parser.add_argument("--hosts", type=int, default=50, help="virtual hosts (loopback addresses)")
    parser.add_argument("--latency", type=float, default=0.02, help="seconds before each response")
    parser.add_argument("--workers", type=int, default=0, help="[run] workers: crawler processes (0: one per core)")
    parser.add_argument("--concurrency", type=int, default=DEFAULTS.concurrency, help="[fetch] concurrency")
    parser.add_argument(
        "--per-host", type=int, default=DEFAULTS.per_host_concurrency, help="[fetch] per_host_concurrency"
    )
    parser.add_argument(
        "--pages", type=Path, help="serve these real pages (*.html, *.html.gz) instead of fixtures and generated ones"
    )
    parser.add_argument(
        "--engine", choices=("local", "ray"), default="local", help="ray: measure it against the local engine"
    )
    parser.add_argument("--nodes", type=int, nargs="+", help="with --engine ray: a simulated cluster, CPUs per node")
    args = parser.parse_args()
    if args.nodes and args.engine != "ray":
        parser.error("--nodes needs --engine ray")

    hosts = [f"127.0.0.{FIRST_HOST + index}" for index in range(args.hosts)]
    port = _free_port()
    context = multiprocessing.get_context("spawn")
    ready = context.Event()
    server = context.Process(target=_server_main, args=(hosts, port, args.latency, args.pages, ready), daemon=True)
    server.start()
    if not ready.wait(30):
        raise SystemExit("the benchmark server did not start")
    engines = ("local", "ray") if args.engine == "ray" else ("local",)
    cluster = _start_cluster(args.nodes) if args.nodes else None
    rows = []
    try:
        for count in args.urls:
            for engine in engines:
                address = str(cluster.address) if cluster is not None and engine == "ray" else ""
                with tempfile.TemporaryDirectory(prefix="scraper-bench-") as temporary:
                    directory = Path(temporary)
                    config = write_setup(directory, hosts, port, count, args, ray_address=address)
                    first = timed_run(config, engine=engine)
                    size_after_first = _store_bytes(directory)
                    second = timed_run(config, engine=engine)
                    rows.append(Row(count, engine, first, second, size_after_first))
                if cluster is not None and engine == "ray":
                    _end_warm_crawlers(str(cluster.address))
    finally:
        server.terminate()
        server.join()
        if cluster is not None:
            cluster.shutdown()
    _print_table(rows, args)
    return 0


def _start_cluster(cpus_per_node: list[int]) -> Any:
    """A Ray cluster of len(cpus_per_node) nodes on this machine, on loopback."""
    os.environ.update(RAY_LOOPBACK)
    from ray.cluster_utils import Cluster

    head, *others = cpus_per_node
    cluster = Cluster(initialize_head=True, head_node_args={"num_cpus": head, "include_dashboard": False})
    for cpus in others:
        cluster.add_node(num_cpus=cpus)
    cluster.wait_for_nodes()
    return cluster


END_WARM_CRAWLERS = """
import sys, ray
ray.init(address=sys.argv[1], include_dashboard=False, log_to_driver=False)
for actor in ray.util.list_named_actors(all_namespaces=True):
    if actor["namespace"].startswith("scraper-"):
        ray.kill(ray.get_actor(actor["name"], namespace=actor["namespace"]))
"""
"""The setup's warm crawler actors hold the cluster's CPUs; the next setup (another store, so another
deployment) would wait for them until their idle timeout."""


def _end_warm_crawlers(address: str) -> None:
    subprocess.run([sys.executable, "-c", END_WARM_CRAWLERS, address], check=True, capture_output=True, timeout=120)


@dataclass(frozen=True)
class Row:
    """One setup run with one engine: a first and a second run."""

    urls: int
    engine: str
    first: Measurement
    second: Measurement
    store_bytes: int


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind((f"127.0.0.{FIRST_HOST}", 0))
        return int(probe.getsockname()[1])


TARGET = 0.8
"""Issue 13: the Ray engine's pages/s at least this fraction of the local engine's."""


def _target_from(urls: int, engine: Measurement, local: Measurement) -> str:
    """The run size from which `engine` reaches TARGET x local's pages/s, from this measurement.

    Each run costs its fixed seconds plus its own time, which grows with the URLs: with F and t
    (seconds a URL) for each engine, the target holds when F_local + N t_local >= TARGET (F + N t).
    """
    per_url, local_per_url = engine.url_seconds / urls, local.url_seconds / urls
    margin = local_per_url - TARGET * per_url
    fixed_gap = TARGET * engine.fixed_seconds - local.fixed_seconds
    if margin > 0:
        return "any number of" if fixed_gap <= 0 else f"{fixed_gap / margin:,.0f}"
    if fixed_gap < 0:
        return f"1 up to {fixed_gap / margin:,.0f} (its time a URL is {per_url / local_per_url:.2f}x local's)"
    return f"no number of (its time a URL is {per_url / local_per_url:.2f}x local's)"


def _print_table(rows: list[Row], args: argparse.Namespace) -> None:
    pages = args.pages or "fixtures + generated pages"
    nodes = f", Ray cluster of {len(args.nodes)} nodes ({'+'.join(map(str, args.nodes))} CPUs)" if args.nodes else ""
    print(
        f"scraper run benchmark ({pages}): {args.hosts} hosts, {args.latency * 1000:.0f} ms latency, "
        f"{os.cpu_count()} cores, concurrency {args.concurrency}, per host {args.per_host}, politeness delay 0{nodes}"
    )
    print()
    print(
        "| URLs | engine | first run s | first pages/s | x local | second run s | second pages/s | x local | "
        "speed-up | fixed s, first / second | peak RSS / PSS MB, first | peak RSS / PSS MB, second | store MB |"
    )
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    local = {row.urls: row for row in rows if row.engine == "local"}
    for row in rows:
        peer = local[row.urls]
        first_rate, second_rate = row.urls / row.first.seconds, row.urls / row.second.seconds
        print(
            f"| {row.urls} | {row.engine} | {row.first.seconds:.1f} | {first_rate:.1f} | "
            f"{peer.first.seconds / row.first.seconds:.2f} | {row.second.seconds:.2f} | {second_rate:.0f} | "
            f"{peer.second.seconds / row.second.seconds:.2f} | {row.first.seconds / row.second.seconds:.1f}x | "
            f"{row.first.fixed_seconds:.1f} / {row.second.fixed_seconds:.1f} | "
            f"{row.first.peak_rss / MIB:.0f} / {row.first.peak_pss / MIB:.0f} | "
            f"{row.second.peak_rss / MIB:.0f} / {row.second.peak_pss / MIB:.0f} | {row.store_bytes / MIB:.1f} |"
        )
    print()
    for row in rows:
        if row.engine != "local":
            peer = local[row.urls]
            first = _target_from(row.urls, row.first, peer.first)
            second = _target_from(row.urls, row.second, peer.second)
            print(f"{row.urls} URLs, {row.engine}: >= {TARGET}x local from {first} URLs (first run), {second} (re-run)")
    print()
    for row in rows:
        for name, run in (("first", row.first), ("second", row.second)):
            warm = f", {run.warm_actors} warm actors" if row.engine == "ray" else ""
            print(f"{row.urls} URLs, {row.engine}, {name} (exit {run.exit_code}{warm}): {run.summary}")
            print(f"    at the peak, MB RSS: {_per_kind(run.peak_by_kind)}")
            if run.pages_per_node:
                split = ", ".join(f"node {node[:8]}: {pages}" for node, pages in sorted(run.pages_per_node.items()))
                print(f"    pages per node: {split}")


def _per_kind(by_kind: dict[str, list[int]]) -> str:
    return "; ".join(
        f"{kind} {' + '.join(f'{rss / MIB:.0f}' for rss in sorted(sizes, reverse=True))}"
        for kind, sizes in by_kind.items()
    )


if __name__ == "__main__":
    sys.exit(main())
