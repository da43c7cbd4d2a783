"""`scraper TARGET …`: print the clean article of saved pages, texts, stdin or URLs."""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, TextIO

from scraper.cli import configure_logging, exit_code_for, exit_codes, report
from scraper.config import Config, load_config
from scraper.errors import InputError, ScraperError
from scraper.extraction import clean_text, extract
from scraper.extraction.decode import decode_text
from scraper.models import Article

FORMATS = ("text", "markdown", "json")
SNIFF_BYTES = 4096
"""How much of a document is read to tell HTML from plain text."""

EXPLAIN_CHARS = 80
_HTML_MARKERS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<meta", b"<article", b"<div", b"<p>", b"<p ")


def build_parser() -> argparse.ArgumentParser:
    """The article command's flags; fetch flags override config.toml's [fetch] section."""
    parser = argparse.ArgumentParser(
        prog="scraper",
        description="Print the article of each page, text file or URL, without paywall, donation, "
        "newsletter, consent, share and teaser chrome. Jobs: scraper run | export | status | reextract.",
    )
    parser.add_argument("targets", nargs="+", metavar="TARGET", help="an HTML or text file, - for stdin, or a URL")
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
    parser.add_argument("--log-level", default="warning", choices=("debug", "info", "warning", "error"))
    return parser


def main(argv: Sequence[str]) -> int:
    """Extract every target; a failing target is reported and the others still run."""
    args = build_parser().parse_args(argv)
    configure_logging(args.log_level)
    config = apply_flags(load_config(args.config), args)
    status = exit_codes.OK
    for target, outcome in zip(args.targets, _articles(args.targets, config), strict=True):
        if isinstance(outcome, ScraperError):
            report(outcome, about=None if outcome.url or target == "-" else target)
            status = status or exit_code_for(outcome)
            continue
        print(render(outcome, args.format))
        sys.stdout.flush()
        if args.explain:
            explain(outcome, sys.stderr)
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
    return dataclasses.replace(config, fetch=dataclasses.replace(config.fetch, **changes)) if changes else config


def render(article: Article, output_format: str) -> str:
    """The article as text (title, byline, body), markdown, or one line of JSON."""
    if output_format == "json":
        return json.dumps(article.to_dict(), ensure_ascii=False)
    if output_format == "markdown":
        byline = _byline(article)
        if byline and article.markdown.startswith("# "):
            heading, _, body = article.markdown.partition("\n\n")
            return f"{heading}\n\n*{byline}*\n\n{body}"
        return article.markdown
    head = [line for line in (article.title, _byline(article)) if line]
    return "\n".join(head) + "\n\n" + article.text if head else article.text


def explain(article: Article, stream: TextIO) -> None:
    """Where each metadata field came from, then one line per removed block: kind, rule and its first characters."""
    for name, source in article.sources.items():
        print(f"{name}: {source}", file=stream)
    print(f"removed {len(article.removed)} block(s); access: {article.access.status}", file=stream)
    for block in article.removed:
        snippet = " ".join(block.text.split())
        if len(snippet) > EXPLAIN_CHARS:
            snippet = snippet[: EXPLAIN_CHARS - 1] + "…"
        print(f"  {block.kind:<12} {block.rule:<28} {snippet}", file=stream)


def _articles(targets: Sequence[str], config: Config) -> Iterator[Article | ScraperError]:
    urls = [target for target in targets if _is_url(target)]
    session = None
    if urls:
        from scraper.session import Scraper

        session = Scraper(config)
    try:
        for target in targets:
            try:
                if session is not None and _is_url(target):
                    yield session.scrape(target)
                else:
                    yield _article_from_document(_read(target), config)
            except ScraperError as error:
                yield error
    finally:
        if session is not None:
            session.close()


def _article_from_document(content: bytes, config: Config) -> Article:
    if looks_like_html(content):
        return extract(content, config=config.extract)
    return clean_text(decode_text(content), config=config.extract)


def looks_like_html(content: bytes) -> bool:
    """Tell HTML from text by content, not by file name: a .txt may hold a saved page."""
    head = content[:SNIFF_BYTES].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith(b"<") and any(marker in head for marker in _HTML_MARKERS)


def _read(target: str) -> bytes:
    if target == "-":
        return sys.stdin.buffer.read()
    path = Path(target)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"no such file: {target}") from None
    except IsADirectoryError:
        raise InputError(f"is a directory, not a file: {target}") from None
    except OSError as exc:
        raise InputError(f"cannot read {target}: {exc.strerror}") from None


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
