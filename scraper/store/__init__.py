"""Where `scraper run` keeps articles and what it knows about each URL.

The pipeline talks to the `Store` protocol only; `SQLiteStore` is the embedded default.
"""

from scraper.store.base import (
    ArchiveRef,
    ArticleRecord,
    DiscoveredUrl,
    DueUrl,
    FetchUpdate,
    HostFailures,
    RobotsRecord,
    RunRecord,
    RunStatus,
    SaveOutcome,
    SiteOfferRecord,
    SourceState,
    Store,
    StoredArticle,
    StoreTotals,
)
from scraper.store.sqlite import SQLiteStore
from scraper.store.urls import host_of, is_site_root, normalize_url

__all__ = [
    "ArchiveRef",
    "ArticleRecord",
    "DiscoveredUrl",
    "DueUrl",
    "FetchUpdate",
    "HostFailures",
    "RobotsRecord",
    "RunRecord",
    "RunStatus",
    "SQLiteStore",
    "SaveOutcome",
    "SiteOfferRecord",
    "SourceState",
    "Store",
    "StoreTotals",
    "StoredArticle",
    "host_of",
    "is_site_root",
    "normalize_url",
]
