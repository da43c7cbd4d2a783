"""Command-line conventions: --help and --version, --url, hints for URLs typed as files, .gz input."""

from __future__ import annotations

import argparse
import re
import zlib
from collections.abc import Sequence
from importlib import metadata

from scraper.errors import InputError

GZIP_MAGIC = b"\x1f\x8b"
LOCAL_GZIP_LIMIT = 256 * 1024 * 1024
"""Largest decompressed saved page read from a .gz file: far past any real page, short of filling memory."""
_HOST_START = re.compile(r"^(?:[a-z0-9-]+\.)+([a-z]{2,})(?::\d+)?([/?#]|$)", re.IGNORECASE)
FILE_SUFFIXES = frozenset({"html", "htm", "xhtml", "txt", "md", "json", "xml", "gz", "csv", "php", "aspx"})
"""Endings that make `name.html` a file name rather than a host, unless a path follows."""
_SCHEME = re.compile(r"^(https?)://", re.IGNORECASE)


def add_convention_flags(parser: argparse.ArgumentParser) -> None:
    """Add --version and --url."""
    # Printed by the command, not by argparse's version action, which drops a failed write (`> /dev/full`) silently.
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    parser.add_argument(
        "--url", metavar="URL", help="the address a saved page came from (for relative links and per-host rules)"
    )


def version_line() -> str:
    return f"scraper {_version()}"


def printed_help(parser: argparse.ArgumentParser, argv: Sequence[str]) -> bool:
    """Print the help when asked for and say so; argparse's own help action drops a failed write (`> /dev/full`)."""
    options = argv[: list(argv).index("--")] if "--" in argv else argv
    if not any(arg in ("-h", "--help") for arg in options):
        return False
    print(parser.format_help(), end="")
    return True


def missing_file_hint(target: str) -> str:
    """For a missing file that looks like a URL: "; did you mean https://…?", else ""."""
    scheme = _SCHEME.match(target)
    if scheme and scheme.group(1) != scheme.group(1).lower():
        return f"; did you mean {scheme.group(1).lower()}{target[len(scheme.group(1)) :]}?"
    host = _HOST_START.match(target) if "://" not in target else None
    if host and (host.group(2) or host.group(1).lower() not in FILE_SUFFIXES):
        return f"; did you mean https://{target}?"
    return ""


def gunzipped(content: bytes, target: str) -> bytes:
    """The content of a gzipped saved page (page.html.gz), or `content` as it is; a bomb is refused."""
    if not content.startswith(GZIP_MAGIC):
        return content
    decoder = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        page = decoder.decompress(content, LOCAL_GZIP_LIMIT + 1)
    except zlib.error as exc:
        raise InputError(f"{target} is a damaged gzip file: {exc}") from None
    if len(page) > LOCAL_GZIP_LIMIT:
        raise InputError(f"{target} unpacks to more than {LOCAL_GZIP_LIMIT // (1024 * 1024)} MiB")
    return page


def _version() -> str:
    try:
        return metadata.version("scraper")
    except metadata.PackageNotFoundError:  # run from a checkout that was never installed
        return "unknown"
