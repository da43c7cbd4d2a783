"""Bylines, datelines and author boxes in the body: who wrote the article and when belong in `authors` and
`date`, not in the text.

trafilatura keeps the byline when the page prints it inside the article's container ("By Rick
Steves" under the headline, "Written by Cassidy Horton" above the author box at the end). A line
is taken for the byline only when it holds the names the page declares as its authors and, beside
them, nothing but lead-in words, joining words, a date (in any language htmldate reads) and a
reading time: a sentence that names the author ("Contact staff writer Jill Barshay at …") or a
sign-off with more words stays.

A line under the headline that shows the article's own date and little else (the dateline, "Jun 08, 2023 •
11 Minute Read", "2023年10月15日 10:35") belongs in `date`, whoever wrote it.

The author box below the article opens with the author's full name ("Rebecca Norris is a
freelance writer living in …"): from that paragraph to the end, the body's last few blocks are the
biography, not the story.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from scraper.extraction.blocks import SENTENCE_STOPS, Block, word_count
from scraper.extraction.dates import DAY_ONLY, date_in_text
from scraper.extraction.vocabulary_meta import (
    BYLINE_WORDS,
    DATE_WORDS,
    JOINING_WORDS,
    LEADING_BYLINE_WORDS,
    NAME_SUFFIX_ROLES,
)
from scraper.models import RemovedBlock

EDGE_BLOCKS = 3
"""A byline printed in the body sits among the first or the last few blocks: under the headline or
above the author box."""
MAX_BYLINE_CHARS = 120
"""Longer lines are sentences or author boxes with a biography, whatever names they hold."""
MIN_NAME_CHARS = 3
"""Shorter declared 'names' (initials) match inside ordinary words."""
MIN_BIOGRAPHY_CHARS = 15
"""An author box says more than the name: 'Jane Doe is a freelance writer' at least."""
MAX_DATELINE_WORDS = 12
"""A dateline is the date and a few words ("2023年10月15日 10:35 来源：新华社", "Jun 08, 2023 • 11 Minute Read")."""
READING_TIME_WORDS = frozenset({"min", "mins", "minute", "minutes", "read"})
"""The words of a reading time printed beside the byline ("10 min read")."""
BYLINE_KINDS = ("paragraph", "heading", "item")

_LEAD_IN_WORDS = BYLINE_WORDS | LEADING_BYLINE_WORDS
_ALLOWED_WORDS = _LEAD_IN_WORDS | JOINING_WORDS | DATE_WORDS | READING_TIME_WORDS | NAME_SUFFIX_ROLES
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
"""The author's address, which a byline may end with ("김민수 기자 minsu@hanbit.example")."""
_WORD = re.compile(r"[^\W\d_][\w'’.-]*|\d[\w:.]*")
_PARTS = re.compile(r"\s*[·|•,;—–]\s*|\s+-\s+")
"""What separates a byline's parts: the names, the date, the reading time."""


def without_bylines(
    blocks: Sequence[Block], authors: Sequence[str], date: str | None = None
) -> tuple[list[Block], list[RemovedBlock]]:
    """The blocks without lines at either edge of the body that are only the byline of `authors`, or only
    the article's `date`, and without the author box that closes the body."""
    names = sorted((name.casefold() for name in authors if len(name) >= MIN_NAME_CHARS), key=len, reverse=True)
    if not names and not date:
        return list(blocks), []
    last = len(blocks) - EDGE_BLOCKS
    edges = set(range(min(EDGE_BLOCKS, len(blocks)))) | set(range(max(0, last), len(blocks)))
    rules = {index: "byline" for index in edges if names and _is_byline(blocks[index], names)}
    if date:
        top = range(min(EDGE_BLOCKS, len(blocks)))
        rules.update({index: "dateline" for index in top if index not in rules and _is_dateline(blocks[index], date)})
    full_names = [name for name in authors if " " in name.strip()]
    biography = next(
        (index for index in range(max(1, last), len(blocks)) if _opens_biography(blocks[index], full_names)), None
    )
    if biography is not None:
        rules.update(dict.fromkeys(range(biography, len(blocks)), "author-bio"))
    if len(rules) == len(blocks):
        return list(blocks), []
    kept = [block for index, block in enumerate(blocks) if index not in rules]
    removed = [RemovedBlock("other", rule, blocks[index].text) for index, rule in sorted(rules.items())]
    return kept, removed


def _opens_biography(block: Block, full_names: Sequence[str]) -> bool:
    """A paragraph that starts with an author's full name and goes on: 'Jane Doe is a freelance writer …'."""
    return block.kind == "paragraph" and any(
        block.text.startswith(f"{name} ") and len(block.text) >= len(name) + MIN_BIOGRAPHY_CHARS for name in full_names
    )


def _is_byline(block: Block, names: Sequence[str]) -> bool:
    if block.kind not in BYLINE_KINDS or len(block.text) > MAX_BYLINE_CHARS or "\n" in block.text:
        return False
    rest = block.text.casefold()
    named = False
    for name in names:  # longest first: a full name before a shorter one it holds
        if name in rest:
            rest, named = rest.replace(name, " "), True
    return named and all(_is_byline_part(part) for part in _PARTS.split(_EMAIL.sub(" ", rest)))


def _is_byline_part(part: str) -> bool:
    """Lead-in, joining and date words and numbers, or a date in any language htmldate reads ('14 aprile 2026')."""
    words = _WORD.findall(part)
    return all(_is_byline_word(word) for word in words) or date_in_text(part) is not None


def _is_byline_word(word: str) -> bool:
    return word[0].isdigit() or word in _ALLOWED_WORDS or word.rstrip(".:") in _ALLOWED_WORDS


def _is_dateline(block: Block, date: str) -> bool:
    """A short line that shows the article's own day and little else: the date under the headline.

    Besides the date it may hold date words, a reading time and single words (a weekday, a place); a part
    of several other words is a title beside a date, as on a listing ("Allocating on the Stack, 27 February
    2026"), and a byline word names someone, whose line is the byline rule's to judge ("Last edited by …").
    A line ending like a sentence or an introduction (":") is text.
    """
    text = block.text
    if block.kind not in BYLINE_KINDS or "\n" in text or word_count(text) > MAX_DATELINE_WORDS:
        return False
    if text.rstrip().endswith((*SENTENCE_STOPS, ":")):
        return False
    shown = date_in_text(text)
    if shown is None or shown[:DAY_ONLY] != date[:DAY_ONLY]:
        return False
    parts = [(part, _WORD.findall(part)) for part in _PARTS.split(text.casefold())]
    if any(word.rstrip(".:") in _LEAD_IN_WORDS for _, words in parts for word in words):
        return False
    return all(len(words) <= 1 or _is_byline_part(part) for part, words in parts)
