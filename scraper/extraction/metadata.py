"""Article metadata from what the page declares: JSON-LD first, then <meta>, then the markup."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin

from lxml import html as lxml_html

from scraper.extraction.authors import read_authors
from scraper.extraction.dates import read_dates
from scraper.extraction.structured import StructuredData, as_text

TITLE_SEPARATORS = re.compile(r"\s+[|\u2013\u2014\-·:»]\s+")


@dataclass(frozen=True)
class Metadata:
    """What an Article says about itself besides its text."""

    title: str | None = None
    authors: tuple[str, ...] = ()
    date: str | None = None
    modified: str | None = None
    site_name: str | None = None
    language: str | None = None
    canonical_url: str | None = None
    description: str | None = None


def read_metadata(tree: lxml_html.HtmlElement, data: StructuredData, url: str | None) -> Metadata:
    """Combine the declared metadata into one record, each field from its most reliable source."""
    article = data.article
    dates = read_dates(tree, data, url)
    site_name = data.first_meta("og:site_name", "application-name") or as_text(article.get("publisher"))
    return Metadata(
        title=_title(tree, data, site_name),
        authors=read_authors(tree, data, site_name, url).names,
        date=dates.published.value if dates.published else None,
        modified=dates.modified.value if dates.modified else None,
        site_name=site_name,
        language=_language(data),
        canonical_url=_canonical(data, url),
        description=data.first_meta("description", "og:description", "twitter:description")
        or as_text(article.get("description")),
    )


def _title(tree: lxml_html.HtmlElement, data: StructuredData, site_name: str | None) -> str | None:
    declared = as_text(data.article.get("headline")) or data.first_meta("og:title", "twitter:title")
    if declared:
        return declared
    heading = tree.find(".//h1")
    if heading is not None:
        text = " ".join(heading.text_content().split())
        if text:
            return text
    return _strip_site_suffix(data.title_tag, site_name) if data.title_tag else None


def _strip_site_suffix(title: str, site_name: str | None) -> str:
    """'Headline | Site' → 'Headline': drop the shortest separated part, or the part naming the site."""
    parts = TITLE_SEPARATORS.split(title)
    if len(parts) < 2:
        return title
    if site_name:
        kept = [part for part in parts if part.lower() != site_name.lower()]
        if kept and len(kept) < len(parts):
            return " - ".join(kept)
    return max(parts, key=len)


def _language(data: StructuredData) -> str | None:
    raw = (
        data.html_lang
        or as_text(data.article.get("inLanguage"))
        or data.first_meta("content-language", "og:locale", "language")
    )
    if not raw:
        return None
    code = raw.replace("_", "-").split("-")[0].strip().lower()
    return code if code.isalpha() and 2 <= len(code) <= 3 else None


def _canonical(data: StructuredData, url: str | None) -> str | None:
    declared = data.canonical or data.first_meta("og:url")
    if not declared:
        return url
    resolved = urljoin(url, declared) if url else declared
    return resolved if resolved.startswith(("http://", "https://")) else url
