"""Which lines are links where trafilatura's output lost the marks: lines cut from one paragraph (it marks
links per paragraph), and a footer's labels it kept as bare lines."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from lxml import html as lxml_html

from scraper.extraction.blocks import Block, is_prose, normalize_space

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

    By default on split lines and on the lines after the last paragraph of prose: trafilatura keeps a
    footer's "Privacy Policy" or "Newsletters" without its link when the anchor wraps a block or the
    line stands alone. On every block when `split_only` is false: for blocks read without any link marks.
    """
    if not split_only:
        every = anchor_texts(tree)
        return [_marked(block, every) for block in blocks]
    marked = list(blocks)
    anchors: frozenset[str] | None = None
    if any(block.split for block in marked):
        anchors = anchor_texts(tree)
        marked = [_marked(block, anchors) if block.split else block for block in marked]
    closing = _after_last_prose(marked)
    if closing < len(marked):
        closing_anchors = anchors if anchors is not None else anchor_texts(tree)
        marked[closing:] = [_marked(block, closing_anchors) for block in marked[closing:]]
    return marked


def _after_last_prose(blocks: Sequence[Block]) -> int:
    """Where the lines after the last paragraph of prose start; past the end when there is no prose."""
    last = max((index for index, block in enumerate(blocks) if is_prose(block, CLOSING_PROSE_WORDS)), default=None)
    return len(blocks) if last is None else last + 1


def _marked(block: Block, anchors: frozenset[str]) -> Block:
    folded = block.text.casefold()
    if folded in anchors:
        return dataclasses.replace(block, link_chars=len(block.text))
    if ":" in folded[:40]:
        label, _, rest = folded.partition(":")
        if rest.strip() in anchors:
            return dataclasses.replace(block, link_chars=len(block.text) - len(label) - 1)
    return block
