"""What every kind of source yields."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Entry:
    """One URL a source lists, with the date the source gives for it (published or lastmod), if any."""

    url: str
    dated: datetime | None = None


@dataclass(frozen=True)
class SitemapEntry:
    """One <url> of a sitemap, or one <sitemap> of a sitemap index (`is_sitemap`)."""

    url: str
    dated: datetime | None
    lastmod: str | None
    is_sitemap: bool
