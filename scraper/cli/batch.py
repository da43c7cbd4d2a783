"""`scraper -i urls.txt`: fetch a list of URLs concurrently, extract on every core, print or save each article.

Pages are fetched through `fetch_many`, so the politeness limits hold, and
extracted in a process pool (`scraper.jobs.engines.extract_pool`) while the next pages
download. Articles come out as they complete, or in input order with
`--ordered`; with `-o DIR` each goes to its own file instead of stdout. A URL
that fails is one line on stderr and the others go on; the exit code is the
first failure's.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import sys
from collections import defaultdict, deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TextIO
from urllib.parse import urlsplit

from scraper.cli import exit_code_for, exit_codes, report
from scraper.config import Config
from scraper.errors import ExtractionError, FetchError, InputError, NoContentError, ScraperError
from scraper.models import Article, FetchResult

if TYPE_CHECKING:
    from scraper.jobs.engines.extract_pool import ExtractPool
    from scraper.jobs.engines.extracting import Extracted
    from scraper.session import AsyncScraper

EXTENSIONS = {"text": "txt", "markdown": "md", "json": "json"}
EXTRACTIONS_PER_WORKER = 4
"""Pages waiting for or in extraction per worker: keeps every core busy without piling pages up in memory."""
SLUG_CHARS = 80
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_URL = re.compile(r"^https?://\S+$", re.IGNORECASE)


def add_batch_flags(parser: argparse.ArgumentParser) -> None:
    """Add -i, -o and --ordered to the article command."""
    parser.add_argument("-i", "--input", metavar="FILE", help="read URLs from FILE, one a line (- for stdin)")
    parser.add_argument("-o", "--output-dir", metavar="DIR", help="with -i: write one file per article into DIR")
    parser.add_argument("--ordered", action="store_true", help="with -i: print articles in input order")


def read_url_list(source: str) -> list[str]:
    """The URLs of a list file or stdin: one a line; blank lines and lines starting with # are skipped."""
    try:
        text = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        raise InputError(f"no such file: {source}") from None
    except OSError as exc:
        raise InputError(f"cannot read {source}: {exc.strerror}") from None
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def refuse_url_list(content: bytes, target: str) -> None:
    """A document that is only a list of URLs was meant for `-i`: say so instead of printing it as an article."""
    lines = [line.strip() for line in content.decode("utf-8", errors="replace").splitlines() if line.strip()]
    if lines and all(_URL.match(line) for line in lines):
        where = "stdin" if target == "-" else target
        raise InputError(f"{where} holds a list of {len(lines)} URL(s), not a page; to fetch them: scraper -i {target}")


def run_batch(args: argparse.Namespace, config: Config) -> int:
    """Fetch and extract every URL of `args.input`; return the exit code."""
    urls = read_url_list(args.input)
    output = Output(args.format, Path(args.output_dir) if args.output_dir else None, sys.stdout)
    if output.directory is not None:
        try:
            output.directory.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise InputError(f"cannot create {output.directory}: {exc.strerror}") from None
    progress = Progress(len(urls), sys.stderr if sys.stderr.isatty() else None)
    return asyncio.run(_run(urls, config, output, progress, ordered=args.ordered))


@dataclass
class Progress:
    """ "done/total" on stderr, rewritten in place, when stderr is a terminal."""

    total: int
    stream: TextIO | None
    done: int = 0

    def step(self) -> None:
        self.done += 1
        if self.stream is not None:
            end = "\n" if self.done == self.total else ""
            print(f"\r{self.done}/{self.total}", end=end, file=self.stream, flush=True)


@dataclass
class Output:
    """Where articles go: stdout in the chosen format, or one file each in `directory`."""

    output_format: str
    directory: Path | None
    stream: TextIO
    taken: set[str] = field(default_factory=set)

    def write(self, article: Article) -> None:
        from scraper.cli.article import render

        text = render(article, self.output_format)
        if self.directory is None:
            print(text if self.output_format == "json" else text + "\n", file=self.stream, flush=True)
            return
        path = self.directory / f"{self._slug(article)}.{EXTENSIONS[self.output_format]}"
        try:
            path.write_text(text + "\n", encoding="utf-8")
        except OSError as exc:
            raise InputError(f"cannot write {path}: {exc.strerror}") from None

    def _slug(self, article: Article) -> str:
        """A file name from the URL's last path segment (or its host), unique within this run."""
        parts = urlsplit(article.url or "")
        segments = [segment for segment in parts.path.split("/") if segment]
        stem = segments[-1].rsplit(".", 1)[0] if segments else parts.hostname or "article"
        base = _NOT_SLUG.sub("-", stem.lower()).strip("-")[:SLUG_CHARS] or "article"
        slug, number = base, 1
        while slug in self.taken:
            number += 1
            slug = f"{base}-{number}"
        self.taken.add(slug)
        return slug


