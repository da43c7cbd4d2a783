"""The retry policy, built in one function from tenacity parts."""

from __future__ import annotations

import asyncio
import email.utils
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, ParamSpec, TypeVar

from tenacity import (
    DoAttempt,
    DoSleep,
    RetryCallState,
    Retrying,
    retry_if_exception,
    retry_if_result,
    stop_after_attempt,
    wait_exponential_jitter,
)
from tenacity.wait import wait_base

from scraper.config import FetchConfig
from scraper.fetching.translate import is_transient

log = logging.getLogger(__name__)

Sleep = Callable[[float], Awaitable[None]]

P = ParamSpec("P")
T = TypeVar("T")

RETRY_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})
"""Statuses that say "not now" rather than "no": timeouts, throttling, overload, bad gateways."""


@dataclass(frozen=True)
class RetryableStatus:
    """A response that may succeed if asked again, with the server's Retry-After in seconds."""

    url: str
    status: int
    retry_after: float | None = None


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header: delay-seconds or an HTTP date (RFC 9110 §10.2.3)."""
    if value is None:
        return None
    value = value.strip()
    # isascii(): str.isdigit() also accepts digits such as "²" or "٣", which float() rejects.
    if value.isascii() and value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class wait_retry_after(wait_base):  # noqa: N801 - named like the tenacity parts it is combined with
    """Wait as long as the server's Retry-After asks, and never less than the backoff."""

    def __init__(self, backoff: wait_base) -> None:
        self.backoff = backoff

    def __call__(self, retry_state: RetryCallState) -> float:
        backoff = self.backoff(retry_state)
        outcome = retry_state.outcome
        if outcome is None or outcome.failed:
            return backoff
        result = outcome.result()
        if isinstance(result, RetryableStatus) and result.retry_after is not None:
            return max(backoff, result.retry_after)
        return backoff


@dataclass(frozen=True)
class RetryPolicy:
    """tenacity's decisions (stop, wait, retry, reraise, logging) driven by an asyncio loop.

    tenacity's AsyncRetrying makes the same decisions, but asks on every step
    whether each hook is a coroutine function, through `inspect`: about 10 µs
    of CPU a page, a twentieth of a 304's whole cost. The hooks here are all
    synchronous, so the synchronous controller decides and only the attempt and
    the sleep are awaited.
    """

    decisions: Retrying
    sleep: Sleep
    retries_result: Callable[[Any], bool]
    """The policy's own test of a returned value (the `retry_if_result` part of `decisions`)."""
    retries_error: Callable[[BaseException], bool]
    """The policy's own test of a raised error (the `retry_if_exception` part of `decisions`)."""

    async def __call__(self, attempt: Callable[P, Awaitable[T]], *args: P.args, **kwargs: P.kwargs) -> T:
        """Run `attempt` until tenacity's decisions return its result or raise."""
        try:
            result = await attempt(*args, **kwargs)
        except Exception as exc:
            if not self.retries_error(exc):
                raise
            first = RetryCallState(self.decisions, fn=None, args=(), kwargs={})
            first.set_exception((type(exc), exc, exc.__traceback__))
        else:
            if not self.retries_result(result):
                # Nearly every page: the policy's own tests say there is nothing to retry, so tenacity's
                # record of the outcome (a concurrent.futures.Future with its lock, ~20 µs) and the
                # per-call controller are never built.
                return result
            first = RetryCallState(self.decisions, fn=None, args=(), kwargs={})
            first.set_result(result)
        controller = self.decisions.copy()  # a controller keeps the state of one call
        controller.begin()
        state = RetryCallState(controller, fn=None, args=(), kwargs={})
        pending_first: RetryCallState | None = first
        while True:
            action = controller.iter(state)
            if isinstance(action, DoAttempt):
                if pending_first is not None:
                    state.outcome, state.outcome_timestamp = pending_first.outcome, pending_first.outcome_timestamp
                    pending_first = None
                else:
                    await _record(state, attempt, *args, **kwargs)
            elif isinstance(action, DoSleep):
                state.prepare_for_next_attempt()
                await self.sleep(action)
            else:
                return action


async def _record(state: RetryCallState, attempt: Callable[P, Awaitable[T]], *args: P.args, **kwargs: P.kwargs) -> None:
    """Run one attempt and keep its result or exception in `state`."""
    try:
        state.set_result(await attempt(*args, **kwargs))
    except BaseException as exc:  # the decisions re-raise what is not worth retrying, as tenacity does
        state.set_exception((type(exc), exc, exc.__traceback__))


def build_retrying(config: FetchConfig, *, sleep: Sleep = asyncio.sleep) -> RetryPolicy:
    """Retry transient network errors and "not now" statuses with jittered exponential backoff.

    A Retry-After longer than `retry_after_cap` is not waited for: the status
    is returned at once and the caller fails the page. When attempts run out,
    tenacity raises RetryError around the last RetryableStatus, which the
    caller translates.
    """

    def worth_retrying(result: Any) -> bool:
        return isinstance(result, RetryableStatus) and (
            result.retry_after is None or result.retry_after <= config.retry_after_cap
        )

    decisions = Retrying(
        stop=stop_after_attempt(config.retries + 1),
        wait=wait_retry_after(
            wait_exponential_jitter(
                multiplier=config.backoff_initial, max=config.backoff_max, jitter=config.backoff_initial
            )
        ),
        retry=retry_if_exception(is_transient) | retry_if_result(worth_retrying),
        reraise=True,
        before_sleep=_log_retry,
    )
    return RetryPolicy(decisions, sleep, retries_result=worth_retrying, retries_error=is_transient)


def _log_retry(retry_state: RetryCallState) -> None:
    outcome = retry_state.outcome
    reason = outcome.exception() if outcome is not None and outcome.failed else outcome.result() if outcome else None
    wait = retry_state.next_action.sleep if retry_state.next_action else 0.0
    log.info("attempt %d failed (%s); retrying in %.2f s", retry_state.attempt_number, reason, wait)
