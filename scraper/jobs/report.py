"""What a job did: counts by outcome and reason, and the one-line summary an operator reads."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from scraper.jobs.discovery.discover import SourceReport
from scraper.store import RunStatus

PageOutcome = Literal["new", "updated", "unchanged", "not_modified", "skipped", "failed"]

OUTCOMES: tuple[PageOutcome, ...] = ("new", "updated", "unchanged", "not_modified", "skipped", "failed")
"""Every page checked ends in exactly one of these; the summary lists them in this order."""

REASON_SEPARATOR = "."
"""Counts are flat: "failed" and "failed.http-500" side by side, so they store as plain JSON."""


class Tally:
    """Counts pages by outcome and reason while a job runs."""

    def __init__(self) -> None:
        self._counts: Counter[str] = Counter()

    def add(self, outcome: PageOutcome, reason: str | None = None) -> None:
        """Count one page."""
        self._counts[outcome] += 1
        if reason:
            self._counts[f"{outcome}{REASON_SEPARATOR}{reason}"] += 1

    def add_sources(self, reports: tuple[SourceReport, ...]) -> None:
        """Count what discovery found."""
        self._counts["discovered"] += sum(report.added for report in reports)
        self._counts["sources_read"] += sum(1 for report in reports if not report.not_due and not report.errors)
        self._counts["sources_failed"] += sum(1 for report in reports if report.errors)

    @property
    def done(self) -> int:
        """Pages checked so far."""
        return sum(self._counts[outcome] for outcome in OUTCOMES)

    def snapshot(self) -> dict[str, int]:
        """A copy of the counts, for progress and the run record."""
        return dict(self._counts)


@dataclass(frozen=True)
class Progress:
    """A live view of a running job, for a progress bar."""

    done: int
    total: int
    counts: Mapping[str, int]


@dataclass(frozen=True)
class JobReport:
    """How a job (run or reextract) ended."""

    run_id: int
    command: str
    status: RunStatus
    counts: Mapping[str, int]
    started: datetime
    finished: datetime
    sources: tuple[SourceReport, ...] = ()
    stop_reason: str = ""

    @property
    def has_failures(self) -> bool:
        """Whether any page or source failed."""
        return bool(self.counts.get("failed") or self.counts.get("sources_failed"))

    def summary(self) -> str:
        """One line: new / updated / unchanged / not modified / skipped / failed by reason, and sources."""
        seconds = (self.finished - self.started).total_seconds()
        parts = [f"{self.counts.get(outcome, 0)} {outcome.replace('_', ' ')}" for outcome in OUTCOMES]
        for index, outcome in enumerate(OUTCOMES):
            reasons = _reasons(self.counts, outcome)
            if reasons:
                parts[index] += f" ({reasons})"
        line = f"scraper {self.command}: {self.status} in {seconds:.1f}s: " + ", ".join(parts)
        if self.command == "run":
            line += f"; {self.counts.get('discovered', 0)} new URLs"
            failed_sources = [f"{report.name}: {report.errors[0]}" for report in self.sources if report.errors]
            if failed_sources:
                line += f"; sources failed: {'; '.join(failed_sources)}"
        if self.stop_reason:
            line += f"; stopped early: {self.stop_reason}"
        return line


def _reasons(counts: Mapping[str, int], outcome: str) -> str:
    prefix = f"{outcome}{REASON_SEPARATOR}"
    found = sorted(((key[len(prefix) :], value) for key, value in counts.items() if key.startswith(prefix)))
    return ", ".join(f"{reason} {value}" for reason, value in found)