async def _run(urls: list[str], config: Config, output: Output, progress: Progress, *, ordered: bool) -> int:
    # Imported here: `scraper page.html` never fetches, and need not load the fetcher or a process pool.
    from scraper.jobs.engines.extract_pool import ExtractPool
    from scraper.session import AsyncScraper

    pool = ExtractPool(config.extract, workers=0)
    room = asyncio.Semaphore(pool.workers * EXTRACTIONS_PER_WORKER)
    pending: set[asyncio.Task[tuple[int, Item]]] = set()
    finished: dict[int, Item] = {}
    emitter = _Emitter(output, progress, ordered=ordered)
    positions: defaultdict[str, deque[int]] = defaultdict(deque)  # a URL listed twice is fetched twice
    for index, url in enumerate(urls):
        positions[url].append(index)
    try:
        async with AsyncScraper(config) as session:
            async for outcome in session.fetch_many(urls):
                index = positions[outcome.request.url].popleft()
                if outcome.result is None:
                    assert outcome.error is not None
                    emitter.emit(index, _Failed(outcome.error, outcome.request.url), finished)
                    continue
                await room.acquire()
                task = asyncio.create_task(_extract(pool, session, index, outcome.result))
                task.add_done_callback(lambda _: room.release())
                pending.add(task)
                pending = await _collect(pending, emitter, finished, wait=False)
            while pending:
                pending = await _collect(pending, emitter, finished, wait=True)
    finally:
        pool.close()
    return emitter.status


async def _collect(
    pending: set[asyncio.Task[tuple[int, Item]]],
    emitter: _Emitter,
    finished: dict[int, Item],
    *,
    wait: bool,
) -> set[asyncio.Task[tuple[int, Item]]]:
    """Hand finished extractions to the emitter; with `wait`, wait for at least one."""
    if wait:
        await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
    done = {task for task in pending if task.done()}
    for task in done:
        emitter.emit(*task.result(), finished)
    return pending - done


@dataclass(frozen=True)
class _Failed:
    """A URL that gave no article, and the line of the list it came from."""

    error: ScraperError
    line: str


Item = Article | _Failed


async def _extract(pool: ExtractPool, session: AsyncScraper, index: int, page: FetchResult) -> tuple[int, Item]:
    """Extract a fetched page in the pool, rendered first where `[fetch] render` says so."""
    from scraper.jobs.engines.rendering import extract_rendering_if_needed

    try:
        extracted = await extract_rendering_if_needed(page, session, pool.extract)
    except FetchError as error:  # the browser failed the page
        return index, _Failed(error, page.final_url)
    return index, _article_or_failure(extracted, page.final_url)


def _article_or_failure(extracted: Extracted, url: str) -> Item:
    return extracted.article if extracted.article is not None else _Failed(extraction_failure(extracted, url), url)


def extraction_failure(extracted: Extracted, url: str | None) -> ExtractionError:
    """Why a worker gave no article, as the error the command reports: one line (a crash's first)."""
    message = (extracted.error or "extraction failed").splitlines()[0]
    error_type = NoContentError if extracted.error_kind == "no-content" else ExtractionError
    return error_type(message, url=url)


class _Emitter:
    """Prints articles and reports errors, at once or in input order, and keeps the exit code."""

    def __init__(self, output: Output, progress: Progress, *, ordered: bool) -> None:
        self._output = output
        self._progress = progress
        self._ordered = ordered
        self._next = 0
        self.status = exit_codes.OK

    def emit(self, index: int, item: Item, finished: dict[int, Item]) -> None:
        if not self._ordered:
            self._show(item)
            return
        finished[index] = item
        for ready in self._ready(finished):
            self._show(ready)

    def _ready(self, finished: dict[int, Item]) -> Iterator[Item]:
        while self._next in finished:
            yield finished.pop(self._next)
            self._next += 1

    def _show(self, item: Item) -> None:
        self._progress.step()
        if isinstance(item, _Failed):
            report(item.error, about=item.line)
            self.status = self.status or exit_code_for(item.error)
            return
        self._output.write(item)
