"""The cron side of the scraper: `run`, `export`, `status` and `reextract` over a store.

Library code: it never prints or exits; `scraper.cli.jobs` turns its reports into output
and exit codes.

The names below are imported on first use, not with the package: crawler and extraction
processes import `scraper.jobs.engines.crawler` or `scraper.jobs.engines.extracting`, and loading this
package must not drag the feed and sitemap parsers, the exporters and the CLI's needs into
every one of them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from scraper.jobs.lock import RunLock
    from scraper.jobs.outputs.export import EXPORTERS
    from scraper.jobs.outputs.status import StatusReport, build_status, format_status
    from scraper.jobs.paths import JobPaths
    from scraper.jobs.reextract import ReextractJob
    from scraper.jobs.report import JobReport, Progress
    from scraper.jobs.run import RunJob

_HOMES = {
    "EXPORTERS": "scraper.jobs.outputs.export",
    "JobPaths": "scraper.jobs.paths",
    "JobReport": "scraper.jobs.report",
    "Progress": "scraper.jobs.report",
    "ReextractJob": "scraper.jobs.reextract",
    "RunJob": "scraper.jobs.run",
    "RunLock": "scraper.jobs.lock",
    "StatusReport": "scraper.jobs.outputs.status",
    "build_status": "scraper.jobs.outputs.status",
    "format_status": "scraper.jobs.outputs.status",
}
"""Where each public name lives."""

__all__ = [
    "EXPORTERS",
    "JobPaths",
    "JobReport",
    "Progress",
    "ReextractJob",
    "RunJob",
    "RunLock",
    "StatusReport",
    "build_status",
    "format_status",
]


def __getattr__(name: str) -> Any:
    """Import a public name from its module the first time it is asked for (PEP 562)."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
