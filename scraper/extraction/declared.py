"""What the page's JSON-LD says of its own article body: its text (`articleBody`) and length (`wordCount`)."""

from __future__ import annotations

import re

from scraper.extraction.blocks import UNSPACED_SCRIPTS
from scraper.extraction.structured import StructuredData

_WORD = re.compile(r"[\w\u0900-\u0dff]+")
"""A word as a declared length counts it. The vowel signs of the Indic scripts (U+0900-U+0DFF) are
inside words, though they are no word characters to regular expressions."""


def declared_body(data: StructuredData) -> str | None:
    """The article's text as the publisher declares it, when it does."""
    body = data.article.get("articleBody")
    return body if isinstance(body, str) and body.strip() else None


def declared_words(data: StructuredData) -> int:
    """The article's length in words as declared: counted in `articleBody`, else `wordCount`, else 0."""
    body = declared_body(data)
    if body is not None:
        return count_words(body)
    count = data.article.get("wordCount")
    try:
        return int(str(count).strip()) if count is not None else 0
    except ValueError:
        return 0


def words(text: str) -> list[str]:
    """The words of `text`, counted as publishers count a declared length.

    Each character of a script written without spaces is a word: publishers that count such text
    (Chinese, Japanese, Thai) count characters, and a count of the runs between punctuation, a few
    dozen for a whole article, took complete articles for truncated ones. Set apart only in text
    that holds such characters: a second pass over every text cost twice the time.
    """
    if not text.isascii() and UNSPACED_SCRIPTS.search(text):
        text = UNSPACED_SCRIPTS.sub(r" \g<0> ", text)
    return _WORD.findall(text)


def count_words(text: str) -> int:
    return len(words(text))
