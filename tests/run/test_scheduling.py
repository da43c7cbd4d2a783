"""Backoff, the run lock, and how outcomes are classified and keyed."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from scraper import errors
from scraper.config import RunConfig, config_from_mapping
from scraper.errors import ConfigError, LockHeldError
from scraper.jobs import JobPaths, RunJob
from scraper.jobs.lock import RunLock
from scraper.jobs.pages import CHECKS_PER_COMMIT, PageRecorder, canonical_for, classify_fetch_error
from scraper.jobs.report import Tally
from scraper.jobs.schedule import Schedule
from scraper.models import FetchResult
from scraper.store import DiscoveredUrl, FetchUpdate, SQLiteStore

NOW = datetime(2026, 11, 27, tzinfo=UTC)


def test_backoff_doubles_with_each_failure_and_is_capped() -> None:
    schedule = Schedule.from_config(
        RunConfig(recheck_interval_minutes=60, failure_backoff_minutes=30, failure_backoff_max_minutes=240)
    )

    waits = [schedule.after_failure(NOW, failures) - NOW for failures in (1, 2, 3, 4, 5, 500)]

    assert waits == [timedelta(minutes=minutes) for minutes in (30, 60, 120, 240, 240, 240)]
    assert schedule.after_success(NOW) - NOW == timedelta(hours=1)


def test_a_second_lock_fails_at_once_and_the_lock_is_free_after_release(tmp_path: Path) -> None:
    path = tmp_path / "run.lock"
    with RunLock(path), pytest.raises(LockHeldError, match="pid"):
        RunLock(path).acquire()
    with RunLock(path):
        pass


def test_the_lock_is_released_when_its_holder_dies(tmp_path: Path) -> None:
    path = tmp_path / "run.lock"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(
                f"""
                import fcntl, os, sys, time
                handle = open({str(path)!r}, "w")
                fcntl.flock(handle, fcntl.LOCK_EX)
                print("locked", flush=True)
                time.sleep(60)
                """
            ),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    with pytest.raises(LockHeldError):
        RunLock(path).acquire()

    holder.kill()
    holder.wait()

    with RunLock(path):
        pass


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (errors.HTTPStatusError("gone", url="u", status=410), ("failed", "http-410")),
        (errors.TimeoutError("slow", url="u"), ("failed", "timeout")),
        (errors.TransportError("reset", url="u"), ("failed", "network")),
        (errors.TooLargeError("big", url="u"), ("failed", "too-large")),
        (errors.RobotsDisallowedError("no", url="u"), ("skipped", "robots")),
        (errors.RobotsUnavailableError("robots.txt answered 503", url="u"), ("failed", "robots-unavailable")),
        (errors.ContentTypeError("pdf", url="u", content_type="application/pdf"), ("skipped", "not-html")),
        (errors.FetchError("odd", url="u"), ("failed", "fetch")),
    ],
)
def test_fetch_errors_are_skips_or_failures_with_a_reason(error: errors.FetchError, expected: tuple[str, str]) -> None:
    assert classify_fetch_error(error) == expected


def test_fetch_states_are_committed_a_batch_at_a_time_and_the_rest_at_the_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = SQLiteStore.open(tmp_path / "scraper.sqlite3")
    store.add_urls("s", (DiscoveredUrl(f"http://a.example/{index}") for index in range(1200)), NOW)
    due = store.due_urls(NOW, sources=["s"], after_id=0, limit=2000)
    commits: list[int] = []
    commit = store.record_checks

    def counted(updates: list[FetchUpdate]) -> None:
        commits.append(len(updates))
        commit(updates)

    monkeypatch.setattr(store, "record_checks", counted)
    recorder = PageRecorder(store, Schedule.from_config(RunConfig()), Tally(), lambda: NOW)
    not_modified = FetchResult(
        url="", final_url="", status=304, headers={}, html="", encoding="utf-8", encoding_source="none",
        fetched_at=NOW, elapsed=0.0, etag='"v1"', not_modified=True,
    )  # fmt: skip

    for url in due:
        recorder.not_modified(url, not_modified)
        recorder.commit_if_due()
    recorder.commit()

    assert commits == [CHECKS_PER_COMMIT, CHECKS_PER_COMMIT, 1200 - 2 * CHECKS_PER_COMMIT]
    assert list(store.iter_due_urls(NOW, sources=["s"])) == []
    store.close()


@pytest.mark.parametrize(
    ("declared", "page", "expected"),
    [
        (None, "https://a.example/n/1?utm_source=x", "https://a.example/n/1"),
        ("/n/1", "https://a.example/amp/n/1", "https://a.example/n/1"),
        ("https://a.example/", "https://a.example/n/1", "https://a.example/n/1"),
        ("https://a.example/", "https://a.example/", "https://a.example/"),
        ("javascript:void(0)", "https://a.example/n/1", "https://a.example/n/1"),
        ("http://a.example:99999/", "https://a.example/n/1", "https://a.example/n/1"),
    ],
)
def test_canonical_url_is_used_unless_it_would_merge_a_site_into_one_article(
    declared: str | None, page: str, expected: str
) -> None:
    assert canonical_for(declared, page) == expected


def test_two_sources_with_one_name_are_a_config_error(tmp_path: Path) -> None:
    source = {"name": "news", "kind": "urls", "urls": ["https://a.example/1"]}
    config = config_from_mapping({"sources": [source, source]})

    with SQLiteStore.open(tmp_path / "store.sqlite3") as store, pytest.raises(ConfigError, match="'news'"):
        RunJob(config, store, paths=JobPaths.from_config(config))
