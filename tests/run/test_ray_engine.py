"""`scraper run --engine ray` on a local two-node Ray cluster (one CPU each, on 127.0.0.1),
against local sites: the same articles as the local engine, one crawler per host, politeness
kept, SIGTERM and a lost crawler handled. One cluster for the module: starting one takes seconds."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from scraper.cli import exit_codes
from tests.run.conftest import RUN_TIMEOUT, article_html, query, run_scraper, start_scraper
from tests.run.stalling_site import StallingSite, assert_next_run_completes_the_rest_once, never_checked
from tests.support.server import LocalServer, Reply

REQUIRED_ENV = "SCRAPER_TEST_REQUIRE_RAY"
"""Set by CI: there a missing Ray fails the module instead of skipping it."""

LOOPBACK_ONLY = {"RAY_USAGE_STATS_ENABLED": "0", "RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER": "0"}
"""Ray's settings for a cluster on loopback (as it runs on macOS) that reports nothing home. Read when
Ray is imported, so set before; the scraper processes the tests start inherit them."""

SITES = 4
"""Hosts (servers on their own ports): more than the cluster's two crawlers, so each deals several."""

PAGES_PER_SITE = 5

SLOW_PAGE_SECONDS = 0.4

DRAIN_GRACE_SECONDS = 60.0
"""Longer than a crawler actor takes to extract the pages it downloaded before a SIGTERM."""

KEEP_WARM_SECONDS = 10.0
"""[run] ray_keep_warm_seconds of the tests of warm actors: longer than a run takes to start and claim them
(2-5 s here), short enough to wait for their exit. Other tests keep none warm: the cluster's two CPUs
would stay held, and each test is a deployment of its own (its own store), whose actors would wait for them."""


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    """A head node and a worker node of one CPU each, on loopback; yields the address `ray start` would print."""
    with pytest.MonkeyPatch.context() as patch:
        for name, value in LOOPBACK_ONLY.items():
            patch.setenv(name, value)
        if os.environ.get(REQUIRED_ENV):
            from ray.cluster_utils import Cluster
        else:
            Cluster = pytest.importorskip("ray.cluster_utils", reason="no Ray: pip install -e '.[ray]'").Cluster
        cluster = Cluster(initialize_head=True, head_node_args={"num_cpus": 1, "include_dashboard": False})
        try:
            cluster.add_node(num_cpus=1)
            cluster.wait_for_nodes()
            yield str(cluster.address)
        finally:
            cluster.shutdown()


def _serve(delay: float) -> list[LocalServer]:
    servers = [LocalServer().start() for _ in range(SITES)]
    for number, server in enumerate(servers):
        for page in range(PAGES_PER_SITE):
            slug = f"s{number}-{page}"
            server.add(f"/news/{slug}.html", Reply(body=article_html(slug), etag=f'"{slug}"', delay=delay))
    return servers


def _served(delay: float) -> Iterator[list[LocalServer]]:
    """The sites for one test, stopped after it."""
    servers = _serve(delay)
    yield servers
    for server in servers:
        server.stop()


@pytest.fixture
def sites() -> Iterator[list[LocalServer]]:
    yield from _served(delay=0.0)


@pytest.fixture
def slow_sites() -> Iterator[list[LocalServer]]:
    """Each page takes SLOW_PAGE_SECONDS, so a run lasts long enough to be stopped in the middle."""
    yield from _served(delay=SLOW_PAGE_SECONDS)


def _sources(servers: list[LocalServer]) -> str:
    return f'[[sources]]\nname = "list"\nkind = "urls"\nurls = {json.dumps(_urls(servers))}\n'


def _config(
    folder: Path,
    servers: list[LocalServer],
    *,
    engine: str,
    address: str = "",
    workers: int = 2,
    store: str = "",
    keep_warm: float = 0.0,
    recheck_minutes: float = 1440.0,
) -> Path:
    """Politeness on: one request at a time per host, with a pause between two."""
    folder.mkdir()
    path = folder / "config.toml"
    path.write_text(
        textwrap.dedent(
            f"""
            [fetch]
            allow_private_addresses = true
            per_host_delay = 0.05
            per_host_concurrency = 1
            retries = 0

            [run]
            workers = {workers}
            engine = "{engine}"
            ray_address = "{address}"
            ray_keep_warm_seconds = {keep_warm}
            recheck_interval_minutes = {recheck_minutes}
            """
        )
        + f"\n[store]\n{store}\n"
        + _sources(servers)
    )
    return path


def _export(folder: Path) -> list[dict[str, object]]:
    done = run_scraper("export", "--config", str(folder / "config.toml"), cwd=folder)
    assert done.returncode == exit_codes.OK, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    for row in rows:
        del row["first_seen"], row["last_changed"]
    return sorted(rows, key=lambda row: str(row["canonical_url"]))


