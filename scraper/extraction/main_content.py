"""Main-content extraction: trafilatura finds the article body in the (already de-chromed) tree."""

from __future__ import annotations

import logging

from lxml import html as lxml_html
from trafilatura import bare_extraction
from trafilatura.settings import Document, Extractor

from scraper.extraction.blocks import Block, blocks_from_xml

logger = logging.getLogger(__name__)

SHORT_RESULT_CHARS = 500
"""Below this, trafilatura's slower fallback algorithms get a second look at the page."""


def extract_blocks(tree: lxml_html.HtmlElement, *, url: str | None, include_tables: bool) -> list[Block]:
    """Run trafilatura's fast path; only pages where it finds little pay for the fallbacks."""
    blocks = _run(tree, url=url, include_tables=include_tables, fast=True)
    if sum(len(block.text) for block in blocks) < SHORT_RESULT_CHARS:
        fallback = _run(tree, url=url, include_tables=include_tables, fast=False)
        if sum(len(block.text) for block in fallback) > sum(len(block.text) for block in blocks):
            return fallback
    return blocks


def _run(tree: lxml_html.HtmlElement, *, url: str | None, include_tables: bool, fast: bool) -> list[Block]:
    # No url for trafilatura: it would resolve every link of the page; only the kept ones are resolved, later.
    options = Extractor(
        output_format="xml",
        fast=fast,
        comments=False,
        links=True,
        formatting=True,
        tables=include_tables,
    )
    try:
        document = bare_extraction(tree, options=options)
    except (ValueError, TypeError, AttributeError, RecursionError) as exc:
        # trafilatura gives up on some degenerate trees by raising; that page simply has no body.
        logger.debug("trafilatura failed on %s: %s", url, exc)
        return []
    if not isinstance(document, Document) or document.body is None:
        return []
    return blocks_from_xml(document.body, base_url=url)
