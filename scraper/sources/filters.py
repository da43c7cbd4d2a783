"""Per-source URL patterns and maximum age, applied to every discovered entry."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from scraper.config import SourceConfig


@dataclass(frozen=True)
class EntryFilter:
    """Keeps the URLs a source wants: any include pattern matches, no exclude pattern does, not too old."""

    include: tuple[re.Pattern[str], ...]
    exclude: tuple[re.Pattern[str], ...]
    max_age: timedelta | None

    @classmethod
    def for_source(cls, source: SourceConfig) -> EntryFilter:
        """Compile a source's patterns (SourceConfig has already checked that they compile)."""
        return cls(
            include=tuple(re.compile(pattern) for pattern in source.include),
            exclude=tuple(re.compile(pattern) for pattern in source.exclude),
            max_age=timedelta(days=source.max_age_days) if source.max_age_days else None,
        )

    def accepts_url(self, url: str) -> bool:
        """Whether the patterns let this URL through."""
        if self.include and not any(pattern.search(url) for pattern in self.include):
            return False
        return not any(pattern.search(url) for pattern in self.exclude)

    def is_too_old(self, dated: datetime | None, now: datetime) -> bool:
        """Whether an entry's date is past the maximum age; undated entries are never too old."""
        return self.max_age is not None and dated is not None and dated < now - self.max_age
