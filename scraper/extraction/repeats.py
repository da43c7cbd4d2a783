"""Pages printed twice: drop a long run of blocks that repeats an earlier run word for word.

Responsive templates render the same article once per layout (a mobile and a desktop copy, each
shown by CSS alone), and trafilatura reads every copy: WCXB 0355 came out three times over. Short
repeats are content (a training plan's 'warm up' lines, a meal plan's portions, a forum quote of
a sentence): only a run of consecutive blocks that together repeat much text is a second copy.
"""

from __future__ import annotations

from collections.abc import Sequence

from scraper.extraction.blocks import Block

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
