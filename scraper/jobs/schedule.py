"""When a tracked URL is checked next: a steady recheck interval, or backoff after failures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from scraper.config import RunConfig


@dataclass(frozen=True)
class Schedule:
    """The recheck interval and the capped exponential failure backoff of a run."""

    recheck: timedelta
    backoff: timedelta
    backoff_max: timedelta

    @classmethod
    def from_config(cls, config: RunConfig) -> Schedule:
        return cls(
            recheck=timedelta(minutes=config.recheck_interval_minutes),
            backoff=timedelta(minutes=config.failure_backoff_minutes),
            backoff_max=timedelta(minutes=config.failure_backoff_max_minutes),
        )

    def after_success(self, now: datetime) -> datetime:
        """A page that answered (200 or 304) is checked again after the recheck interval."""
        return now + self.recheck

    def after_failure(self, now: datetime, failures: int) -> datetime:
        """The n-th failure in a row waits backoff * 2**(n-1), capped at backoff_max."""
        exponent = max(failures - 1, 0)
        # Compare before multiplying: 2**exponent grows without bound on a URL that fails for months.
        if exponent >= 32 or self.backoff * (2**exponent) > self.backoff_max:
            return now + self.backoff_max
        return now + self.backoff * (2**exponent)


def recheck_cutoff(config: RunConfig, now: datetime) -> datetime | None:
    """Pages last checked (successfully) before this are due now, whatever next_due they were given.

    next_due is fixed when a page is checked, by the interval in force then; without this, a
    shorter recheck_interval_minutes would start to count only once the old interval had passed
    (a day, by default). None when the interval reaches back past the calendar's start.
    """
    try:
        return now - timedelta(minutes=config.recheck_interval_minutes)
    except OverflowError:
        return None
