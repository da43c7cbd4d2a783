"""Byline lines in the body: who wrote the article belongs in `authors`, not again in the text.

trafilatura keeps the byline when the page prints it inside the article's container ("By Rick
Steves" under the headline, "Written by Cassidy Horton" above the author box at the end). A line
is taken for the byline only when it holds the names the page declares as its authors and, beside
them, nothing but lead-in words, joining words, a date and a reading time: a sentence that names
the author ("Contact staff writer Jill Barshay at …") or a sign-off with more words stays.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from scraper.extraction.blocks import Block
from scraper.extraction.vocabulary_meta import BYLINE_WORDS, DATE_WORDS, JOINING_WORDS, LEADING_BYLINE_WORDS
from scraper.models import RemovedBlock

EDGE_BLOCKS = 3
"""A byline printed in the body sits among the first or the last few blocks: under the headline or
above the author box."""
MAX_BYLINE_CHARS = 120
"""Longer lines are sentences or author boxes with a biography, whatever names they hold."""
MIN_NAME_CHARS = 3
"""Shorter declared 'names' (initials) match inside ordinary words."""
READING_TIME_WORDS = frozenset({"min", "mins", "minute", "minutes", "read"})
"""The words of a reading time printed beside the byline ("10 min read")."""
BYLINE_KINDS = ("paragraph", "heading", "item")

_ALLOWED_WORDS = BYLINE_WORDS | LEADING_BYLINE_WORDS | JOINING_WORDS | DATE_WORDS | READING_TIME_WORDS
_WORD = re.compile(r"[^\W\d_][\w'’.-]*|\d[\w:.]*")


def without_bylines(blocks: Sequence[Block], authors: Sequence[str]) -> tuple[list[Block], list[RemovedBlock]]:
    """The blocks without lines at either edge of the body that are only the byline of `authors`."""
    names = [name.casefold() for name in authors if len(name) >= MIN_NAME_CHARS]
    if not names:
        return list(blocks), []
    edges = set(range(min(EDGE_BLOCKS, len(blocks)))) | set(range(max(0, len(blocks) - EDGE_BLOCKS), len(blocks)))
    bylines = {index for index in edges if _is_byline(blocks[index], names)}
    if len(bylines) == len(blocks):
        return list(blocks), []
    kept = [block for index, block in enumerate(blocks) if index not in bylines]
    removed = [RemovedBlock("other", "byline", blocks[index].text) for index in sorted(bylines)]
    return kept, removed


def _is_byline(block: Block, names: Sequence[str]) -> bool:
    if block.kind not in BYLINE_KINDS or len(block.text) > MAX_BYLINE_CHARS or "\n" in block.text:
        return False
    rest = block.text.casefold()
    named = False
    for name in sorted(names, key=len, reverse=True):
        if name in rest:
            rest, named = rest.replace(name, " "), True
    return named and all(_is_byline_word(word) for word in _WORD.findall(rest))


def _is_byline_word(word: str) -> bool:
    return word[0].isdigit() or word in _ALLOWED_WORDS or word.rstrip(".:") in _ALLOWED_WORDS