def test_the_ray_engine_stores_what_the_local_engine_stores(
    cluster: str, sites: list[LocalServer], tmp_path: Path
) -> None:
    local = _config(tmp_path / "local", sites, engine="local")
    assert run_scraper("run", "--config", str(local), cwd=local.parent).returncode == exit_codes.OK
    for server in sites:
        server.requests.clear()
    on_ray = _config(tmp_path / "ray", sites, engine="ray", address=cluster)

    done = run_scraper("run", "--config", str(on_ray), cwd=on_ray.parent)

    assert done.returncode == exit_codes.OK, done.stderr
    _wait_for_crawler_actors_to_end(within=RUN_TIMEOUT)  # keep-warm 0: none outlives its run
    assert _export(on_ray.parent) == _export(local.parent)
    assert len(_export(on_ray.parent)) == SITES * PAGES_PER_SITE
    for server in sites:
        pages = [request for request in server.requests if request.path.startswith("/news/")]
        assert len(pages) == PAGES_PER_SITE
        # Politeness held across the cluster: never two requests at once to one host, and all of a
        # host's requests over one kept-alive connection, so from one crawler actor only.
        assert server.max_in_flight == 1
        assert len({request.client_port for request in server.requests}) == 1


def _urls(servers: list[LocalServer]) -> list[str]:
    return [
        server.url(f"/news/s{number}-{page}.html")
        for number, server in enumerate(servers)
        for page in range(PAGES_PER_SITE)
    ]


def _wait_for_articles(process: subprocess.Popen[str], database: Path, *, at_least: int) -> int:
    deadline = time.monotonic() + RUN_TIMEOUT
    while time.monotonic() < deadline and process.poll() is None:
        try:
            stored = len(query(database, "SELECT 1 FROM articles"))
        except sqlite3.OperationalError:
            stored = 0  # the run has not created the store yet
        if stored >= at_least:
            return stored
        time.sleep(0.05)
    raise AssertionError(f"the run never stored {at_least} articles (exit code {process.poll()})")


def _every_article_once(database: Path) -> list[str]:
    rows = query(database, "SELECT canonical_url, COUNT(*) FROM articles GROUP BY canonical_url")
    assert all(row[1] == 1 for row in rows)
    return sorted(str(row[0]) for row in rows)


