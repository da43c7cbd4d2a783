"""Dates as sources write them (W3C datetime, RFC 822 via feedparser), made timezone-aware."""

from __future__ import annotations

import calendar
import time
from datetime import UTC, datetime


def parse_w3c_datetime(text: str | None) -> datetime | None:
    """Parse a sitemap <lastmod> (a date or ISO 8601 date-time); naive values count as UTC, junk as None."""
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def from_struct_time(value: time.struct_time | None) -> datetime | None:
    """Turn feedparser's UTC struct_time into an aware datetime."""
    if value is None:
        return None
    return datetime.fromtimestamp(calendar.timegm(value), tz=UTC)
