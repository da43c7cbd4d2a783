"""Bytes to text for documents handed to the extractor without a known encoding."""

from __future__ import annotations

from bs4.dammit import UnicodeDammit

from scraper.errors import ExtractionError


def decode_html(content: bytes) -> str:
    """Decode HTML bytes: BOM, then the document's own declaration, then detection.

    Beautiful Soup's UnicodeDammit tries these in that order and rejects a
    declaration the bytes contradict (a page saying utf-8 but holding cp1251).
    """
    dammit = UnicodeDammit(content, is_html=True)
    if dammit.unicode_markup is None:
        raise ExtractionError("cannot decode the document's bytes in any known encoding")
    return dammit.unicode_markup


def decode_text(content: bytes) -> str:
    """Decode plain-text bytes: a BOM or valid UTF-8 first, then detection."""
    dammit = UnicodeDammit(content, known_definite_encodings=["utf-8"], is_html=False)
    if dammit.unicode_markup is None:
        raise ExtractionError("cannot decode the text's bytes in any known encoding")
    return dammit.unicode_markup
