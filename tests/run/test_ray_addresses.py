"""`[run] ray_address`: "auto" joins the cluster `ray start --head` made on this machine, a `ray://`
address joins it through its Ray Client server and one nobody answers is one line, "" starts a
private instance that listens on loopback only. A cluster that ray.init can never reach (this
head node, joined without Ray's loopback setting) ends the run after [run]
ray_connect_timeout_seconds, or at once on SIGTERM, never hangs. One head node for the module (it
takes seconds to start), on 127.0.0.1, stopped by ending the `ray start --block` command that
started it: no `ray stop`, which would end every Ray process of the machine."""

from __future__ import annotations

import ipaddress
import json
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from scraper.cli import exit_codes
from tests.run.conftest import RUN_TIMEOUT, query, run_scraper, start_scraper
from tests.run.test_ray_engine import (
    LOOPBACK_ONLY,
    PAGES_PER_SITE,
    SITES,
    SLOW_PAGE_SECONDS,
    _config,
    _every_article_once,
    _serve,
    _served,
    _urls,
    _wait_for_articles,
)
from tests.support.server import LocalServer

pytest.importorskip("ray", reason="no Ray: pip install -e '.[ray]'")

START_SECONDS = 120.0
"""How long `ray start --head` may take on a machine busy with other tests (about 15 s when loaded)."""

_NODE_OF_CRAWLER = re.compile(r"crawler \d+ on node (\w+)")

NODE_IDS_PROGRAM = "import json, ray; ray.init(address='auto'); print(json.dumps([n['NodeID'] for n in ray.nodes()]))"


@dataclass(frozen=True)
class HeadNode:
    client_address: str
    node_ids: list[str]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def head_node(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HeadNode]:
    """`ray start --head` on loopback, until the module is done.

    Ray's files go to a folder of the module's own (RAY_TMPDIR, which Ray documents): there "auto" finds
    this cluster, not one that another program of the machine started last. A short path, as Ray's
    socket names must fit in 107 bytes.
    """
    output = tmp_path_factory.mktemp("ray-head") / "ray-start.log"
    client_port = _free_port()
    ray_files = tempfile.mkdtemp(prefix="ray-")
    with pytest.MonkeyPatch.context() as patch, output.open("w") as log:
        for name, value in {**LOOPBACK_ONLY, "RAY_TMPDIR": ray_files}.items():
            patch.setenv(name, value)
        command = [str(Path(sys.executable).parent / "ray"), "start", "--head", "--block", "--port=0"]
        command += [f"--ray-client-server-port={client_port}", "--num-cpus=2", "--include-dashboard=false"]
        # Started in its own folder: from the project's, the Ray Client's per-client server exits at once.
        process = subprocess.Popen(
            command, cwd=ray_files, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
        )
        try:
            _wait_until_started(process, output)
            listed = subprocess.run(
                [sys.executable, "-c", NODE_IDS_PROGRAM], capture_output=True, text=True, timeout=START_SECONDS
            )
            assert listed.returncode == 0, listed.stderr
            yield HeadNode(f"ray://127.0.0.1:{client_port}", json.loads(listed.stdout.splitlines()[-1]))
        finally:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=START_SECONDS)
            shutil.rmtree(ray_files, ignore_errors=True)


@pytest.fixture
def sites() -> Iterator[list[LocalServer]]:
    yield from _served(delay=0.0)


def _wait_until_started(process: subprocess.Popen[bytes], output: Path) -> None:
    deadline = time.monotonic() + START_SECONDS
    while "Ray runtime started" not in output.read_text():
        assert process.poll() is None and time.monotonic() < deadline, output.read_text()
        time.sleep(0.2)


def _run_on(address: str, servers: list[LocalServer], folder: Path) -> subprocess.CompletedProcess[str]:
    return _run_to_the_end(_config(folder, servers, engine="ray", address=address), servers)


def _run_to_the_end(config: Path, servers: list[LocalServer]) -> subprocess.CompletedProcess[str]:
    """Run with `config`, which must succeed and store every article of `servers` once."""
    folder = config.parent
    done = run_scraper("run", "--config", str(config), "--log-level", "info", cwd=folder)
    assert done.returncode == exit_codes.OK, done.stderr
    assert _every_article_once(folder / "scraper.sqlite3") == sorted(_urls(servers))
    return done