def _crawler_actor_pids() -> list[int]:
    """The Ray worker processes running a crawler actor (Ray names them after the actor's class)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                command = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            if command.startswith(b"ray::_Crawler"):
                pids.append(int(entry.name))
    return pids


def _wait_for_crawler_actors_to_end(*, within: float) -> None:
    deadline = time.monotonic() + within
    while _crawler_actor_pids():
        assert time.monotonic() < deadline, f"crawler actors still running: {_crawler_actor_pids()}"
        time.sleep(0.1)


def _ray_run_under_way(
    cluster: str, servers: list[LocalServer], tmp_path: Path, *, stored: int, keep_warm: float = 0.0
) -> tuple[Path, Path, subprocess.Popen[str]]:
    """`scraper run --engine ray` in the background, once it has stored `stored` articles:
    its config, its store and the process."""
    config = _config(tmp_path / "ray", servers, engine="ray", address=cluster, keep_warm=keep_warm)
    database = config.parent / "scraper.sqlite3"
    process = start_scraper("run", "--config", str(config), cwd=config.parent)
    _wait_for_articles(process, database, at_least=stored)
    return config, database, process


def test_sigterm_mid_run_stores_the_pages_already_downloaded_and_exits_130(cluster: str, tmp_path: Path) -> None:
    with LocalServer() as server:
        site = StallingSite(server)
        folder = tmp_path / "ray"
        folder.mkdir()
        run = f'engine = "ray"\nray_address = "{cluster}"\nray_keep_warm_seconds = 0\n'
        config = site.config(folder, grace=DRAIN_GRACE_SECONDS, run=run)
        database = folder / "scraper.sqlite3"
        process = site.start_run_until_pages_wait(config)
        served_before_signal = site.fully_served()

        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=RUN_TIMEOUT)

        assert process.returncode == exit_codes.INTERRUPTED, stderr
        assert _every_article_once(database) == sorted(served_before_signal)
        assert never_checked(database) == sorted(site.hanging_urls)
        assert_next_run_completes_the_rest_once(site, config, database)


def test_a_crawler_lost_mid_run_leaves_its_pages_due_for_the_next_run(
    cluster: str, slow_sites: list[LocalServer], tmp_path: Path
) -> None:
    # Warm actors: the lost one is made anew by the next run, the other serves it again.
    _wait_for_crawler_actors_to_end(within=RUN_TIMEOUT)  # those of the module's earlier runs
    config, database, process = _ray_run_under_way(cluster, slow_sites, tmp_path, stored=1, keep_warm=KEEP_WARM_SECONDS)
    actors = _crawler_actor_pids()
    assert len(actors) == 2, "one crawler actor per node"

    os.kill(actors[0], signal.SIGKILL)
    _, stderr = process.communicate(timeout=RUN_TIMEOUT)

    assert process.returncode == exit_codes.FAILED, stderr
    assert "stay due" in stderr and "Traceback" not in stderr
    assert len(_every_article_once(database)) < SITES * PAGES_PER_SITE
    rerun = run_scraper("run", "--config", str(config), cwd=config.parent)
    assert rerun.returncode == exit_codes.OK, rerun.stderr
    assert _every_article_once(database) == sorted(_urls(slow_sites))
    _wait_for_crawler_actors_to_end(within=KEEP_WARM_SECONDS + RUN_TIMEOUT)


def test_a_missing_ray_extra_is_one_line_naming_the_extra(sites: list[LocalServer], tmp_path: Path) -> None:
    config = _config(tmp_path / "ray", sites, engine="local")
    # Ray made unimportable in the child, as in an install without the extra.
    program = "import sys; sys.modules['ray'] = None; from scraper.cli import main; sys.exit(main())"

    done = subprocess.run(
        [sys.executable, "-c", program, "run", "--engine", "ray", "--config", str(config)],
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT,
        cwd=config.parent,
    )

    assert done.returncode == exit_codes.USAGE, done.stderr
    assert done.stderr.strip().count("\n") == 0 and "scraper[ray]" in done.stderr
    assert not any(server.requests for server in sites), "nothing was fetched"


def test_reextract_on_ray_rereads_every_archived_page_and_rewrites_nothing_unchanged(
    cluster: str, sites: list[LocalServer], tmp_path: Path
) -> None:
    config = _config(tmp_path / "ray", sites, engine="local", address=cluster, store="archive_warc = true")
    assert run_scraper("run", "--config", str(config), cwd=config.parent).returncode == exit_codes.OK
    before = _export(config.parent)
    files = sorted((config.parent / "archive").glob("*.warc.gz"))
    assert len(files) == 2, "one WARC file per crawler: two tasks for the cluster"

    done = run_scraper("reextract", "--engine", "ray", "--config", str(config), "--summary", cwd=config.parent)

    assert done.returncode == exit_codes.OK, done.stderr
    assert f"{SITES * PAGES_PER_SITE} unchanged" in done.stderr
    assert _export(config.parent) == before


def test_warm_crawler_actors_serve_the_next_run_until_the_code_or_settings_change_then_leave_when_idle(
    cluster: str, sites: list[LocalServer], tmp_path: Path
) -> None:
    # Every URL due again at once: each run checks them all.
    config = _config(
        tmp_path / "ray", sites, engine="ray", address=cluster, keep_warm=KEEP_WARM_SECONDS, recheck_minutes=0
    )
    run = ("run", "--config", str(config), "--log-level", "info")
    assert run_scraper(*run, cwd=config.parent).returncode == exit_codes.OK
    warm = sorted(_crawler_actor_pids())
    assert len(warm) == 2, "the run's two actors outlive it"
    for server in sites:
        server.requests.clear()

    again = run_scraper(*run, cwd=config.parent)

    assert again.returncode == exit_codes.OK, again.stderr
    assert "(2 warm from an earlier run)" in again.stderr
    assert sorted(_crawler_actor_pids()) == warm
    for server in sites:
        # Politeness still held: one actor per host, one request at a time.
        assert len([request for request in server.requests if request.path.startswith("/news/")]) == PAGES_PER_SITE
        assert server.max_in_flight == 1
        assert len({request.client_port for request in server.requests}) == 1

    # Another log level is another fingerprint: the warm actors are ended and new ones made.
    changed = run_scraper("run", "--config", str(config), "--log-level", "debug", cwd=config.parent)

    assert changed.returncode == exit_codes.OK, changed.stderr
    assert "ended 2 warm crawler actors made by other code or settings" in changed.stderr
    deadline = time.monotonic() + RUN_TIMEOUT
    while set(warm) & set(_crawler_actor_pids()):
        assert time.monotonic() < deadline, "the actors of the old fingerprint were not ended"
        time.sleep(0.1)
    assert len(_crawler_actor_pids()) == 2
    _wait_for_crawler_actors_to_end(within=KEEP_WARM_SECONDS + RUN_TIMEOUT)


def test_warm_actors_still_serving_a_killed_run_are_replaced_and_the_next_run_checks_the_rest(
    cluster: str, slow_sites: list[LocalServer], tmp_path: Path
) -> None:
    _wait_for_crawler_actors_to_end(within=KEEP_WARM_SECONDS + RUN_TIMEOUT)  # those of the module's earlier runs
    config, database, process = _ray_run_under_way(cluster, slow_sites, tmp_path, stored=1, keep_warm=KEEP_WARM_SECONDS)
    # The driver dies at once (no grace, no goodbye): its warm actors still hold its crawl.
    process.kill()
    process.communicate(timeout=RUN_TIMEOUT)

    rerun = run_scraper("run", "--config", str(config), cwd=config.parent)

    assert rerun.returncode == exit_codes.OK, rerun.stderr
    assert rerun.stderr.count("serves another run; an actor of this run replaces it") == 2
    assert _every_article_once(database) == sorted(_urls(slow_sites))
    _wait_for_crawler_actors_to_end(within=RUN_TIMEOUT)  # the busy ones killed, the replacements ended with the run
