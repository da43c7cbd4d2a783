"""Sources that are plain URL lists: inline in config.toml or in a file, one URL a line."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from scraper.errors import SourceError
from scraper.sources.base import Entry

COMMENT = "#"

MAX_LINE_CHARS = 64 * 1024
"""Longer than any URL a browser or server accepts (those stop near 8-64 KB)."""


def iter_inline_urls(urls: tuple[str, ...]) -> Iterator[Entry]:
    """The URLs written in config.toml itself."""
    for url in urls:
        yield Entry(url=url)


def iter_url_file(path: Path) -> Iterator[Entry]:
    """The URLs of a file, one a line ("#" starts a comment), streamed line by line.

    Only a regular file is read: `/dev/zero` would be read until memory runs out, and a FIFO
    with no writer would block the run forever, lock held, deaf to SIGTERM. A line longer
    than MAX_LINE_CHARS is no URL and is skipped without being held in memory whole.
    """
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer before it can be refused.
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        raise SourceError(f"cannot read the URL file {path}: {exc.strerror}") from exc
    with open(descriptor, encoding="utf-8") as handle:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise SourceError(f"the URL file {path} is not a regular file")
        try:
            yield from _entries(handle)
        except (OSError, UnicodeDecodeError) as exc:
            raise SourceError(f"cannot read the URL file {path}: {exc}") from exc


def _entries(handle: TextIO) -> Iterator[Entry]:
    while line := handle.readline(MAX_LINE_CHARS):
        if len(line) == MAX_LINE_CHARS and not line.endswith("\n"):
            while (rest := handle.readline(MAX_LINE_CHARS)) and not rest.endswith("\n"):
                pass
            continue
        candidate = line.strip()
        if candidate and not candidate.startswith(COMMENT):
            yield Entry(url=candidate)


def file_version(path: Path) -> str | None:
    """Size and modification time of a URL file: when they match the last read, reading it again adds nothing."""
    try:
        info = path.stat()
    except OSError:
        return None
    return f"{info.st_size}:{info.st_mtime_ns}"
