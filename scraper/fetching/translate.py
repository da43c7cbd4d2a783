"""The one place httpx and httpcore exceptions become scraper errors.

httpx/httpcore timeouts          -> TimeoutError       (retried)
the per-page deadline            -> TimeoutError       (not retried)
other network and protocol faults -> TransportError     (retried)
an unusable URL                  -> FetchError
"""

from __future__ import annotations

import builtins
from collections.abc import Iterator
from contextlib import contextmanager

import httpcore
import httpx

from scraper.errors import FetchError, TimeoutError, TransportError

_TIMEOUTS = (httpx.TimeoutException, httpcore.TimeoutException)
_TRANSIENT = (httpx.TransportError, httpcore.NetworkError, httpcore.ProtocolError, httpcore.ProxyError)
_BAD_URL = (httpx.InvalidURL, httpx.UnsupportedProtocol, httpcore.UnsupportedProtocol)


@contextmanager
def translating(url: str, *, deadline: float) -> Iterator[None]:
    """Re-raise third-party exceptions from the block as FetchErrors carrying `url`."""
    try:
        yield
    except FetchError as exc:
        # Raised in the connection pool (the address guard), before the URL was known.
        if exc.url is None:
            exc.url = url
        raise
    except builtins.TimeoutError as exc:
        raise TimeoutError(f"gave up after the page took longer than {deadline:g} s in all", url=url) from exc
    except _BAD_URL as exc:
        raise FetchError(f"cannot fetch this URL: {exc}", url=url) from exc
    except _TIMEOUTS as exc:
        raise TimeoutError(f"timed out: {_describe(exc)}", url=url) from exc
    except _TRANSIENT as exc:
        raise TransportError(f"network error: {_describe(exc)}", url=url) from exc
    except (httpx.HTTPError, httpx.StreamError) as exc:
        raise FetchError(f"request failed: {_describe(exc)}", url=url) from exc


def is_transient(error: BaseException) -> bool:
    """True for network failures worth another attempt.

    Not the per-page deadline (another try would take as long), nor a body in
    a coding we cannot read (it would come back the same).
    """
    return isinstance(error, TransportError) and isinstance(error.__cause__, _TIMEOUTS + _TRANSIENT)


def _describe(exc: Exception) -> str:
    return str(exc) or type(exc).__name__
