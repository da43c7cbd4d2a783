"""XML sitemaps and sitemap indexes (and plain-text sitemaps), parsed as a stream.

A small lxml iterparse reader instead of a library: ultimate-sitemap-parser's string API
drops the <lastmod> of an index's sitemaps (which we use to skip old ones) and pickles
pages to temporary files, and trafilatura's sitemap helpers match links with regular
expressions and ignore <lastmod>. lxml is already a dependency, parses incrementally
(memory stays flat on a 50,000-URL sitemap) and, with entities off, is safe on hostile XML.

Google News sitemaps (https://www.google.com/schemas/sitemap-news/0.9) are sitemaps whose
<url> entries carry a <news:news> element: its publication date, title and language are read
here too. ultimate-sitemap-parser knows them as well, but it fetches a site's whole sitemap tree
itself through a synchronous web client in one call: no conditional GETs, no skipping a child
sitemap whose <lastmod> has not moved, and every page of the tree held in memory at once.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

from lxml import etree

from scraper.errors import SourceError
from scraper.sources.base import SitemapEntry
from scraper.sources.dates import parse_w3c_datetime

_ENTRY_TAGS = {"url": False, "sitemap": True}
"""Local names of the elements that carry a <loc>, and whether they point at another sitemap."""

SITEMAP_ROOTS = frozenset({"urlset", "sitemapindex"})
"""The root elements of the sitemaps.org protocol; any other XML document (an RSS feed, an XHTML
"not found" page) is not a sitemap, and reading it as an empty one would hide the failure."""


def parse_sitemap(content: bytes, *, url: str) -> Iterator[SitemapEntry]:
    """Yield the entries of a sitemap or index; entries before a syntax error are still yielded."""
    if not content.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        yield from _parse_text(content, url=url)
        return
    parser = etree.iterparse(
        io.BytesIO(content), events=("start", "end"), resolve_entities=False, no_network=True, huge_tree=False
    )
    try:
        for event, element in parser:
            name = etree.QName(element).localname if isinstance(element.tag, str) else ""
            if event == "start":
                if element.getparent() is None and name not in SITEMAP_ROOTS:
                    raise SourceError(
                        f"not a sitemap: the document is <{name}>, not <urlset> or <sitemapindex>", url=url
                    )
                continue
            if name in _ENTRY_TAGS:
                entry = _entry(element, is_sitemap=_ENTRY_TAGS[name])
                _release(element)
                if entry is not None:
                    yield entry
    except etree.XMLSyntaxError as exc:
        raise SourceError(f"malformed sitemap: {exc}", url=url) from exc


def _entry(element: etree._Element, *, is_sitemap: bool) -> SitemapEntry | None:
    fields: dict[str, str] = {}
    for child in element:
        if not isinstance(child.tag, str):
            continue
        name = etree.QName(child).localname
        if name == "news":
            fields.update(_news_fields(child))
        elif name in ("loc", "lastmod"):
            fields[name] = (child.text or "").strip()
    loc, lastmod = fields.get("loc"), fields.get("lastmod") or None
    if not loc:
        return None
    published = parse_w3c_datetime(fields.get("publication_date"))
    return SitemapEntry(
        url=loc,
        dated=published or parse_w3c_datetime(lastmod),
        lastmod=lastmod,
        is_sitemap=is_sitemap,
        title=fields.get("title") or None,
        language=fields.get("language") or None,
    )


_NEWS_FIELDS = frozenset({"publication_date", "title", "language"})
"""The children of <news:news> (and of its <news:publication>) that a source uses."""


def _news_fields(news: etree._Element) -> dict[str, str]:
    """Publication date, title and language of a Google News entry; the language sits in <news:publication>."""
    return {
        etree.QName(node).localname: " ".join((node.text or "").split())
        for node in news.iter()
        if isinstance(node.tag, str) and etree.QName(node).localname in _NEWS_FIELDS
    }


def _release(element: etree._Element) -> None:
    """Free parsed entries as we go, so a large sitemap does not build a large tree."""
    element.clear()
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


def _parse_text(content: bytes, *, url: str) -> Iterator[SitemapEntry]:
    """A text sitemap: one URL a line (sitemaps.org allows it); a document with none (a JSON error) is no sitemap."""
    found = False
    for line in content.decode("utf-8", errors="replace").splitlines():
        candidate = line.strip()
        if candidate.startswith(("http://", "https://")):
            found = True
            yield SitemapEntry(url=candidate, dated=None, lastmod=None, is_sitemap=False)
    if not found:
        raise SourceError("not a sitemap: neither XML nor a text list of URLs", url=url)
