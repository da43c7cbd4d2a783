"""`scraper URL` end to end: the command line run as a subprocess against a loopback page."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from scraper.cli import exit_codes
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
