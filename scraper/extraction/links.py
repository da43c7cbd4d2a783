"""Which split lines are links: trafilatura marks links per paragraph, so lines cut from one lose them."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from lxml import html as lxml_html

from scraper.extraction.blocks import Block, normalize_space, word_count

LINKED = 0.9
"""Link density from which a block is a link, not prose."""

CLOSING_PROSE_WORDS = 12
"""An unlinked block of this many words is prose: the lines after the last one close the page."""

MIN_LINK_CHARS = 2
"""Menu entries can be two letters ('EN', 'TV'); a single character says nothing."""


def anchor_texts(tree: lxml_html.HtmlElement) -> frozenset[str]:
    """The normalised, case-folded texts of the page's links."""
    texts = set()
    for anchor in tree.iter("a"):
        text = normalize_space(anchor.text_content())
        if len(text) >= MIN_LINK_CHARS:
            texts.add(text.casefold())
    return frozenset(texts)


def longest_anchor_in(text: str, anchors: frozenset[str]) -> int:
    """The length of the longest link text of the page found inside `text` (case-folded).

    trafilatura drops a link that wraps block elements (a card's <a> around its <h3>), so
    its output says such a headline is unlinked; the page's own anchors say otherwise.
    """
    folded = text.casefold()
    return max((len(anchor) for anchor in anchors if anchor in folded), default=0)


def mark_links(blocks: Sequence[Block], tree: lxml_html.HtmlElement, *, split_only: bool = True) -> list[Block]:
    """Set `link_chars` on lines whose whole text, or its part after a label, is one link's text.

    Only on split lines unless `split_only` is false: for blocks read without any link marks.
    """
    if split_only and not any(block.split for block in blocks):
        return list(blocks)
    anchors = anchor_texts(tree)
    return [_marked(block, anchors) if block.split or not split_only else block for block in blocks]


def mark_closing_links(blocks: Sequence[Block], tree: lxml_html.HtmlElement) -> list[Block]:
    """The lines after the last paragraph of prose with link marks read from the page's anchors.

    trafilatura keeps a footer's "Privacy Policy" or "Newsletters" without its link when the anchor
    wraps a block or the line stands alone; the page's own anchors say it was a link.
    """
    last_prose = max((index for index, block in enumerate(blocks) if _is_prose(block)), default=None)
    if last_prose is None or last_prose == len(blocks) - 1:
        return list(blocks)
    return list(blocks[: last_prose + 1]) + mark_links(blocks[last_prose + 1 :], tree, split_only=False)


def _is_prose(block: Block) -> bool:
    return block.link_density < LINKED and word_count(block.text) >= CLOSING_PROSE_WORDS


def _marked(block: Block, anchors: frozenset[str]) -> Block:
    folded = block.text.casefold()
    if folded in anchors:
        return dataclasses.replace(block, link_chars=len(block.text))
    if ":" in folded[:40]:
        label, _, rest = folded.partition(":")
        if rest.strip() in anchors:
            return dataclasses.replace(block, link_chars=len(block.text) - len(label) - 1)
    return block
