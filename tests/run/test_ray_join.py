"""Joining through a Ray Client server: an aborted initialisation is tried again, every other failure is final."""

from __future__ import annotations

import time

import pytest

from scraper.jobs.engines import ray_join
from scraper.jobs.engines.ray_join import JOIN_ATTEMPTS, join_with_retries


class Join:
    """A stand-in for `ray.init`: raises the given errors in turn, then returns."""

    def __init__(self, *errors: BaseException) -> None:
        self.errors = list(errors)
        self.calls = 0

    def __call__(self) -> None:
        self.calls += 1
        if self.errors:
            raise self.errors.pop(0)


@pytest.fixture(autouse=True)
def no_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ray_join, "JOIN_RETRY_SECONDS", 0.0)


def far() -> float:
    return time.monotonic() + 60.0


def test_an_aborted_initialisation_is_tried_again() -> None:
    join = Join(ConnectionAbortedError("Initialization failure from server:\n"))
    join_with_retries(join, deadline=far())
    assert join.calls == 2


def test_a_server_that_keeps_aborting_gives_up_after_a_few_attempts() -> None:
    join = Join(*(ConnectionAbortedError("Initialization failure from server") for _ in range(JOIN_ATTEMPTS + 2)))
    with pytest.raises(ConnectionAbortedError):
        join_with_retries(join, deadline=far())
    assert join.calls == JOIN_ATTEMPTS


@pytest.mark.parametrize(
    "error", [ConnectionError("ray client connection timeout"), RuntimeError("Version mismatch"), KeyboardInterrupt()]
)
def test_every_other_failure_is_final_at_once(error: BaseException) -> None:
    join = Join(error)
    with pytest.raises(type(error)):
        join_with_retries(join, deadline=far())
    assert join.calls == 1


def test_no_attempt_is_made_again_once_the_deadline_has_passed() -> None:
    join = Join(ConnectionAbortedError("Initialization failure from server"))
    with pytest.raises(ConnectionAbortedError):
        join_with_retries(join, deadline=time.monotonic() - 1.0)
    assert join.calls == 1
