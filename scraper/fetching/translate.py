"""The one place httpx and aiohttp exceptions become scraper errors.

aiohttp timeouts (connect, read)      -> TimeoutError       (retried)
the per-page deadline                 -> TimeoutError       (not retried)
other network and protocol faults     -> TransportError     (retried)
a response aiohttp cannot parse       -> TransportError     (not retried)
an unusable URL                       -> FetchError

httpx-aiohttp re-raises aiohttp's exceptions as httpx ones, but maps some
loosely (a server that hangs up becomes `httpx.ConnectTimeout`), so the
aiohttp exception it chains, when there is one, decides.
"""

from __future__ import annotations

import builtins
from collections.abc import Iterator
from contextlib import contextmanager

import aiohttp
import httpx

from scraper.errors import FetchError, TimeoutError, TransportError

_AIOHTTP_BAD_URL = (aiohttp.InvalidURL, aiohttp.NonHttpUrlClientError)
_AIOHTTP_TIMEOUTS = (aiohttp.ServerTimeoutError, aiohttp.ConnectionTimeoutError, aiohttp.SocketTimeoutError)
_AIOHTTP_TRANSIENT = (aiohttp.ClientConnectionError, aiohttp.ClientPayloadError, aiohttp.ClientResponseError)
_HTTPX_TIMEOUTS = (httpx.TimeoutException,)
_HTTPX_TRANSIENT = (httpx.TransportError,)
_HTTPX_BAD_URL = (httpx.InvalidURL, httpx.UnsupportedProtocol)
_TIMEOUTS = _AIOHTTP_TIMEOUTS + _HTTPX_TIMEOUTS
_TRANSIENT = _TIMEOUTS + _AIOHTTP_TRANSIENT + _HTTPX_TRANSIENT
_UNPARSABLE_RESPONSE = aiohttp.http.HttpProcessingError
"""What aiohttp's parser raises, chained under a ClientResponseError, for a response that is not HTTP (a garbage
status line, an unreadable header): the server answers the same way every time, so another try only adds load."""


@contextmanager
def translating(url: str, *, deadline: float) -> Iterator[None]:
    """Re-raise third-party exceptions from the block as FetchErrors carrying `url`."""
    try:
        yield
    except FetchError as exc:
        # Raised in the connector (the address guard), before the URL was known.
        if exc.url is None:
            exc.url = url
        raise
    except (httpx.HTTPError, httpx.InvalidURL, httpx.StreamError, aiohttp.ClientError) as exc:
        raise _translated(_cause(exc), url) from exc
    except UnicodeError as exc:  # a URL part the engine cannot encode for the wire
        raise FetchError(f"cannot fetch this URL: {_describe(exc)}", url=url) from exc
    except builtins.TimeoutError as exc:
        raise TimeoutError(f"gave up after the page took longer than {deadline:g} s in all", url=url) from exc


def _cause(exc: BaseException) -> BaseException:
    """The aiohttp exception behind an httpx one, if httpx-aiohttp chained one."""
    cause = exc.__cause__
    return cause if isinstance(cause, aiohttp.ClientError) else exc


def _translated(exc: BaseException, url: str) -> FetchError:
    if isinstance(exc, _AIOHTTP_BAD_URL + _HTTPX_BAD_URL):
        return FetchError(f"cannot fetch this URL: {_describe(exc)}", url=url)
    if isinstance(exc, _TIMEOUTS):
        return TimeoutError(f"timed out: {_describe(exc)}", url=url)
    if isinstance(exc, _TRANSIENT):
        return TransportError(f"network error: {_describe(exc)}", url=url)
    return FetchError(f"request failed: {_describe(exc)}", url=url)


def is_transient(error: BaseException) -> bool:
    """True for network failures worth another attempt.

    Not the per-page deadline (another try would take as long), nor a body in
    a coding we cannot read (it would come back the same).
    """
    if not isinstance(error, TransportError):
        return False
    cause = error.__cause__
    if cause is None:
        return False
    cause = _cause(cause)
    if isinstance(cause, aiohttp.ClientResponseError) and isinstance(cause.__cause__, _UNPARSABLE_RESPONSE):
        return False
    return isinstance(cause, _TRANSIENT)


def _describe(exc: BaseException) -> str:
    return str(exc) or type(exc).__name__
