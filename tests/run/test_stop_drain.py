"""SIGTERM during `scraper run`: pages already downloaded are extracted and stored, nothing new is fetched,
and a second SIGTERM or the end of the grace period still stops it at once (see `stalling_site`)."""

from __future__ import annotations

import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from scraper.cli import exit_codes
from tests.run.conftest import RUN_TIMEOUT
from tests.run.stalling_site import (
    SERVED,
    StallingSite,
    assert_next_run_completes_the_rest_once,
    never_checked,
    run_counts,
    stored,
)
from tests.support.server import LocalServer

DRAIN_GRACE_SECONDS = 60.0
"""Grace for the run that must drain: far longer than extracting SERVED pages takes on a busy machine."""

SHORT_GRACE_SECONDS = 0.25
"""Grace for the run that must be cut short: less than extracting SERVED pages takes (0.6 s on an idle machine
with two workers, see `stalling_site.PARAGRAPHS`; a one-second grace let a fast machine drain them all)."""

HARD_STOP_SECONDS = 10.0
"""A run stopped hard exits within this long of being told to, though downloaded pages still wait."""


@pytest.fixture
def site() -> Iterator[StallingSite]:
    with LocalServer() as server:
        yield StallingSite(server)


@pytest.mark.slow
def test_sigterm_stores_every_page_already_downloaded_and_leaves_the_rest_due(
    site: StallingSite, tmp_path: Path
) -> None:
    database = tmp_path / "scraper.sqlite3"
    config = site.config(tmp_path, grace=DRAIN_GRACE_SECONDS)
    process = site.start_run_until_pages_wait(config)
    served_before_signal = site.fully_served()
    stored_before_signal = len(stored(database))

    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=RUN_TIMEOUT)

    assert stored_before_signal < SERVED, "the signal must come while downloaded pages wait for extraction"
    assert process.returncode == exit_codes.INTERRUPTED, stderr
    assert "Traceback" not in stderr
    assert stored(database) == sorted(served_before_signal)
    assert run_counts(database)[0].get("new") == SERVED
    assert never_checked(database) == sorted(site.hanging_urls), "no answer, no record: still due"
    assert_next_run_completes_the_rest_once(site, config, database)


@pytest.mark.slow
@pytest.mark.parametrize("hard_stop", ["second-sigterm", "grace-deadline"])
def test_a_second_sigterm_or_the_grace_deadline_stops_the_drain_and_the_next_run_finishes(
    hard_stop: str, site: StallingSite, tmp_path: Path
) -> None:
    database = tmp_path / "scraper.sqlite3"
    grace = DRAIN_GRACE_SECONDS if hard_stop == "second-sigterm" else SHORT_GRACE_SECONDS
    config = site.config(tmp_path, grace=grace)
    process = site.start_run_until_pages_wait(config)

    process.send_signal(signal.SIGTERM)
    told = time.monotonic()
    if hard_stop == "second-sigterm":
        time.sleep(0.2)
        process.send_signal(signal.SIGTERM)
        told = time.monotonic()
    _, stderr = process.communicate(timeout=RUN_TIMEOUT)
    took = time.monotonic() - told

    assert process.returncode == exit_codes.INTERRUPTED, stderr
    assert "Traceback" not in stderr
    grace_passed = f"stop_grace_seconds ({SHORT_GRACE_SECONDS:g} s) passed"
    assert ("second SIGTERM" if hard_stop == "second-sigterm" else grace_passed) in stderr
    assert took < HARD_STOP_SECONDS + (grace if hard_stop == "grace-deadline" else 0.0)
    assert len(stored(database)) < SERVED, "stopped before every downloaded page was extracted"
    assert_next_run_completes_the_rest_once(site, config, database)
