"""Each kind of document accepts its own content types; feeds and sitemaps may come gzipped."""

from __future__ import annotations

import asyncio

import pytest

from scraper.errors import ContentTypeError, TooLargeError
from scraper.models import DocumentKind, FetchRequest, FetchResult
from scraper.session import AsyncScraper, Scraper
from tests.fetch.conftest import make_config
from tests.support.bodies import gzipped
from tests.support.server import LocalServer, Reply

FEED = b'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>News</title></channel></rss>'
SITEMAP = b'<?xml version="1.0"?><urlset><url><loc>http://example.com/a</loc></url></urlset>'


def fetch_as(url: str, kind: DocumentKind, **fetch: object) -> FetchResult:
    async def run() -> FetchResult:
        async with AsyncScraper(make_config(**fetch)) as session:
            return await session.fetch(FetchRequest(url, kind=kind))

    return asyncio.run(run())


def test_a_pdf_is_refused_naming_its_type(server: LocalServer, session: Scraper) -> None:
    server.add("/paper.pdf", Reply(body=b"%PDF-1.7\n" + b"\0" * 5000, content_type="application/pdf"))

    with pytest.raises(ContentTypeError, match="application/pdf") as caught:
        session.fetch(server.url("/paper.pdf"))

    assert caught.value.content_type == "application/pdf"
    assert server.hits("/paper.pdf") == 1


def test_xhtml_is_an_html_page(server: LocalServer, session: Scraper) -> None:
    server.add("/page", Reply(body=b"<html><body><p>x</p></body></html>", content_type="application/xhtml+xml"))

    assert session.fetch(server.url("/page")).html == "<html><body><p>x</p></body></html>"


def test_a_page_without_a_content_type_is_accepted(server: LocalServer, session: Scraper) -> None:
    server.add("/page", Reply(body=b"<html><body><p>x</p></body></html>", content_type=None))

    assert session.fetch(server.url("/page")).status == 200


def test_an_html_request_refuses_a_feed(server: LocalServer, session: Scraper) -> None:
    server.add("/feed", Reply(body=FEED, content_type="application/rss+xml"))

    with pytest.raises(ContentTypeError, match="application/rss\\+xml"):
        session.fetch(server.url("/feed"))


@pytest.mark.parametrize(
    "content_type",
    ["application/rss+xml", "application/atom+xml", "application/xml", "text/xml; charset=utf-8", "text/plain"],
)
def test_an_xml_request_accepts_feed_and_sitemap_types(server: LocalServer, content_type: str) -> None:
    server.add("/feed", Reply(body=FEED, content_type=content_type))

    assert fetch_as(server.url("/feed"), "xml").html == FEED.decode()


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("/sitemap.xml.gz", "application/gzip"),
        ("/sitemap", "application/x-gzip"),
        ("/sitemap.xml.gz", "application/octet-stream"),
        ("/sitemap.xml.gz", "application/xml"),
    ],
)
def test_a_gzipped_sitemap_is_decompressed(server: LocalServer, path: str, content_type: str) -> None:
    server.add(path, Reply(body=gzipped(SITEMAP), content_type=content_type))

    result = fetch_as(server.url(path), "xml")

    assert result.html == SITEMAP.decode()
    assert result.content == SITEMAP


def test_a_gz_url_holding_plain_xml_is_read_as_is(server: LocalServer) -> None:
    server.add("/sitemap.xml.gz", Reply(body=SITEMAP, content_type="application/xml"))

    assert fetch_as(server.url("/sitemap.xml.gz"), "xml").content == SITEMAP


def test_a_gzipped_sitemap_is_held_to_the_decoded_limit(server: LocalServer) -> None:
    big = b"<urlset>" + b"<url><loc>http://example.com/x</loc></url>" * 10_000 + b"</urlset>"
    server.add("/sitemap.xml.gz", Reply(body=gzipped(big), content_type="application/gzip"))

    with pytest.raises(TooLargeError):
        fetch_as(server.url("/sitemap.xml.gz"), "xml", max_body_bytes=len(big) // 2)


def test_an_xml_request_refuses_an_html_page(server: LocalServer) -> None:
    server.add("/page", Reply(body=b"<html></html>"))

    with pytest.raises(ContentTypeError, match="text/html"):
        fetch_as(server.url("/page"), "xml")
