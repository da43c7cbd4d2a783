"""The data that flows between the stages: fetched pages and extracted articles."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from scraper.errors import FetchError

AccessStatus = Literal["free", "metered", "paywalled", "unknown"]

ChromeKind = Literal[
    "donation",
    "paywall",
    "subscription",
    "newsletter",
    "teaser",
    "consent",
    "ad-notice",
    "share",
    "other",
]


def _plain(value: Any) -> Any:
    """Turn tuples, datetimes and nested dataclasses into JSON-ready values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value) if f.repr}
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, datetime):
        return value.isoformat()
    return value


@dataclass(frozen=True)
class RemovedBlock:
    """A piece of chrome the extractor dropped, and why, so `--explain` can show it."""

    kind: ChromeKind
    rule: str
    text: str

    def to_dict(self) -> dict[str, Any]:
        return _plain(self)


@dataclass(frozen=True)
class AccessInfo:
    """Whether the page is behind a paywall, and what told us so."""

    status: AccessStatus = "unknown"
    truncated: bool = False
    evidence: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return _plain(self)


@dataclass(frozen=True)
class Article:
    """An article: its metadata, its clean text, and what was removed around it."""

    text: str
    markdown: str
    title: str | None = None
    authors: tuple[str, ...] = ()
    date: str | None = None
    """Publication, ISO 8601, with the offset the page gives (none when it gives none); a day alone
    ("2019-11-19") when the page gives no time of day."""
    modified: str | None = None
    """Last modification as the page declares it, ISO 8601 like `date`."""
    url: str | None = None
    canonical_url: str | None = None
    site_name: str | None = None
    language: str | None = None
    description: str | None = None
    image: str | None = None
    """The lead image, an absolute URL."""
    tags: tuple[str, ...] = ()
    """Keywords, sections and article:tag values the page declares."""
    hub: bool = False
    """The page is a list of headlines (a front page, a section, a tag page), not one article: its
    text is that list. `scraper run` never stores a hub as an article."""
    description_only: bool = False
    """The page's HTML holds no article body (a shell its scripts fill in), only metadata: the text is
    the description it declares. `scraper run` does not store it as an article."""
    access: AccessInfo = field(default_factory=AccessInfo)
    removed: tuple[RemovedBlock, ...] = ()
    sources: dict[str, str] = field(default_factory=dict)
    """Where each metadata field was read ("date": "json-ld datePublished"), as `--explain` prints it."""

    def to_dict(self) -> dict[str, Any]:
        return _plain(self)


@dataclass(frozen=True)
class FetchResult:
    """One HTTP retrieval, decoded, with what a later conditional request needs."""

    url: str
    final_url: str
    status: int
    headers: dict[str, str]
    html: str
    encoding: str
    encoding_source: Literal["bom", "header", "meta", "detected", "default", "none"]
    fetched_at: datetime
    elapsed: float
    etag: str | None = None
    last_modified: str | None = None
    not_modified: bool = False
    content: bytes = field(default=b"", repr=False)

    def to_dict(self) -> dict[str, Any]:
        return _plain(self)


DocumentKind = Literal["html", "xml"]


@dataclass(frozen=True)
class FetchRequest:
    """What to fetch, with the validators of an earlier response for a conditional GET.

    `kind` says which content types are acceptable: "html" for article pages,
    "xml" for feeds and sitemaps (RSS, Atom, sitemap XML, gzipped sitemaps).
    """

    url: str
    etag: str | None = None
    last_modified: str | None = None
    kind: DocumentKind = "html"


@dataclass(frozen=True)
class FetchOutcome:
    """One finished request of a batch: exactly one of `result` and `error` is set."""

    request: FetchRequest
    result: FetchResult | None = None
    error: FetchError | None = None

    @property
    def ok(self) -> bool:
        return self.result is not None
