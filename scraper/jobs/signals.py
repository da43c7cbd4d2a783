"""Graceful stops: the first SIGINT/SIGTERM stops scheduling, a second one (or the grace period) abandons.

Stopping cancels the stages that start new work (discovery, the fetch loop: requests in
flight are dropped and stay due); the stage that finishes work (extracting and saving pages
already fetched) runs on until done or abandoned.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from scraper.jobs.tasks import outcome_unless_cancelled

logger = logging.getLogger(__name__)

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)

T = TypeVar("T")


class StopControl:
    """Tracks whether a job should stop taking work, and abandons in-flight work when patience runs out."""

    def __init__(self, grace_seconds: float) -> None:
        self.grace_seconds = grace_seconds
        self.stopping = False
        self.interrupted = False
        self.reason = ""
        self._abandon: Callable[[], object] | None = None
        self._timer: asyncio.TimerHandle | None = None
        self._stoppable: set[asyncio.Future[Any]] = set()
        self._on_stop: list[Callable[[], object]] = []

    def install(self, loop: asyncio.AbstractEventLoop, abandon: Callable[[], object]) -> None:
        """Route SIGINT/SIGTERM to this control; `abandon` cancels whatever is still running."""
        self._abandon = abandon
        self.take_back_signals(loop)

    def take_back_signals(self, loop: asyncio.AbstractEventLoop) -> None:
        """Route SIGINT/SIGTERM here again, over handlers a library installed since: connecting to Ray
        installs its core worker's own, which aborts the process on SIGTERM (measured with Ray 2.60)."""
        for signum in STOP_SIGNALS:
            loop.add_signal_handler(signum, self._on_signal, signum)

    def uninstall(self, loop: asyncio.AbstractEventLoop) -> None:
        """Give the signals back to their default handlers."""
        for signum in STOP_SIGNALS:
            loop.remove_signal_handler(signum)
        if self._timer is not None:
            self._timer.cancel()

    def _on_signal(self, signum: int) -> None:
        name = signal.Signals(signum).name
        if self.interrupted:
            logger.warning("second %s: abandoning work in flight", name)
            self.abandon()
            return
        self.interrupted = True
        self.request_stop(f"{name} received")

    def request_stop(self, reason: str) -> None:
        """Stop scheduling new work; abandon what is in flight after the grace period."""
        if self.stopping:
            return
        self.stopping = True
        self.reason = reason
        logger.warning("%s: finishing work in flight (up to %.0f s)", reason, self.grace_seconds)
        self._timer = asyncio.get_running_loop().call_later(self.grace_seconds, self._grace_over)
        for stage in self._stoppable:
            stage.cancel()
        for callback in self._on_stop:
            callback()

    def when_stopping(self, callback: Callable[[], object]) -> None:
        """Call `callback` when a stop is asked for (at once if it already was): work in other processes
        cannot be cancelled, only told to stop."""
        if self.stopping:
            callback()
        else:
            self._on_stop.append(callback)

    async def unless_stopped(self, stage: Awaitable[T]) -> T | None:
        """Run a stage that a stop cancels at once; None if it was stopped (or never started)."""
        if self.stopping:
            if asyncio.iscoroutine(stage):
                stage.close()
            return None
        task = asyncio.ensure_future(stage)
        self._stoppable.add(task)
        try:
            return await outcome_unless_cancelled(task)
        finally:
            self._stoppable.discard(task)

    def _grace_over(self) -> None:
        logger.warning("stop_grace_seconds (%g s) passed: abandoning work in flight", self.grace_seconds)
        self.abandon()

    def abandon(self) -> None:
        """Cancel the work in flight now."""
        if self._abandon is not None:
            self._abandon()
