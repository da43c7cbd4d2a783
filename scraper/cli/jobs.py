"""`scraper run | export | status | reextract`: the cron job and its store, from the command line.

Output policy, made for cron (which mails whatever a job prints): on a terminal, a live
progress bar and one summary line on stderr; elsewhere, nothing at all on success, and the
one summary line on stderr when some pages or sources failed or the run was interrupted —
so the mail says what went wrong and a quiet mailbox means all is well. `--summary` prints
the line after every run (for systemd's journal). Logs go to stderr at `--log-level`.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import logging
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from datetime import UTC, datetime, timedelta

from scraper.cli import configure_logging, exit_codes
from scraper.cli.conventions import printed_help
from scraper.cli.output import open_output
from scraper.cli.terminal import escaped_json, printable_block, without_credentials
from scraper.config import ENGINES, Config, load_config
from scraper.jobs import (
    EXPORTERS,
    JobPaths,
    JobReport,
    RunJob,
    build_status,
    format_status,
)
from scraper.jobs import Progress as JobProgress
from scraper.jobs.stores import open_existing_store, open_store, run_lock

LOG_LEVELS = ("debug", "info", "warning", "error")
DEFAULT_LOG_LEVEL = "warning"

_STATUS_EXIT_CODES = {
    "ok": exit_codes.OK,
    "partial": exit_codes.PARTIAL,
    "interrupted": exit_codes.INTERRUPTED,
    "failed": exit_codes.FAILED,
}

_RELATIVE_SINCE = re.compile(r"^(\d+(?:\.\d+)?)([mhdw])$")
_UNIT_MINUTES = {"m": 1, "h": 60, "d": 60 * 24, "w": 60 * 24 * 7}


def main(command: str, argv: list[str]) -> int:
    """Run one job command and return its exit code."""
    parser = _parser(command)
    if printed_help(parser, argv):
        return exit_codes.OK
    args = parser.parse_args(argv)
    configure_logging(args.log_level)
    if args.log_level != "debug":
        # httpx logs every request at INFO; thousands of lines a run drown the ones that matter.
        logging.getLogger("httpx").setLevel(logging.WARNING)
    config = load_config(args.config)
    if getattr(args, "engine", None):
        config = dataclasses.replace(config, run=dataclasses.replace(config.run, engine=args.engine))
    paths = JobPaths.from_config(config)
    handlers: dict[str, Callable[[argparse.Namespace, Config, JobPaths], int]] = {
        "run": _run,
        "reextract": _reextract,
        "export": _export,
        "status": _status,
    }
    return handlers[command](args, config, paths)


def _parser(command: str) -> argparse.ArgumentParser:
    descriptions = {
        "run": "Discover new URLs from the configured sources, fetch what is due and store the articles.",
        "reextract": "Run the extractor again over the raw pages kept in the WARC archive.",
        "export": "Stream stored articles as JSON Lines, CSV or Markdown.",
        "status": "Show the last runs, failing hosts and sources.",
    }
    parser = argparse.ArgumentParser(prog=f"scraper {command}", description=descriptions[command])
    parser.add_argument("--config", help="config file (default: $SCRAPER_CONFIG or ./config.toml)")
    parser.add_argument("--log-level", choices=LOG_LEVELS, default=DEFAULT_LOG_LEVEL, help="log to stderr from here up")
    if command in ("run", "reextract"):
        parser.add_argument("--summary", action="store_true", help="print the summary line even on success")
        parser.add_argument("--engine", choices=ENGINES, help="where the work runs (default: [run] engine)")
    if command == "export":
        parser.add_argument("--format", choices=sorted(EXPORTERS), default="jsonl", help="output format")
        parser.add_argument(
            "--since", type=_parse_since, help="only articles new or changed since DATE (ISO 8601, or 30m/12h/7d/2w)"
        )
        parser.add_argument("--source", help="only articles from this source")
        parser.add_argument("--output", help="write here (atomically) instead of stdout")
    if command == "status":
        parser.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    return parser


def _parse_since(text: str) -> datetime:
    relative = _RELATIVE_SINCE.match(text.strip())
    if relative:
        amount, unit = relative.groups()
        try:
            return datetime.now(UTC) - timedelta(minutes=float(amount) * _UNIT_MINUTES[unit])
        except OverflowError:
            raise argparse.ArgumentTypeError(f"reaches before the year 1: {text!r}") from None
    try:
        value = datetime.fromisoformat(text.strip())
    except (ValueError, OverflowError):
        raise argparse.ArgumentTypeError(f"not a date, a date-time or a duration like 7d: {text!r}") from None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def _run(args: argparse.Namespace, config: Config, paths: JobPaths) -> int:
    with run_lock(paths), closing(open_store(paths)) as store, _progress_bar("run") as on_progress:
        report = asyncio.run(RunJob(config, store, paths=paths, on_progress=on_progress).run())
    return _finish(report, always=args.summary)


def _reextract(args: argparse.Namespace, config: Config, paths: JobPaths) -> int:
    # Imported here: its process pool machinery would slow the start of every `scraper run`.
    from scraper.jobs.reextract import ReextractJob

    with run_lock(paths), closing(open_store(paths)) as store, _progress_bar("reextract") as on_progress:
        report = asyncio.run(ReextractJob(config, store, on_progress=on_progress).run())
    return _finish(report, always=args.summary)


def _finish(report: JobReport, *, always: bool) -> int:
    if always or report.status != "ok" or sys.stderr.isatty():
        print(report.summary(), file=sys.stderr)
    return _STATUS_EXIT_CODES[report.status]


def _export(args: argparse.Namespace, config: Config, paths: JobPaths) -> int:
    # closing(): a write that fails part-way must end the article stream while its store is still open.
    with (
        closing(open_existing_store(paths)) as store,
        closing(store.iter_articles(since=args.since, source=args.source)) as articles,
    ):
        write = EXPORTERS[args.format]
        if args.output is None:
            count = write(articles, sys.stdout)
            sys.stdout.flush()
        else:
            with open_output(args.output) as out:
                count = write(articles, out)
    if sys.stderr.isatty():
        print(f"scraper export: {count} articles", file=sys.stderr)
    return exit_codes.OK


def _status(args: argparse.Namespace, config: Config, paths: JobPaths) -> int:
    with closing(open_existing_store(paths)) as store:
        report = build_status(store, datetime.now(UTC))
    if args.format == "json":
        print(escaped_json(json.dumps(report.to_dict(), indent=2, ensure_ascii=False)))
    else:
        print(without_credentials(printable_block(format_status(report))))
    return exit_codes.OK


@contextmanager
def _progress_bar(command: str) -> Iterator[Callable[[JobProgress], None] | None]:
    """A rich progress bar with live counts on a terminal; no callback at all elsewhere."""
    if not sys.stderr.isatty():
        yield None
        return
    # Imported here: cron runs off a terminal and never draws a bar.
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (
        TextColumn(f"scraper {command}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.fields[counts]}"),
    )
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(command, total=None, counts="")

        def update(progress: JobProgress) -> None:
            counts = progress.counts
            # Only the counts that moved: the bar must fit an 80-column terminal.
            shown = ", ".join(
                f"{counts[name]} {name.replace('_', ' ')}"
                for name in ("new", "updated", "unchanged", "not_modified", "skipped", "failed")
                if counts.get(name)
            )
            bar.update(task, completed=progress.done, total=progress.total or None, counts=shown)

        yield update
