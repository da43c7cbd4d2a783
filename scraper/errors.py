"""The one exception tree of the project.

    ScraperError
    ├── ConfigError              config.toml, environment or flags are invalid
    ├── InputError               a document given to the CLI cannot be read
    ├── FetchError               retrieving a URL failed (carries .url)
    │   ├── TransportError       connection refused, reset, TLS, DNS …
    │   │   └── TimeoutError     connect/read timeout or the per-page deadline
    │   ├── HTTPStatusError      a final non-2xx/304 status (carries .status)
    │   ├── RobotsDisallowedError  robots.txt forbids this URL
    │   │   └── RobotsUnavailableError  robots.txt cannot be read (5xx, 429, unreachable): not for now
    │   ├── TooLargeError        the decoded body passed the size limit
    │   ├── ContentTypeError     not HTML/XHTML (carries .content_type)
    │   ├── BlockedAddressError  the host resolves to a private address
    │   ├── RenderError          the headless browser could not render the page
    │   └── TooManyRedirectsError
    ├── ExtractionError          a document could not be turned into an article
    │   └── NoContentError       the page has no article content
    ├── SourceError              a feed, sitemap or URL file of `scraper run` cannot be read
    ├── StoreError               the article store is unusable
    └── LockHeldError            another `scraper run` holds the lock

Third-party exceptions are translated into this tree once, where they are
raised, so callers only ever need `except ScraperError`.
"""

from __future__ import annotations


class ScraperError(Exception):
    """Root of every error this package raises on purpose."""

    def __init__(self, message: str, *, url: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.url = url

    def __str__(self) -> str:
        if self.url and self.url not in self.message:
            return f"{self.message} ({self.url})"
        return self.message

    def __reduce__(self) -> tuple[object, ...]:
        """Pickle with every field: `scraper run` sends errors back from its crawler processes, and
        the default would call the class again with the message only, losing keyword-only fields."""
        return _rebuild, (type(self), self.message), self.__dict__


def _rebuild(cls: type[ScraperError], message: str) -> ScraperError:
    error = cls.__new__(cls)
    Exception.__init__(error, message)
    return error


class ConfigError(ScraperError):
    """The configuration names an unknown key, has a wrong type or a bad value."""


class InputError(ScraperError):
    """A file, stdin or argument given by the user cannot be used."""


class FetchError(ScraperError):
    """Retrieving a URL failed; `url` says which."""


class TransportError(FetchError):
    """The network failed us: refused, reset, DNS or TLS trouble."""


class TimeoutError(TransportError):  # noqa: A001 - the name users look for; builtins stay reachable
    """A connect or read timeout, or the total deadline for one page, passed."""


class HTTPStatusError(FetchError):
    """The server answered with a status we do not accept."""

    def __init__(self, message: str, *, url: str | None = None, status: int) -> None:
        super().__init__(message, url=url)
        self.status = status


class RobotsDisallowedError(FetchError):
    """robots.txt does not allow our user agent to fetch this URL."""


class RobotsUnavailableError(RobotsDisallowedError):
    """robots.txt could not be read (a 5xx or 429, or no answer), so the host is off limits for now.

    RFC 9309 says to treat this as a full disallow; unlike a real disallow it is
    a failure of the host, worth trying again later.
    """


class TooLargeError(FetchError):
    """The decoded body grew past the configured maximum."""


class ContentTypeError(FetchError):
    """The response is not an HTML or XHTML document."""

    def __init__(self, message: str, *, url: str | None = None, content_type: str) -> None:
        super().__init__(message, url=url)
        self.content_type = content_type


class BlockedAddressError(FetchError):
    """The host resolves to a loopback, private, link-local or metadata address."""


class RenderError(FetchError):
    """The headless browser crashed, timed out or could not be started for the page."""


class TooManyRedirectsError(FetchError):
    """The redirect chain is longer than allowed, or loops."""


class ExtractionError(ScraperError):
    """A document could not be turned into an article."""


class NoContentError(ExtractionError):
    """The document holds no article text (a hub page, an error page, an empty body)."""


class SourceError(ScraperError):
    """A source cannot be read: a malformed feed or sitemap, or an unreadable URL file."""


class StoreError(ScraperError):
    """The article store cannot be opened, migrated or written."""


class LockHeldError(ScraperError):
    """Another run holds the lock; this one must not start."""
