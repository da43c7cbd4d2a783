"""Words written straight into a container, before or between its blocks: a paragraph of their own.

`<div><h2>Pay</h2>Freelancers need <a href=...>accounting software</a> that fits.<p>...</p></div>`
shows the words after the heading as a paragraph, a box the browser makes for them. trafilatura,
reading the same markup, cuts the run before its first link or formatting and drops the space
there ('remain the' / 'backbone of the economyin different', WCXB 4251), or loses the run (0406, a
hand-written page whose text sits in <body> between its headings). Giving each such run the <p>
the browser implies makes both read it whole.
"""

from __future__ import annotations

from collections.abc import Iterable

from lxml import etree

from scraper.extraction.blocks import SENTENCE_STOPS, word_count
from scraper.extraction.whitespace import BLOCK_TAGS

SPLIT_BEFORE = frozenset({"a", "b", "em", "i", "mark", "strong", "u"})
"""What trafilatura reads as a link or formatting, and cuts a loose run before. A run of plain words
is kept whole already, unless its container writes its paragraphs loose (WRITTEN_MIN_RUNS)."""
WRITTEN_RUN_WORDS = 12
"""A run of this many words ending at a sentence stop is a paragraph of prose, not a label or a caption."""
WRITTEN_MIN_RUNS = 2
"""A container holding this many such runs writes its paragraphs as loose text between its blocks (image
boxes, ad slots, embeds): each of its runs is a paragraph, plain ones too. trafilatura keeps the first run
of such a container and, where no paragraph element stands in it, loses runs after a later block (WCXB
0119, a news site: two of its paragraphs). Measured: WCXB 0119 0.93 -> 0.99 F1, 0406 +0.014, 0267 and
0312 +0.003, no page down; every ScrapingHub output the same. Wrapped wherever a plain run stands, runs
of spec tables and forum posts changed what trafilatura took for the body (eight pages down, to -0.06)."""
_CLOSING_MARKS = "\"'”’»)"
"""Quotation marks and brackets that may close a sentence after its stop."""
MIN_RUN_WORDS = 4
"""Fewer words between two blocks are a label or a separator, not a paragraph."""
MAX_RUN_LINKED = 0.5
"""A run with more of its words in links than this is a row of links, left to the link rules."""

Run = tuple[etree._Element | None, list[etree._Element]]
"""The child a run follows, whose tail opens it (None: the container's own text does), and the inline
elements in it."""


def wrap_loose_runs(containers: Iterable[etree._Element]) -> None:
    """Wrap each loose run of words with a link or formatting in it in a <p>, where it stands; in a container
    that writes its paragraphs loose, plain runs too.

    `containers` are those `separate_blocks` found holding words beside their blocks, before the first
    child or right after a block: a run whose words all follow a link or formatting is not looked for
    (no page of either set has one that changes). Measured: WCXB
    0406 0.77 -> 0.95 F1, 0495 +0.018, 4251 +0.003, four more pages up by less, 0267 and 0312 -0.001;
    ScrapingHub unchanged. Runs broken by <br> stay as they are: a product page's description written
    as <br>-separated lines drew trafilatura to other parts of the page once wrapped (3071 -0.10).
    """
    for parent in containers:
        runs = _runs(parent)
        texts = [_run_text(parent, run) for run in runs]
        written = sum(1 for text in texts if _is_prose_sentence(text)) >= WRITTEN_MIN_RUNS
        for run, text in zip(runs, texts, strict=True):
            if _is_paragraph(parent, run, text, plain=written):
                wrap_run(parent, run)


def _runs(parent: etree._Element) -> list[Run]:
    """The runs between the block children; none where there is no block child (the container reads as
    one paragraph already). An inline element around blocks (<a><div>..</div></a>) is a block here."""
    runs: list[Run] = []
    before: etree._Element | None = None
    inline: list[etree._Element] = []
    for child in parent:
        if child.tag in BLOCK_TAGS or next(child.iterdescendants(*BLOCK_TAGS), None) is not None:
            runs.append((before, inline))
            before, inline = child, []
        else:
            inline.append(child)
    if before is None:
        return []
    runs.append((before, inline))
    return runs


def _run_text(parent: etree._Element, run: Run) -> str:
    """A run's words in the order the page shows them: its loose text and its inline elements' words."""
    before, inline = run
    pieces = [(parent.text if before is None else before.tail) or ""]
    for element in inline:
        pieces += (element.text_content(), element.tail or "")
    return " ".join(pieces)


def _is_prose_sentence(text: str) -> bool:
    """A run long enough for prose that ends at a sentence stop, a closing quote or bracket after it allowed."""
    return word_count(text) >= WRITTEN_RUN_WORDS and text.rstrip().rstrip(_CLOSING_MARKS)[-1:] in SENTENCE_STOPS


def _is_paragraph(parent: etree._Element, run: Run, text: str, *, plain: bool) -> bool:
    """Whether a run whose words are `text` is a paragraph to wrap: one with a link or formatting that
    trafilatura cuts it at, or, where `plain`, any; a run of a few words or mostly links is not."""
    before, inline = run
    loose = [(parent.text if before is None else before.tail) or "", *(element.tail or "" for element in inline)]
    tags = {element.tag for element in inline}
    if not "".join(loose).strip() or "br" in tags or not (plain or tags & SPLIT_BEFORE):
        return False
    words = word_count(text)
    linked = sum(word_count(link.text_content()) for element in inline for link in element.iter("a"))
    return words >= MIN_RUN_WORDS and linked <= MAX_RUN_LINKED * words


def wrap_run(parent: etree._Element, run: Run) -> None:
    """Wrap a run of `parent` in a <p>, where it stands."""
    before, inline = run
    paragraph = parent.makeelement("p")
    if before is None:
        paragraph.text, parent.text = parent.text, None
        parent.insert(0, paragraph)
    else:
        paragraph.text, before.tail = before.tail, " "
        before.addnext(paragraph)
    for element in inline:
        paragraph.append(element)  # with its tail
