"""Logging for the command and for every process it starts (crawlers, extraction workers).

The library itself only adds a NullHandler; this is for the `scraper` command's processes.
"""

from __future__ import annotations

import logging

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
"""One format for the log lines of the command and of every process it starts."""

PAGE_CRITICS = ("bs4", "trafilatura", "htmldate", "courlan")
"""Libraries that log a WARNING about the page they are handed (bytes that do not decode, odd markup):
remarks on the input, not faults, and noise in cron's mail; shown from the info level down."""


def configure_process_logging(level: int) -> None:
    """Send log records to stderr at `level`, the page critics' remarks only from INFO down."""
    logging.basicConfig(level=level, format=LOG_FORMAT)
    if level >= logging.WARNING:
        for name in PAGE_CRITICS:
            logging.getLogger(name).setLevel(logging.ERROR)
