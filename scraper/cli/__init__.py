"""The `scraper` command: the only place errors become messages and exit codes.

scraper PAGE.html | NOTES.txt | - | URL …     print clean articles
scraper run | export | status | reextract     the cron job and its store
scraper discover URL                          the feeds and sitemaps a site offers
"""

from __future__ import annotations

import logging
import os
import signal
import sys
from collections.abc import Sequence

from scraper import errors
from scraper.cli import exit_codes
from scraper.cli.terminal import printable_line, without_credentials
from scraper.logs import configure_process_logging

JOB_COMMANDS = frozenset({"run", "export", "status", "reextract"})

_EXIT_CODES: tuple[tuple[type[errors.ScraperError], int], ...] = (
    (errors.ConfigError, exit_codes.USAGE),
    (errors.InputError, exit_codes.USAGE),
    (errors.FetchError, exit_codes.FETCH_FAILED),
    (errors.NoContentError, exit_codes.NO_CONTENT),
    (errors.LockHeldError, exit_codes.LOCKED),
)


def exit_code_for(error: errors.ScraperError) -> int:
    """Map an error to the documented exit code; anything unexpected is a failed run."""
    for error_type, code in _EXIT_CODES:
        if isinstance(error, error_type):
            return code
    return exit_codes.FAILED


def report(error: BaseException, *, about: str | None = None) -> None:
    """Print one line, never a traceback, to stderr; `about` names the input it concerns."""
    message = without_credentials(printable_line(str(error))) or type(error).__name__
    about = without_credentials(printable_line(about)) if about else None
    prefix = f"{about}: " if about and about not in message else ""
    print(f"scraper: error: {prefix}{message}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script."""
    args = list(sys.argv[1:] if argv is None else argv)
    # SIGTERM ends the command as Ctrl-C does: one line and exit 130, not a silent 143. (`scraper run`
    # routes both signals to its own graceful stop while it runs.)
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        if args and args[0] in JOB_COMMANDS:
            from scraper.cli import jobs

            return jobs.main(args[0], args[1:])
        if args and args[0] == "discover":
            from scraper.cli import discover

            return discover.main(args[1:])
        from scraper.cli import article

        return article.main(args)
    except errors.ScraperError as error:
        report(error)
        return exit_code_for(error)
    except KeyboardInterrupt:
        print("scraper: interrupted", file=sys.stderr)
        return exit_codes.INTERRUPTED
    except BrokenPipeError:
        # `scraper … | head` closed our stdout; not an error worth a message.
        sys.stderr.close()
        return exit_codes.OK
    except OSError as error:
        # Nothing below lets a bare OSError out but a failed write of our output (`> /dev/full`).
        _discard_stdout()
        report(OSError(f"cannot write the output: {error.strerror or error}"))
        return exit_codes.FAILED
    except MemoryError:
        report(MemoryError("out of memory"))
        return exit_codes.FAILED


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _discard_stdout() -> None:
    """Point stdout at /dev/null, so the interpreter's last flush of what could not be written fails silently."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # no stdout at all: nothing will be flushed
        pass


def configure_logging(level: str) -> None:
    """Send log records to stderr; the library itself only has a NullHandler."""
    configure_process_logging(logging.getLevelName(level.upper()))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
