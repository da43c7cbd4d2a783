"""Joining a Ray cluster through its Ray Client server, again when the server could not take the connection.

For each new connection the Ray Client server starts a server process of that client's own. When that
process fails to come up, the connection ends before `ray.init` gets its answer, and the Ray Client
raises ConnectionAbortedError ("Initialization failure from server"); the next connection gets a new
process. Seen once in four runs of this project's test suite on a loaded machine (stop 26), while the
same join alone succeeded every time. Any other error (nobody listening, a refused token, a version
mismatch) is final at once; a join with "auto" never aborts this way, so it goes through the same call.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from tenacity import Retrying, retry_if_exception_type, stop_after_attempt, stop_after_delay, wait_fixed

JOIN_ATTEMPTS = 3
JOIN_RETRY_SECONDS = 1.0
"""A few attempts a second apart: a server that failed three times running is not starting for us."""


def join_with_retries(join: Callable[[], object], *, deadline: float) -> None:
    """Call `join` (a `ray.init` joining a cluster) until it succeeds, fails otherwise than by an
    aborted initialisation, has been tried JOIN_ATTEMPTS times, or `deadline` (time.monotonic()) passes."""
    retrying = Retrying(
        retry=retry_if_exception_type(ConnectionAbortedError),
        stop=stop_after_attempt(JOIN_ATTEMPTS) | stop_after_delay(max(0.0, deadline - time.monotonic())),
        wait=wait_fixed(JOIN_RETRY_SECONDS),
        reraise=True,
    )
    retrying(join)