def test_auto_joins_the_cluster_that_ray_start_made(
    head_node: HeadNode, sites: list[LocalServer], tmp_path: Path
) -> None:
    done = _run_on("auto", sites, tmp_path / "auto")

    nodes = set(_NODE_OF_CRAWLER.findall(done.stderr))
    assert nodes and nodes <= set(head_node.node_ids), "the crawlers ran on the cluster's node"


def test_a_ray_client_address_joins_the_cluster_through_its_client_server(
    head_node: HeadNode, sites: list[LocalServer], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Ray's documented switch for the token authentication `ray start --head` turns on: the Ray Client sends
    # the token (from ~/.ray/auth_token, which `ray start` wrote) only when told to.
    monkeypatch.setenv("RAY_AUTH_MODE", "token")

    done = _run_on(head_node.client_address, sites, tmp_path / "client")

    nodes = set(_NODE_OF_CRAWLER.findall(done.stderr))
    assert nodes and nodes <= set(head_node.node_ids), "the crawlers ran on the cluster's node"


def test_a_cluster_that_cannot_be_joined_is_one_line_and_exit_1(sites: list[LocalServer], tmp_path: Path) -> None:
    # A port nobody listens on: the Ray Client retries, then gives up.
    config = _config(tmp_path / "nowhere", sites, engine="ray", address=f"ray://127.0.0.1:{_free_port()}")

    done = run_scraper("run", "--config", str(config), cwd=config.parent)

    assert done.returncode == exit_codes.FAILED, done.stderr
    errors = [line for line in done.stderr.splitlines() if line.startswith("scraper: error:")]
    assert len(errors) == 1 and "cannot start or join the Ray cluster at ray://" in errors[0]
    assert "Traceback" not in done.stderr
    assert not any(server.requests for server in sites), "nothing was fetched"


CONNECT_TIMEOUT_SECONDS = 5.0

STOP_SECONDS = 15.0
"""How long a run that cannot reach its cluster may take to end after its deadline or a SIGTERM (its start and
the store's last writes on a loaded machine), far below the minutes ray.init spends retrying."""


def _unreachable_from_here(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the head node unreachable for "auto": without Ray's loopback setting, the run's ray.init swaps the
    127.0.0.1 of the head node's address for the machine's own address, where nothing listens, and retries
    forever (what a user without that setting saw). Needs an address other than loopback to swap in."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 80))  # TEST-NET-1: a route is chosen, no packet is sent
        except OSError:
            pytest.skip("this machine has no address but loopback: ray.init reaches the head node")
        if ipaddress.ip_address(probe.getsockname()[0]).is_loopback:
            pytest.skip("this machine has no address but loopback: ray.init reaches the head node")
    monkeypatch.delenv("RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER")


def _with_connect_timeout(config: Path, seconds: float) -> Path:
    config.write_text(config.read_text().replace("[run]\n", f"[run]\nray_connect_timeout_seconds = {seconds}\n"))
    return config


def _runs(folder: Path) -> list[tuple[object, ...]]:
    return query(folder / "scraper.sqlite3", "SELECT status FROM runs ORDER BY id")


def test_a_cluster_that_never_answers_ends_the_run_after_the_connect_timeout(
    head_node: HeadNode, sites: list[LocalServer], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _unreachable_from_here(monkeypatch)
    config = _with_connect_timeout(
        _config(tmp_path / "unreachable", sites, engine="ray", address="auto"), CONNECT_TIMEOUT_SECONDS
    )

    started = time.monotonic()
    done = run_scraper("run", "--config", str(config), cwd=config.parent)

    assert done.returncode == exit_codes.FAILED, done.stderr
    assert time.monotonic() - started < CONNECT_TIMEOUT_SECONDS + STOP_SECONDS
    errors = [line for line in done.stderr.splitlines() if line.startswith("scraper: error:")]
    assert len(errors) == 1 and "ray_connect_timeout_seconds" in errors[0], done.stderr
    assert "Traceback" not in done.stderr
    assert _runs(config.parent) == [("failed",)]
    assert not any(server.requests for server in sites), "nothing was fetched"


def test_sigterm_while_joining_a_cluster_exits_130_and_the_next_run_does_everything(
    head_node: HeadNode, sites: list[LocalServer], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as unreachable:
        _unreachable_from_here(unreachable)
        config = _with_connect_timeout(_config(tmp_path / "stopped", sites, engine="ray", address="auto"), RUN_TIMEOUT)
        process = start_scraper("run", "--config", str(config), cwd=config.parent)
        _wait_for_run_row(process, config.parent)
        time.sleep(CONNECT_TIMEOUT_SECONDS)  # well into ray.init's first attempt, which lasts 30 s
        signalled = time.monotonic()
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=RUN_TIMEOUT)

    assert process.returncode == exit_codes.INTERRUPTED, stderr
    assert time.monotonic() - signalled < STOP_SECONDS
    assert "Traceback" not in stderr
    assert _runs(config.parent) == [("interrupted",)]
    _run_to_the_end(config, sites)  # the lock is free and the store whole: every article, once


def _wait_for_run_row(process: subprocess.Popen[str], folder: Path) -> None:
    """Until the run has recorded its start (it is connecting to Ray by then)."""
    deadline = time.monotonic() + RUN_TIMEOUT
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if _runs(folder):
                return
        except sqlite3.OperationalError:
            pass  # the run has not created the store yet
        time.sleep(0.05)
    raise AssertionError(f"the run never started (exit code {process.poll()})")


def test_a_private_instance_listens_on_loopback_only(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # Nothing from the test's own environment: the run sets what keeps Ray on loopback.
    for name in LOOPBACK_ONLY:
        monkeypatch.delenv(name, raising=False)
    servers = _serve(delay=SLOW_PAGE_SECONDS)
    try:
        config = _config(tmp_path / "private", servers, engine="ray")
        process = start_scraper("run", "--config", str(config), cwd=config.parent)
        try:
            _wait_for_articles(process, config.parent / "scraper.sqlite3", at_least=1)
            listening = _listening_addresses(process.pid)
        finally:
            _, stderr = process.communicate(timeout=RUN_TIMEOUT)
    finally:
        for server in servers:
            server.stop()

    assert process.returncode == exit_codes.OK, stderr
    assert listening, "Ray's processes listen on some port"
    assert listening <= {"127.0.0.1", "::1"}, f"Ray listened on {listening}"
    assert len(_every_article_once(config.parent / "scraper.sqlite3")) == SITES * PAGES_PER_SITE


def _listening_addresses(root: int) -> set[str]:
    """The addresses the TCP sockets of `root` and its descendants listen on."""
    inodes = {
        link.split("[")[1].rstrip("]")
        for pid in _descendants(root)
        for link in _fd_links(pid)
        if link.startswith("socket:[")
    }
    addresses = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            local, state, inode = fields[1], fields[3], fields[9]
            if state == "0A" and inode in inodes:  # 0A: LISTEN
                addresses.add(_address(local.split(":")[0]))
    return addresses


def _address(hex_address: str) -> str:
    """An address as /proc/net writes it: hex, in 32-bit words of the host's (little-endian) byte order."""
    packed = b"".join(bytes.fromhex(hex_address[start : start + 8])[::-1] for start in range(0, len(hex_address), 8))
    address = ipaddress.ip_address(packed)
    mapped = address.ipv4_mapped if isinstance(address, ipaddress.IPv6Address) else None
    return str(mapped or address)


def _descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    found, stack = [], [root]
    while stack:
        pid = stack.pop()
        found.append(pid)
        stack.extend(children.get(pid, ()))
    return found


def _fd_links(pid: int) -> list[str]:
    """What the process's file descriptors point to; one closed while being read is left out."""
    links = []
    try:
        descriptors = list(Path(f"/proc/{pid}/fd").iterdir())
    except OSError:
        return []  # the process has ended
    for descriptor in descriptors:
        try:
            links.append(os.readlink(descriptor))
        except OSError:
            continue
    return links
