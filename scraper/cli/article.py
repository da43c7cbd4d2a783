"""`scraper TARGET …`: print the clean article of saved pages, texts, stdin or URLs."""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import math
import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, BinaryIO, TextIO

from scraper.cli import configure_logging, exit_code_for, exit_codes, report
from scraper.cli.batch import add_batch_flags, extraction_failure, refuse_url_list, run_batch
from scraper.cli.conventions import add_convention_flags, gunzipped, missing_file_hint, printed_help, version_line
from scraper.cli.fetch_flags import add_fetch_flags, fetch_flag_changes
from scraper.cli.terminal import escaped_json, printable_block, printable_line
from scraper.config import Config, load_config
from scraper.errors import InputError, NoContentError, ScraperError
from scraper.models import Article

if TYPE_CHECKING:
    from scraper.jobs.engines.extract_worker import ExtractWorker
    from scraper.jobs.engines.extracting import Extracted
    from scraper.session import AsyncScraper

FORMATS = ("text", "markdown", "json")
SNIFF_BYTES = 4096
"""How much of a document is read to tell HTML from plain text."""

UTF16_ZERO_SHARE = 0.9
"""Share of zero bytes in one byte position that marks UTF-16 text (mostly ASCII markup)."""

EXPLAIN_CHARS = 80
_HTML_MARKERS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<meta", b"<article", b"<div", b"<p>", b"<p ")


def build_parser() -> argparse.ArgumentParser:
    """The article command's flags; fetch flags override config.toml's [fetch] section."""
    parser = argparse.ArgumentParser(
        prog="scraper",
        description="Print the article of each page, text file or URL, without paywall, donation, "
        "newsletter, consent, share and teaser chrome. Jobs: scraper run | export | status | reextract | discover.",
    )
    parser.add_argument("targets", nargs="*", metavar="TARGET", help="an HTML or text file, - for stdin, or a URL")
    parser.add_argument("--format", choices=FORMATS, default="text", help="output format (default: text)")
    parser.add_argument(
        "--explain", action="store_true", help="on stderr: where each metadata field came from, and each removed block"
    )
    parser.add_argument("--config", metavar="PATH", help="config file (default: ./config.toml or $SCRAPER_CONFIG)")
    parser.add_argument("--timeout", type=_positive_float, metavar="SECONDS", help="total time allowed per page")
    parser.add_argument("--retries", type=_non_negative_int, metavar="N", help="retries after a failed attempt")
    parser.add_argument("--user-agent", metavar="UA", help="User-Agent header to send")
    parser.add_argument("--ignore-robots", action="store_true", help="do not obey robots.txt")
    parser.add_argument("--allow-private", action="store_true", help="allow hosts on loopback/private addresses")
    parser.add_argument(
        "--render",
        action="store_true",
        help="render each URL in headless Chromium before extracting (pip install 'scraper[render]')",
    )
    add_fetch_flags(parser)
    add_batch_flags(parser)
    add_convention_flags(parser)
    parser.add_argument("--log-level", default="warning", choices=("debug", "info", "warning", "error"))
    return parser


def main(argv: Sequence[str]) -> int:
    """Extract every target; a failing target is reported and the others still run."""
    parser = build_parser()
    if printed_help(parser, argv):
        return exit_codes.OK
    args = parser.parse_args(argv)
    if args.version:
        print(version_line())
        return exit_codes.OK
    if not args.targets and args.input is None:
        parser.error("give at least one TARGET, or -i FILE for a list of URLs")
    configure_logging(args.log_level)
    config = apply_flags(load_config(args.config), args)
    if args.input is not None:
        return run_batch(args, config)
    return asyncio.run(_print_articles(args, config))


