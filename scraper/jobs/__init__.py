"""The cron side of the scraper: `run`, `export`, `status` and `reextract` over a store.

Library code: it never prints or exits; `scraper.cli.jobs` turns its reports into output
and exit codes.
"""

from scraper.jobs.export import EXPORTERS
from scraper.jobs.lock import RunLock
from scraper.jobs.paths import JobPaths
from scraper.jobs.reextract import ReextractJob
from scraper.jobs.report import JobReport, Progress
from scraper.jobs.run import RunJob
from scraper.jobs.status import StatusReport, build_status, format_status

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
