"""Which content types each kind of document accepts."""

from __future__ import annotations

from dataclasses import dataclass

from scraper.errors import ContentTypeError
from scraper.models import DocumentKind

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
XML_TYPES = frozenset(
    {
        "application/xml",
        "text/xml",
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "text/plain",  # sitemaps may be plain lists of URLs
    }
)
GZIP_TYPES = frozenset({"application/gzip", "application/x-gzip", "application/gzip-compressed"})
OCTET_STREAM = "application/octet-stream"
GZIP_SUFFIX = ".gz"


@dataclass(frozen=True)
class Acceptance:
    """The verdict on a response's type: acceptable, and whether the body may be a gzip file."""

    media_type: str
    may_be_gzip: bool


def media_type(content_type: str | None) -> str:
    """The lower-cased type/subtype of a Content-Type header, without parameters."""
    return (content_type or "").split(";", 1)[0].strip().lower()


def accept(kind: DocumentKind, content_type: str | None, *, url: str, path: str) -> Acceptance:
    """Check a response's Content-Type against the kind requested; refuse others with ContentTypeError.

    A missing Content-Type is accepted: many servers omit it for pages that are fine.
    """
    found = media_type(content_type)
    if kind == "html":
        if not found or found in HTML_TYPES:
            return Acceptance(found, may_be_gzip=False)
        raise ContentTypeError(f"expected an HTML page, got {found}", url=url, content_type=found)
    gz_name = path.lower().endswith(GZIP_SUFFIX)
    if not found or found in XML_TYPES or found.endswith("+xml"):
        return Acceptance(found, may_be_gzip=gz_name)
    if found in GZIP_TYPES or (found == OCTET_STREAM and gz_name):
        return Acceptance(found, may_be_gzip=True)
    raise ContentTypeError(f"expected a feed or sitemap, got {found}", url=url, content_type=found)
