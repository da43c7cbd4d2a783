"""`scraper URL` end to end: the command line run as a subprocess against a loopback page."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from scraper.cli import exit_codes
from tests.support.proxies import HttpProxy
from tests.support.server import LocalServer, Reply

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = (Path(__file__).parent / "pages" / "article.html").read_bytes()


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run `python -m scraper` from a directory without a config.toml, importing this checkout."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("SCRAPER_")}
    env["PYTHONPATH"] = str(ROOT)
    return subprocess.run(
        [sys.executable, "-m", "scraper", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=60
    )


def test_a_served_article_comes_out_as_json(server: LocalServer, tmp_path: Path) -> None:
    server.add("/article", Reply(body=ARTICLE))

    done = run_cli(server.url("/article"), "--allow-private", "--format", "json", cwd=tmp_path)

    assert done.returncode == exit_codes.OK, done.stderr
    article = json.loads(done.stdout)
    assert "second-hand vessel" in article["text"]
    assert "morning newsletter" not in article["text"]
    assert "ferry line" in article["title"]
    assert article["url"] == server.url("/article")
    assert server.hits("/article") == 1


def test_a_missing_page_exits_with_the_fetch_failure_code(server: LocalServer, tmp_path: Path) -> None:
    done = run_cli(server.url("/missing"), "--allow-private", "--retries", "0", cwd=tmp_path)

    assert done.returncode == exit_codes.FETCH_FAILED
    assert done.stderr.startswith("scraper: error:")
    assert "404" in done.stderr
    assert "Traceback" not in done.stderr


def test_loopback_is_refused_without_allow_private(server: LocalServer, tmp_path: Path) -> None:
    server.add("/article", Reply(body=ARTICLE))

    done = run_cli(server.url("/article"), "--format", "json", cwd=tmp_path)

    assert done.returncode == exit_codes.FETCH_FAILED
    assert server.requests == []


def test_header_flags_reach_the_server(server: LocalServer, tmp_path: Path) -> None:
    server.add("/article", Reply(body=ARTICLE))

    done = run_cli(
        server.url("/article"),
        "--allow-private",
        "--header",
        "X-Team: newsroom",
        "--header",
        "Cookie: a=1",
        cwd=tmp_path,
    )

    assert done.returncode == exit_codes.OK, done.stderr
    headers = server.requests_for("/article")[0].headers
    assert (headers["x-team"], headers["cookie"]) == ("newsroom", "a=1")


def test_the_proxy_flag_sends_the_request_through_the_proxy(server: LocalServer, tmp_path: Path) -> None:
    server.add("/article", Reply(body=ARTICLE))

    with HttpProxy() as proxy:
        done = run_cli(server.url("/article"), "--allow-private", "--proxy", proxy.url(), cwd=tmp_path)

    assert done.returncode == exit_codes.OK, done.stderr
    assert server.url("/article") in proxy.log.targets


def test_a_malformed_header_or_proxy_flag_is_a_usage_error(tmp_path: Path) -> None:
    for flag, value in (("--header", "no colon here"), ("--proxy", "ftp://reader:s3cret@proxy.example")):
        done = run_cli("http://example.com/", flag, value, cwd=tmp_path)

        assert done.returncode == exit_codes.USAGE
        assert "s3cret" not in done.stderr
        assert "Traceback" not in done.stderr
