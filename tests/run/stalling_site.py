"""A site for stopping `scraper run` mid-crawl: its first pages are answered at once, the rest never.

When a test signals the run, the crawler holds downloaded pages waiting for extraction (they are long
enough to take a while each) and has requests hanging. The server counts what it fully served, so a
test can check that every such page was stored, that the hanging ones stayed due, and that the next
run stores them exactly once. Used by the local engine's tests and the Ray engine's.
"""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

from scraper.cli import exit_codes
from tests.run.conftest import RUN_TIMEOUT, article_html, query, run_scraper, start_scraper, write_config
from tests.support.server import Fault, LocalServer, Reply

SERVED = 12
"""Pages the site answers before it hangs: more than the crawler can extract before the signal."""

HANGING = 8
"""Pages whose requests never get an answer in the interrupted run."""

PARAGRAPHS = 1500
"""A page of this many paragraphs takes about 0.1 s to extract on an idle machine, so the downloaded pages
queue up and their extraction outlasts a short grace period (at 300 paragraphs an idle CI machine drained all
twelve within a second; at 1500, once extraction got faster, too)."""


class StallingSite:
    """SERVED pages answered at once, then HANGING pages that never answer until `answer_hanging`."""

    def __init__(self, server: LocalServer) -> None:
        self.server = server
        server.add("/robots.txt", Reply(body=b"User-agent: *\nAllow: /\n", content_type="text/plain"))
        for index in range(SERVED):
            page = article_html(f"served-{index}", paragraphs=PARAGRAPHS)
            server.add(f"/news/served-{index}.html", Reply(body=page, etag=f'"s{index}"'))
        for index in range(HANGING):
            server.add(f"/news/hanging-{index}.html", Reply(fault=Fault.STALL))

    @property
    def served_urls(self) -> list[str]:
        return [self.server.url(f"/news/served-{index}.html") for index in range(SERVED)]

    @property
    def hanging_urls(self) -> list[str]:
        return [self.server.url(f"/news/hanging-{index}.html") for index in range(HANGING)]

    def answer_hanging(self) -> None:
        for index in range(HANGING):
            reply = Reply(body=article_html(f"hanging-{index}", paragraphs=PARAGRAPHS), etag=f'"h{index}"')
            self.server.add(f"/news/hanging-{index}.html", reply)

    def fully_served(self) -> set[str]:
        """The article pages whose whole response went out, as the server saw it."""
        return {
            self.server.url(delivery.path)
            for delivery in self.server.deliveries
            if delivery.path.startswith("/news/") and delivery.status == 200 and not delivery.aborted
        }

    def config(self, folder: Path, *, grace: float, run: str = "") -> Path:
        """A config listing the served pages first, so the hanging ones are asked for only once those are out."""
        listed = ", ".join(f'"{url}"' for url in self.served_urls + self.hanging_urls)
        source = f'[[sources]]\nname = "news"\nkind = "urls"\nurls = [{listed}]\n'
        return write_config(folder, source, run=f"stop_grace_seconds = {grace}\n{run}")

    def start_run_until_pages_wait(self, config: Path) -> subprocess.Popen[str]:
        """Start `scraper run`; return once every served page went out and a hanging request arrived."""
        process = start_scraper("run", "--config", str(config), cwd=config.parent)
        deadline = time.monotonic() + RUN_TIMEOUT
        while len(self.fully_served()) < SERVED or not self.server.hits("/news/hanging-0.html"):
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline, "the run never fetched the served pages"
            time.sleep(0.01)
        return process


def stored(database: Path) -> list[str]:
    return sorted(str(row[0]) for row in query(database, "SELECT canonical_url FROM articles"))


def never_checked(database: Path) -> list[str]:
    """URLs the run has no record of checking: they are due for the next run as they were for this one."""
    rows = query(database, "SELECT url FROM urls WHERE last_checked IS NULL AND failures = 0")
    return sorted(str(row[0]) for row in rows)


def run_counts(database: Path) -> list[dict[str, int]]:
    return [json.loads(str(row[0])) for row in query(database, "SELECT counts FROM runs ORDER BY id")]


def assert_next_run_completes_the_rest_once(site: StallingSite, config: Path, database: Path) -> None:
    """The hanging pages answered, a new run stores what is missing, once, and only checks the rest again."""
    stored_before = set(stored(database))
    site.answer_hanging()
    rerun = run_scraper("run", "--config", str(config), "--summary", cwd=config.parent)

    assert rerun.returncode == exit_codes.OK, rerun.stderr
    every_page = site.served_urls + site.hanging_urls
    assert stored(database) == sorted(every_page)
    counts = run_counts(database)[-1]
    # Stored pages are only checked again (an ETag match), the others stored once: nothing twice.
    assert counts.get("new") == len(every_page) - len(stored_before)
    assert counts.get("not_modified") == len(stored_before)
    assert query(database, "PRAGMA integrity_check") == [("ok",)]
