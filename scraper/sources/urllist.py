"""Sources that are plain URL lists: inline in config.toml or in a file, one URL a line."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from scraper.errors import SourceError
from scraper.sources.base import Entry

COMMENT = "#"


def iter_inline_urls(urls: tuple[str, ...]) -> Iterator[Entry]:
    """The URLs written in config.toml itself."""
    for url in urls:
        yield Entry(url=url)


def iter_url_file(path: Path) -> Iterator[Entry]:
    """The URLs of a file, one a line ("#" starts a comment), streamed line by line."""
    try:
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                candidate = line.strip()
                if candidate and not candidate.startswith(COMMENT):
                    yield Entry(url=candidate)
    except (OSError, UnicodeDecodeError) as exc:
        raise SourceError(f"cannot read the URL file {path}: {exc}") from exc


def file_version(path: Path) -> str | None:
    """Size and modification time of a URL file: when they match the last read, reading it again adds nothing."""
    try:
        info = path.stat()
    except OSError:
        return None
    return f"{info.st_size}:{info.st_mtime_ns}"
