"""Hub pages (section fronts, tag pages, search results): a river of linked headlines, no article.

A hub is told by the shape of what main-content extraction kept, never by the
page's type or address: many short entries, each mostly one link, and not one
block of prose among them. Recipes, list posts, changelogs, forum threads and
encyclopedia entries are lists too, but their entries are not linked headlines,
or prose stands between them, so they come back as text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from lxml import html as lxml_html

from scraper.extraction.blocks import SENTENCE_STOPS, Block, word_count
from scraper.extraction.links import anchor_texts, longest_anchor_in

HEADLINE_MAX_WORDS = 20
"""A headline is short; an entry with a summary sentence after its link is longer."""

HEADLINE_LINKED = 0.5
"""An entry whose text is mostly one link reads as a headline pointing elsewhere."""

MIN_HEADLINES = 5
"""A hub lists many stories; two or three linked lines are a 'related' box, not a page."""

HEADLINE_SHARE = 0.6
"""Linked headlines make most of a hub's text."""

PROSE_MIN_WORDS = 20
"""One unlinked block this long is article text: the page is not a hub."""

SENTENCE_MIN_WORDS = 4
_SENTENCE_END = re.compile(rf"[^\s…{SENTENCE_STOPS}][{SENTENCE_STOPS}][\"'”’»)\]]*(?:\s|$)")
"""A full stop, question or exclamation mark right after a word: an ellipsis ('Shopping for...') ends no
sentence. Any character but a space or a mark may end the word: a Hindi or Bengali word ends in a vowel
sign, which regular expressions do not count as a word character."""


def is_headline_hub(blocks: Sequence[Block], tree: lxml_html.HtmlElement) -> bool:
    """True when the page's text is a list of linked headlines with no prose: a hub, not an article.

    The page's anchors are read only when the blocks already have a hub's shape (short entries, no
    prose): on article pages the answer costs nothing.
    """
    total = sum(len(block.text) for block in blocks)
    short = [block for block in blocks if _is_entry(block)]
    if (
        len(short) < MIN_HEADLINES
        or sum(len(block.text) for block in short) < HEADLINE_SHARE * total
        or any(_is_prose(block) for block in blocks)
    ):
        return False
    anchors = anchor_texts(tree)
    headlines = [block for block in short if _linked_chars(block, anchors) >= HEADLINE_LINKED * len(block.text)]
    return len(headlines) >= MIN_HEADLINES and sum(len(block.text) for block in headlines) >= HEADLINE_SHARE * total


def has_sentence(blocks: Sequence[Block]) -> bool:
    """Some block reads as a sentence: a few words ending in a full stop, question or exclamation mark."""
    return any(
        block.link_density < HEADLINE_LINKED
        and word_count(block.text) >= SENTENCE_MIN_WORDS
        and _SENTENCE_END.search(block.text) is not None
        for block in blocks
    )


def _is_entry(block: Block) -> bool:
    return block.kind in ("item", "paragraph", "heading") and word_count(block.text) <= HEADLINE_MAX_WORDS


def _linked_chars(block: Block, anchors: frozenset[str]) -> int:
    if block.link_density >= HEADLINE_LINKED:
        return block.link_chars
    return max(block.link_chars, longest_anchor_in(block.text, anchors))


def _is_prose(block: Block) -> bool:
    return (
        block.kind in ("paragraph", "quote", "item")
        and block.link_density < HEADLINE_LINKED
        and word_count(block.text) >= PROSE_MIN_WORDS
    )
