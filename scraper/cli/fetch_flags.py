"""The `--proxy` and `--header` flags: parsed and checked here, applied over config.toml's [fetch]."""

from __future__ import annotations

import argparse
from typing import Any

from scraper.config import FetchConfig, Table, check_header_fields
from scraper.errors import ConfigError


def add_fetch_flags(parser: argparse.ArgumentParser) -> None:
    """Add --proxy and --header to a command that fetches."""
    parser.add_argument(
        "--proxy", type=_proxy, metavar="URL", help="send every request through this http, https or socks5 proxy"
    )
    parser.add_argument(
        "--header",
        type=_header,
        action="append",
        default=[],
        metavar="'NAME: VALUE'",
        help="add a header field to every request (repeatable)",
    )


def fetch_flag_changes(config: FetchConfig, args: argparse.Namespace) -> dict[str, Any]:
    """The [fetch] settings the flags change: --proxy replaces `proxy`, --header adds to `headers`."""
    changes: dict[str, Any] = {}
    if args.proxy is not None:
        changes["proxy"] = args.proxy
    if args.header:
        changes["headers"] = Table({**config.headers, **dict(args.header)})
    return changes


def _proxy(text: str) -> str:
    # Imported here: it loads httpx (0.15 s of `scraper page.html`'s start, which never fetches).
    from scraper.fetching.proxies import parse_proxy

    try:
        parse_proxy(text, "--proxy")
    except ConfigError as error:
        raise argparse.ArgumentTypeError(error.message) from None
    return text


def _header(text: str) -> tuple[str, str]:
    name, colon, value = text.partition(":")
    if not colon:
        raise argparse.ArgumentTypeError(f"expected 'Name: value', got {_start_of(text)!r}")
    field = (name.strip(), value.strip())
    try:
        check_header_fields("--header", dict([field]))
    except ConfigError as error:
        raise argparse.ArgumentTypeError(error.message) from None
    return field


def _start_of(text: str) -> str:
    """Enough of a malformed header to recognise it, not a secret it may hold."""
    return text if len(text) <= 12 else text[:12] + "…"
