"""Rows read back into the store's dataclasses, and articles turned into rows.

A row is the tuple a SELECT returns, in the column order named here; times and JSON are decoded
by the caller, since SQLite keeps them as text and PostgreSQL as typed columns.
"""

from __future__ import annotations

import json
from typing import Any

from scraper.models import AccessInfo
from scraper.store.base import ArticleRecord, DueUrl


def due_url(row: tuple[Any, ...]) -> DueUrl:
    """id, url, source, etag, last_modified, failures."""
    return DueUrl(id=row[0], url=row[1], source=row[2], etag=row[3], last_modified=row[4], failures=row[5])


def article_values(article: ArticleRecord) -> dict[str, Any]:
    """The columns of an article, authors, tags and access as JSON text."""
    return {
        "url": article.url,
        "canonical_url": article.canonical_url,
        "source": article.source,
        "title": article.title,
        "authors": json.dumps(list(article.authors), ensure_ascii=False),
        "date": article.date,
        "text": article.text,
        "markdown": article.markdown,
        "access": json.dumps(article.access.to_dict(), ensure_ascii=False),
        "language": article.language,
        "site_name": article.site_name,
        "description": article.description,
        "modified": article.modified,
        "image": article.image,
        "tags": json.dumps(list(article.tags), ensure_ascii=False),
        "content_hash": article.content_hash,
    }


ARTICLE_COLUMNS = (
    "url, canonical_url, source, text, markdown, content_hash, title, authors, date, language,"
    " site_name, description, access, first_seen, last_changed, modified, image, tags"
)
"""The columns `article_record` reads, in its order."""


def article_record(row: tuple[Any, ...], authors: list[str], access: dict[str, Any], tags: list[str]) -> ArticleRecord:
    """An article from a row in ARTICLE_COLUMNS order, with its decoded authors, access and tags."""
    return ArticleRecord(
        url=row[0],
        canonical_url=row[1],
        source=row[2],
        text=row[3],
        markdown=row[4],
        content_hash=row[5],
        title=row[6],
        authors=tuple(authors),
        date=row[8],
        language=row[9],
        site_name=row[10],
        description=row[11],
        modified=row[15],
        image=row[16],
        tags=tuple(tags),
        access=AccessInfo(
            status=access.get("status", "unknown"),
            truncated=bool(access.get("truncated", False)),
            evidence=tuple(access.get("evidence", ())),
        ),
    )
