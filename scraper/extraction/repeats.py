"""Text printed twice: a page rendered once per layout, and a thread's replies quoting earlier posts.

Responsive templates render the same article once per layout (a mobile and a desktop copy, each
shown by CSS alone), and trafilatura reads every copy: WCXB 0355 came out three times over. Short
repeats are content (a training plan's 'warm up' lines, a meal plan's portions): only a run of
consecutive blocks that together repeat much text is a second copy. On a discussion thread, a reply
that quotes an earlier post repeats it in a quote block: the post is read once, where it was written.
"""

from __future__ import annotations

from collections.abc import Sequence

from scraper.extraction.blocks import Block
from scraper.models import RemovedBlock

MIN_REPEATED_CHARS = 1500
"""A repeated run shorter than this stays. Measured on the WCXB and ScrapingHub pages: second copies
of an article or a thread run to 1,700-17,700 characters; repeated schedules and recipes (a meal
plan on ScrapingHub 5f03: 908 and 1,016) stay under it."""


def without_repeated_runs(blocks: Sequence[Block]) -> list[Block]:
    """The blocks without each run that repeats, in order, an earlier run of MIN_REPEATED_CHARS or more."""
    keys = [" ".join(block.text.split()).casefold() for block in blocks]
    first_seen: dict[str, int] = {}
    dropped: set[int] = set()
    index = 0
    while index < len(keys):
        earlier = first_seen.get(keys[index])
        if earlier is None:
            first_seen[keys[index]] = index
            index += 1
            continue
        length = _run_length(keys, earlier, index)
        if sum(len(keys[index + step]) for step in range(length)) >= MIN_REPEATED_CHARS:
            dropped.update(range(index, index + length))
        for step in range(length):
            first_seen.setdefault(keys[index + step], index + step)
        index += length
    return [block for index, block in enumerate(blocks) if index not in dropped]


def _run_length(keys: list[str], earlier: int, later: int) -> int:
    """How many blocks from `later` on repeat those from `earlier` on, the earlier copy ending before `later`."""
    length = 0
    while later + length < len(keys) and earlier + length < later and keys[later + length] == keys[earlier + length]:
        length += 1
    return length


QUOTED_PART = 2 / 3
"""The share of a quote, counted from its end, that must repeat earlier text for the quote to be a quoted
post: forums open a quote with an attribution of their own ('8 hours ago, JGD said:')."""

MIN_QUOTED_CHARS = 30
"""A quote whose repeated part is shorter than this ('Link is private.') says too little to be matched."""

QUOTED_POST_RULE = "quoted-post"


def without_quoted_posts(blocks: Sequence[Block]) -> tuple[list[Block], list[RemovedBlock]]:
    """A discussion thread's blocks without the quotes that repeat an earlier part of the thread.

    Only for pages that declare themselves a discussion: on an article, a pull quote repeats one of its
    sentences, and the reviewed texts of 8 of the 12 WCXB articles with one keep it twice. Measured on
    the declared discussions: WCXB 0550 0.51 -> 0.60 F1 (five quoted posts), 0547 0.457 -> 0.487 (eight);
    no other WCXB or ScrapingHub page changes.
    """
    kept: list[Block] = []
    quoted: list[RemovedBlock] = []
    earlier: list[str] = []
    for block in blocks:
        words = block.text.casefold().split()
        if block.kind == "quote":
            repeated = " ".join(words[len(words) - int(QUOTED_PART * len(words)) :])
            if len(repeated) >= MIN_QUOTED_CHARS and repeated in " ".join(earlier):
                quoted.append(RemovedBlock("other", QUOTED_POST_RULE, block.text))
                continue
        kept.append(block)
        earlier.append(" ".join(words))
    return kept, quoted