async def _print_articles(args: argparse.Namespace, config: Config) -> int:
    status = exit_codes.OK

    def show(target: str, outcome: Article | ScraperError) -> None:
        nonlocal status
        if isinstance(outcome, ScraperError):
            report(outcome, about=None if outcome.url or target == "-" else target)
            status = status or exit_code_for(outcome)
            return
        print(render(outcome, args.format))
        sys.stdout.flush()
        if args.explain:
            explain(outcome, sys.stderr)

    await _articles(args.targets, config, show, args.url)
    return status


def apply_flags(config: Config, args: argparse.Namespace) -> Config:
    """Command-line flags win over config.toml and the environment."""
    changes: dict[str, Any] = {}
    if args.timeout is not None:
        changes["total_timeout"] = args.timeout
        changes["connect_timeout"] = min(config.fetch.connect_timeout, args.timeout)
        changes["read_timeout"] = min(config.fetch.read_timeout, args.timeout)
    if args.retries is not None:
        changes["retries"] = args.retries
    if args.user_agent is not None:
        changes["user_agent"] = args.user_agent
    if args.ignore_robots:
        changes["obey_robots"] = False
    if args.allow_private:
        changes["allow_private_addresses"] = True
    if args.render:
        changes["render"] = "always"
    changes.update(fetch_flag_changes(config.fetch, args))
    return dataclasses.replace(config, fetch=dataclasses.replace(config.fetch, **changes)) if changes else config


def render(article: Article, output_format: str) -> str:
    """The article as text (title, byline, body), markdown, or one line of JSON."""
    if output_format == "json":
        return escaped_json(json.dumps(article.to_dict(), ensure_ascii=False))
    if output_format == "markdown":
        byline = printable_line(_byline(article))
        if byline and article.markdown.startswith("# "):
            heading, _, body = article.markdown.partition("\n\n")
            return f"{printable_line(heading)}\n\n*{byline}*\n\n{printable_block(body)}"
        return printable_block(article.markdown)
    head = [printable_line(line) for line in (article.title, _byline(article)) if line]
    body = printable_block(article.text)
    return "\n".join(head) + "\n\n" + body if head else body


def explain(article: Article, stream: TextIO) -> None:
    """Where each metadata field came from, then one line per removed block: kind, rule and its first characters."""
    for name, source in article.sources.items():
        print(f"{name}: {source}", file=stream)
    if article.hub:
        print("page: a list of headlines (a hub), not one article", file=stream)
    if article.description_only:
        print("page: no article body in its HTML (its scripts fill it in); the text is its description", file=stream)
    print(f"removed {len(article.removed)} block(s); access: {article.access.status}", file=stream)
    for block in article.removed:
        snippet = printable_line(block.text)
        if len(snippet) > EXPLAIN_CHARS:
            snippet = snippet[: EXPLAIN_CHARS - 1] + "…"
        print(f"  {block.kind:<12} {block.rule:<28} {snippet}", file=stream)


async def _articles(
    targets: Sequence[str], config: Config, show: Callable[[str, Article | ScraperError], None], url: str | None = None
) -> None:
    """Each target's article or error, in order, to `show`.

    Pages are extracted in a worker process (as `scraper run` and `-i` extract theirs), so a page over
    `[extract] page_time_limit_seconds` or `page_memory_limit_mb` fails alone with a one-line error:
    in this process, a saved 1000x1000 table took 2.5 GB and ran for 50 s (206 s on a busy machine).
    """
    from scraper.jobs.engines.extract_worker import ExtractWorker

    worker = ExtractWorker(config.extract)
    session = None
    if any(_is_url(target) for target in targets):
        # Imported here: the fetch stack only when there is a URL to fetch.
        from scraper.session import AsyncScraper

        session = AsyncScraper(config)
    try:
        for target in targets:
            try:
                if session is not None and _is_url(target):
                    show(target, await _scrape(target, session, worker))
                else:
                    content = gunzipped(_read(target, config.fetch.max_body_bytes), target)
                    refuse_url_list(content, target)
                    show(target, await _article_from_document(content, config, worker, url))
            except ScraperError as error:
                show(target, error)
    finally:
        worker.close()
        if session is not None:
            await session.aclose()


