"""`scraper export`: stream stored articles as JSON Lines, CSV or Markdown."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable
from typing import TextIO

from scraper.store import StoredArticle

CSV_COLUMNS = (
    "url",
    "canonical_url",
    "source",
    "title",
    "authors",
    "date",
    "modified",
    "language",
    "site_name",
    "description",
    "image",
    "tags",
    "access_status",
    "access_truncated",
    "content_hash",
    "first_seen",
    "last_changed",
    "text",
)
"""One row per article; list fields (authors, tags) are joined with LIST_SEPARATOR so the file stays flat."""

LIST_SEPARATOR = "; "

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
"""Leading characters that make a spreadsheet read a cell as a formula (OWASP, "CSV Injection")."""


def _inert(cell: str) -> str:
    """A cell a spreadsheet shows as text: one that could start a formula gets a leading apostrophe, as
    OWASP recommends, so a scraped title like `=HYPERLINK(…)` cannot run when the export is opened."""
    return "'" + cell if cell.startswith(FORMULA_TRIGGERS) else cell


def write_jsonl(articles: Iterable[StoredArticle], out: TextIO) -> int:
    """One JSON object per line, every stored field; returns the number of articles."""
    count = 0
    for article in articles:
        out.write(json.dumps(article.to_dict(), ensure_ascii=False) + "\n")
        count += 1
    return count


def write_csv(articles: Iterable[StoredArticle], out: TextIO) -> int:
    """RFC 4180 CSV with a header row; returns the number of articles."""
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    count = 0
    for article in articles:
        record = article.record
        cells = (
            record.url,
            record.canonical_url,
            record.source,
            record.title or "",
            LIST_SEPARATOR.join(record.authors),
            record.date or "",
            record.modified or "",
            record.language or "",
            record.site_name or "",
            record.description or "",
            record.image or "",
            LIST_SEPARATOR.join(record.tags),
            record.access.status,
            "true" if record.access.truncated else "false",
            record.content_hash,
            article.first_seen.isoformat(),
            article.last_changed.isoformat(),
            record.text,
        )
        writer.writerow([_inert(cell) for cell in cells])
        count += 1
    return count


def write_markdown(articles: Iterable[StoredArticle], out: TextIO) -> int:
    """One Markdown document per article, with a metadata list, separated by horizontal rules."""
    count = 0
    for article in articles:
        record = article.record
        if count:
            out.write("\n---\n\n")
        out.write(f"# {record.title or record.canonical_url}\n\n")
        details = (
            ("URL", record.canonical_url),
            ("Authors", ", ".join(record.authors)),
            ("Date", record.date or ""),
            ("Modified", record.modified or ""),
            ("Image", record.image or ""),
            ("Tags", ", ".join(record.tags)),
            ("Source", record.source),
            ("Access", record.access.status),
        )
        out.writelines(f"- {label}: {value}\n" for label, value in details if value)
        out.write(f"\n{_without_title(record.markdown, record.title)}\n")
        count += 1
    return count


def _without_title(markdown: str, title: str | None) -> str:
    """Drop the article's own leading "# Title": the export already wrote it above the metadata."""
    body = markdown.strip()
    first, _, rest = body.partition("\n")
    if title and first.strip() == f"# {title}":
        return rest.strip()
    return body


EXPORTERS: dict[str, Callable[[Iterable[StoredArticle], TextIO], int]] = {
    "jsonl": write_jsonl,
    "csv": write_csv,
    "markdown": write_markdown,
}
"""The export formats by name, as `--format` spells them."""
