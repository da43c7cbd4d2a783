"""`scraper discover URL`: the feeds and sitemaps a site offers, for writing a `[[sources]]` table by hand."""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
from collections.abc import Sequence
from urllib.parse import urlsplit

from scraper.cli import configure_logging, exit_codes
from scraper.cli.terminal import escaped_json, printable_block, without_credentials
from scraper.config import Config, load_config
from scraper.errors import InputError
from scraper.jobs.site_discovery import SiteFindings, find_offers


def main(argv: Sequence[str]) -> int:
    """Find what the site offers and print it; a page that cannot be fetched is a fetch error (exit 3)."""
    args = _parser().parse_args(argv)
    configure_logging(args.log_level)
    if not args.url.startswith(("http://", "https://")) or not urlsplit(args.url).hostname:
        raise InputError(f"not an http(s) URL: {args.url}")
    config = load_config(args.config)
    if args.allow_private:
        config = dataclasses.replace(config, fetch=dataclasses.replace(config.fetch, allow_private_addresses=True))
    findings = asyncio.run(_discover(config, args.url))
    if args.format == "json":
        print(escaped_json(json.dumps(findings.to_dict(), indent=2, ensure_ascii=False)))
    else:
        print(without_credentials(printable_block(format_findings(findings))))
    return exit_codes.OK


def format_findings(findings: SiteFindings) -> str:
    """One line an offer, then a `[[sources]]` table that reads them all."""
    url = findings.page.final_url
    if not findings.offers:
        return f"{url} offers no feed or sitemap; a site source with `follow = true` reads its links instead."
    width = max(len(offer.url) for offer in findings.offers)
    lines = [f"{url} offers:"]
    lines += [f"  {offer.kind:<8} {offer.url:<{width}}  from {offer.found_via}" for offer in findings.offers]
    host = urlsplit(url).hostname or "site"
    lines += ["", "[[sources]]", f'name = "{host}"', 'kind = "site"', f"url = {json.dumps(url)}"]
    return "\n".join(lines)


async def _discover(config: Config, url: str) -> SiteFindings:
    # Imported here: the HTTP stack loads only for a command that fetches.
    from scraper.session import AsyncScraper

    async with AsyncScraper(config) as fetcher:
        return await find_offers(fetcher, url)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="scraper discover",
        description="List the feeds and sitemaps a site offers (announced on the page, named in robots.txt, "
        "or at the usual paths), with a [[sources]] table that reads them.",
    )
    parser.add_argument("url", metavar="URL", help="the site's homepage or a section page")
    parser.add_argument("--config", help="config file (default: $SCRAPER_CONFIG or ./config.toml)")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    parser.add_argument("--allow-private", action="store_true", help="allow hosts on loopback/private addresses")
    parser.add_argument("--log-level", choices=("debug", "info", "warning", "error"), default="warning")
    return parser
