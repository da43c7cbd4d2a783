"""What a site offers to read it by: its feeds and sitemaps, found in its own pages and robots.txt.

Parsing only: fetching the homepage, robots.txt and the usual paths is the caller's job
(`scraper.jobs.discovery.site_discovery`), so the fetcher's robots.txt, SSRF guard and limits apply.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import urljoin, urlsplit

from lxml import etree
from lxml import html as lxml_html
from protego import Protego

OfferKind = Literal["feed", "sitemap"]

FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/rdf+xml"})
"""The `type` of a <link rel="alternate"> that announces a feed feedparser reads (JSON Feed it does not)."""

COMMON_FEED_PATHS = ("/feed", "/rss", "/feed.xml", "/rss.xml", "/atom.xml")
"""Where sites that announce no feed usually keep one (WordPress, Ghost, Hugo, Jekyll): tried in order
only when a page links none, and the first that parses as a feed is used."""

COMMON_SITEMAP_PATHS = ("/sitemap.xml", "/sitemap_index.xml")
"""Where sites whose robots.txt names no sitemap usually keep one (the protocol's default, Yoast's index)."""

ROBOTS_PATH = "/robots.txt"


@dataclass(frozen=True)
class Offer:
    """One feed or sitemap a site offers, and where it was found: how a reader can check it."""

    kind: OfferKind
    url: str
    found_via: str
    """"<link rel=alternate> on URL", "robots.txt", or "common path"."""

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "url": self.url, "found_via": self.found_via}


def feed_links(html: str, *, url: str) -> list[str]:
    """The feeds a page announces with <link rel="alternate" type="application/rss+xml" href=…>, absolute."""
    tree = _parse(html, url)
    if tree is None:
        return []
    found: list[str] = []
    for link in tree.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        kind = (link.get("type") or "").split(";", 1)[0].strip().lower()
        href = (link.get("href") or "").strip()
        if "alternate" in rel and kind in FEED_TYPES and href:
            absolute = urljoin(_base(tree, url), href)
            if absolute.startswith(("http://", "https://")) and absolute not in found:
                found.append(absolute)
    return found


def robots_sitemaps(robots_txt: str, *, url: str) -> list[str]:
    """The `Sitemap:` lines of a robots.txt (read by Protego), made absolute against its URL."""
    found: list[str] = []
    for sitemap in Protego.parse(robots_txt).sitemaps:
        absolute = urljoin(url, sitemap.strip())
        if absolute.startswith(("http://", "https://")) and absolute not in found:
            found.append(absolute)
    return found


def page_links(html: str, *, url: str) -> Iterator[str]:
    """The absolute http(s) targets of a page's <a href> links, fragments dropped, in page order."""
    tree = _parse(html, url)
    if tree is None:
        return
    base = _base(tree, url)
    for anchor in tree.iter("a"):
        href = (anchor.get("href") or "").strip()
        if not href or href.startswith("#"):
            continue
        target = urljoin(base, href).split("#", 1)[0]
        if target.startswith(("http://", "https://")):
            yield target


def same_site(url: str, site_url: str) -> bool:
    """Whether `url` is on the site of `site_url`: the same host, a leading "www." not counted."""
    return _site_host(url) == _site_host(site_url)


def site_root(url: str) -> str:
    """The scheme and host of a page: where its robots.txt and the usual feed and sitemap paths are."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _site_host(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    return host.removeprefix("www.")


def _parse(html: str, url: str) -> lxml_html.HtmlElement | None:
    """Parse a page leniently; a page lxml cannot read at all offers nothing."""
    if not html.strip():
        return None
    try:
        # Bytes in a stated encoding: a page's own <meta charset> no longer applies to text already decoded.
        return lxml_html.document_fromstring(
            html.encode("utf-8"), parser=lxml_html.HTMLParser(encoding="utf-8"), base_url=url
        )
    except (etree.ParserError, ValueError):
        return None


def _base(tree: lxml_html.HtmlElement, url: str) -> str:
    """The page's <base href>, if it declares one, else its own URL."""
    for base in tree.iter("base"):
        href = (base.get("href") or "").strip()
        if href:
            return urljoin(url, href)
    return url
