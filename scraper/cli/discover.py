"""`scraper discover URL`: the feeds and sitemaps a site offers, for writing a `[[sources]]` table by hand."""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
from collections.abc import Sequence
from datetime import UTC
from urllib.parse import urlsplit

from scraper.cli import configure_logging, exit_codes
from scraper.cli.conventions import printed_help
from scraper.cli.terminal import escaped_json, printable_block, without_credentials
from scraper.config import Config, load_config
from scraper.errors import InputError
from scraper.jobs.discovery.site_discovery import SiteFindings, find_offers
from scraper.jobs.discovery.sitemap_summary import SitemapSummary, summarize_sitemap


def main(argv: Sequence[str]) -> int:
    """Find what the site offers and print it; a page that cannot be fetched is a fetch error (exit 3)."""
    parser = _parser()
    if printed_help(parser, argv):
        return exit_codes.OK
    args = parser.parse_args(argv)
    configure_logging(args.log_level)
    if not args.url.startswith(("http://", "https://")) or not urlsplit(args.url).hostname:
        raise InputError(f"not an http(s) URL: {args.url}")
    config = load_config(args.config)
    if args.allow_private:
        config = dataclasses.replace(config, fetch=dataclasses.replace(config.fetch, allow_private_addresses=True))
    findings, summaries = asyncio.run(_discover(config, args.url))
    if args.format == "json":
        document = {**findings.to_dict(), "sitemaps": [summary.to_dict() for summary in summaries.values()]}
        print(escaped_json(json.dumps(document, indent=2, ensure_ascii=False)))
    else:
        print(without_credentials(printable_block(format_findings(findings, summaries))))
    return exit_codes.OK


def format_findings(findings: SiteFindings, summaries: dict[str, SitemapSummary]) -> str:
    """One line an offer (and what a sitemap holds), then a `[[sources]]` table that reads them all."""
    url = findings.page.final_url
    if not findings.offers:
        return f"{url} offers no feed or sitemap; a site source with `follow = true` reads its links instead."
    width = max(len(offer.url) for offer in findings.offers)
    lines = [f"{url} offers:"]
    for offer in findings.offers:
        lines.append(f"  {offer.kind:<8} {offer.url:<{width}}  from {offer.found_via}")
        if offer.url in summaries:
            lines.append(f"           {_holds(summaries[offer.url])}")
    host = urlsplit(url).hostname or "site"
    lines += ["", "[[sources]]", f'name = "{host}"', 'kind = "site"', f"url = {json.dumps(url)}"]
    return "\n".join(lines)


def _holds(summary: SitemapSummary) -> str:
    """ "holds 300 pages, 300 news stories (en), the newest 2026-12-01 08:00 UTC" and what could not be read."""
    read = f"{summary.sitemaps_read} sitemaps: " if summary.sitemaps_read > 1 else ""
    text = f"{read}{summary.pages} pages"
    if summary.stories:
        languages = f" ({', '.join(sorted(summary.languages))})" if summary.languages else ""
        text += f", {summary.stories} news stories{languages}"
        if summary.newest is not None:
            text += f", the newest {summary.newest.astimezone(UTC):%Y-%m-%d %H:%M} UTC"
    if summary.errors:
        text += f"; {len(summary.errors)} unreadable, the first: {summary.errors[0]}"
    return text


async def _discover(config: Config, url: str) -> tuple[SiteFindings, dict[str, SitemapSummary]]:
    # Imported here: the HTTP stack loads only for a command that fetches.
    from scraper.session import AsyncScraper

    async with AsyncScraper(config) as fetcher:
        findings = await find_offers(fetcher, url)
        summaries = {
            offer.url: await summarize_sitemap(fetcher, offer.url)
            for offer in findings.offers
            if offer.kind == "sitemap"
        }
    return findings, summaries


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
