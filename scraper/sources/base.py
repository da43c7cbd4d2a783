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
    """One <url> of a sitemap, or one <sitemap> of a sitemap index (`is_sitemap`).

    `dated` is a Google News entry's <news:publication_date> when it has one, else its <lastmod>:
    news sitemaps list the last 48 hours of stories, and the publication date is what
    `max_age_days` means. `title` and `language` come from <news:title> and <news:language>.
    """

    url: str
    dated: datetime | None
    lastmod: str | None
    is_sitemap: bool
    title: str | None = None
    language: str | None = None
