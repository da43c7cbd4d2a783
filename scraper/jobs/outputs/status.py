"""`scraper status`: the last runs, the hosts that keep failing, the sources' last reads, and what
each `kind = "site"` source found on its site."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from scraper.store import HostFailures, RunRecord, SiteOfferRecord, SourceState, Store, StoreTotals

RECENT_RUNS = 10
FAILING_HOSTS = 20
SHOWN_COUNTS = ("new", "updated", "unchanged", "not_modified", "skipped", "failed")


@dataclass(frozen=True)
class StatusReport:
    """A snapshot of the store for an operator."""

    totals: StoreTotals
    runs: tuple[RunRecord, ...]
    failing_hosts: tuple[HostFailures, ...]
    sources: tuple[SourceState, ...]
    site_offers: tuple[SiteOfferRecord, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "totals": self.totals.to_dict(),
            "runs": [run.to_dict() for run in self.runs],
            "failing_hosts": [host.to_dict() for host in self.failing_hosts],
            "sources": [
                {
                    "source": state.source,
                    "url": state.url,
                    "last_read": state.last_read.isoformat() if state.last_read else None,
                    "failures": state.failures,
                    "last_error": state.last_error,
                }
                for state in self.sources
            ],
            "site_offers": [offer.to_dict() for offer in self.site_offers],
        }


def build_status(store: Store, now: datetime) -> StatusReport:
    """Read the status from the store (no lock needed: WAL lets this read beside a run)."""
    return StatusReport(
        totals=store.totals(now),
        runs=tuple(store.recent_runs(RECENT_RUNS)),
        failing_hosts=tuple(store.failing_hosts(FAILING_HOSTS)),
        sources=tuple(store.source_states()),
        site_offers=tuple(store.site_offers()),
    )


def format_status(report: StatusReport) -> str:
    """Plain text for a terminal or a mail."""
    totals = report.totals
    lines = [
        f"store: {totals.articles} articles, {totals.urls} URLs tracked, {totals.due} due now, "
        f"{totals.failing} failing",
        "",
        "last runs:",
    ]
    lines += [_run_line(run) for run in report.runs] or ["  (none yet)"]
    lines += ["", "failing hosts:"]
    lines += [
        f"  {host.host}: {host.failing_urls} URLs failing (up to {host.max_failures} times in a row), "
        f"next retry {_when(host.next_retry)}; last error: {host.last_error or '-'}"
        for host in report.failing_hosts
    ] or ["  (none)"]
    lines += ["", "sources:"]
    lines += [
        f"  {state.source}: {state.url} read {_when(state.last_read)}"
        + (f"; failing ({state.failures}): {state.last_error}" if state.failures else "")
        for state in report.sources
    ] or ["  (none read yet)"]
    if report.site_offers:
        lines += ["", "sites (feeds and sitemaps found):"]
        lines += [
            f"  {offer.source}: {offer.kind} {offer.url} (from {offer.found_via}, {_when(offer.found_at)})"
            for offer in report.site_offers
        ]
    return "\n".join(lines)


def _run_line(run: RunRecord) -> str:
    took = f"{(run.finished - run.started).total_seconds():.1f}s" if run.finished else "-"
    counts = ", ".join(f"{run.counts.get(name, 0)} {name.replace('_', ' ')}" for name in SHOWN_COUNTS)
    return f"  #{run.id} {run.command} {_when(run.started)} {run.status} ({took}): {counts}"


def _when(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S UTC") if moment else "never"