async def _scrape(target: str, session: AsyncScraper, worker: ExtractWorker) -> Article:
    """Fetch a URL and extract it in the worker, rendered first where `[fetch] render` says so."""
    from scraper.jobs.engines.rendering import extract_rendering_if_needed

    page = await session.fetch(target)
    return _article(await extract_rendering_if_needed(page, session, worker.extract), page.final_url)


async def _article_from_document(
    content: bytes, config: Config, worker: ExtractWorker, url: str | None = None
) -> Article:
    content = _utf16_without_bom(content)
    if looks_like_html(content):
        return _article(await worker.extract(content, url), url)
    head = content[:SNIFF_BYTES]
    if b"\x00" in head:
        raise NoContentError("a binary file, not an HTML page or text")
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        raise NoContentError("an XML document (SVG, RSS, …), not an HTML page or text")
    # Imported here: a page is extracted in the worker, and this process loads the extractor only for text.
    from scraper.extraction import clean_text
    from scraper.extraction.decode import decode_text

    return clean_text(decode_text(content), config=config.extract)


def _article(extracted: Extracted, url: str | None) -> Article:
    if extracted.article is None:
        raise extraction_failure(extracted, url)
    return extracted.article


def _utf16_without_bom(content: bytes) -> bytes:
    """UTF-16 text saved without a byte order mark, re-encoded as UTF-8; anything else as it is.

    Told by its zero bytes: every other byte of ASCII markup in UTF-16 is zero, which no 8-bit
    encoding produces in text.
    """
    head = content[:SNIFF_BYTES]
    if len(head) < 2 or content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return content
    even, odd = head[0::2], head[1::2]
    for zeros, encoding in ((odd, "utf-16-le"), (even, "utf-16-be")):
        if zeros.count(0) >= UTF16_ZERO_SHARE * len(zeros):
            try:
                return content.decode(encoding).encode("utf-8")
            except UnicodeDecodeError:
                return content
    return content


def looks_like_html(content: bytes) -> bool:
    """Tell HTML from text by content, not by file name: a .txt may hold a saved page."""
    head = content[:SNIFF_BYTES].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith(b"<") and any(marker in head for marker in _HTML_MARKERS)


def _read(target: str, limit: int) -> bytes:
    """The document's bytes, at most `limit` of them: `scraper /dev/zero` must not fill memory."""
    if target == "-":
        return _bounded(sys.stdin.buffer, "stdin", limit)
    try:
        # Opened without blocking, so a FIFO with no writer reads as empty instead of hanging.
        descriptor = os.open(target, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
        os.set_blocking(descriptor, True)
        with open(descriptor, "rb") as handle:
            return _bounded(handle, target, limit)
    except FileNotFoundError:
        raise InputError(f"no such file: {target}{missing_file_hint(target)}") from None
    except IsADirectoryError:
        raise InputError(f"is a directory, not a file: {target}") from None
    except OSError as exc:
        raise InputError(f"cannot read {target}: {exc.strerror}") from None


def _bounded(stream: BinaryIO, name: str, limit: int) -> bytes:
    content = stream.read(limit + 1)
    if len(content) > limit:
        raise InputError(f"{name} is larger than {limit} bytes ([fetch] max_body_bytes)")
    return content


def _is_url(target: str) -> bool:
    return target.startswith(("http://", "https://"))


def _byline(article: Article) -> str:
    access: str = article.access.status if article.access.status in ("metered", "paywalled") else ""
    if access and article.access.truncated:
        access += " (truncated)"
    parts = [", ".join(article.authors), (article.date or "")[:10], article.site_name or "", access]
    return " · ".join(part for part in parts if part)


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"must be a finite number, not {text!r}")
    if value <= 0:
        raise argparse.ArgumentTypeError("must be greater than 0")
    return value


def _non_negative_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError("must not be negative")
    return value
