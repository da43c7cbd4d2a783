"""Sources that are plain URL lists: inline in config.toml or in a file, one URL a line."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from scraper.config import SourceConfig
from scraper.sources.base import Entry, SourceError

COMMENT = "#"


def iter_url_list(source: SourceConfig, base_dir: Path) -> Iterator[Entry]:
    """Yield the inline URLs, then the file's, streaming the file line by line."""
    for url in source.urls:
        yield Entry(url=url)
    if not source.urls_file:
        return
    path = base_dir / source.urls_file
    try:
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                candidate = line.strip()
                if candidate and not candidate.startswith(COMMENT):
                    yield Entry(url=candidate)
    except (OSError, UnicodeDecodeError) as exc:
        raise SourceError(f"cannot read the URL file {path}: {exc}") from exc
