"""The hostile-input corpus: each case builds its bad input with a small generator, runs the real
`scraper` command in a subprocess, and ends in the expected result, or in one line on stderr and
the documented exit code, within CASE_SECONDS.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from tests.run.conftest import scraper_command, scraper_env

CASE_SECONDS = 30.0
"""Every case finishes well inside this; passing it means the command hung (subprocess.run raises)."""


@dataclass(frozen=True)
class Outcome:
    """How a `scraper` subprocess ended."""

    code: int
    stdout: str
    stderr: str

    def assert_one_line_error(self, code: int, *fragments: str) -> None:
        """The run failed with `code` and said why in exactly one line: no traceback, no extra noise."""
        lines = self.stderr.splitlines()
        assert self.code == code, f"exit {self.code}, stderr: {self.stderr!r}"
        assert len(lines) == 1, f"expected one line on stderr, got: {self.stderr!r}"
        assert lines[0].startswith("scraper: error: "), lines[0]
        for fragment in fragments:
            assert fragment in lines[0], f"{fragment!r} not in {lines[0]!r}"


def run_scraper(
    *args: str, cwd: Path, stdin: int | IO[Any] | None = subprocess.DEVNULL, stdout: int | IO[Any] = subprocess.PIPE
) -> Outcome:
    """Run `python -m scraper ARGS` to its end (or fail the case after CASE_SECONDS)."""
    done = subprocess.run(
        scraper_command(*args),
        cwd=cwd,
        env=scraper_env(),
        stdin=stdin,
        stdout=stdout,
        stderr=subprocess.PIPE,
        timeout=CASE_SECONDS,
    )
    decoded = done.stdout.decode("utf-8", "replace") if isinstance(done.stdout, bytes) else ""
    return Outcome(done.returncode, decoded, done.stderr.decode("utf-8", "replace"))
