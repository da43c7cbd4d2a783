"""An article written as runs of text between blank lines (`<br><br>`) reads as paragraphs.

Older pages, blogs (Japanese blog services especially) and hand-written sites set their paragraphs
apart with two line breaks, not with `<p>`: "text<br><br>text<br><br>text" in a `<div>`, a table
cell or a `<font>`. A browser shows paragraphs; trafilatura, finding no `<p>` text to lock onto,
gave up on the body and dumped the whole page, menus and sidebars included, one line per text node
(ScrapingHub f6ac15a4 0.69 -> 0.83 F1; WCXB 0285 0.32 -> 0.89). Each run of four words or more
between blank lines, block elements or the container's ends becomes the `<p>` the browser implies.

Only where one container on the page is written so: several are posts, reviews or product panels
side by side, and trafilatura then locked onto one of them (WCXB forums 0526 -0.22, 4312 -0.16,
0516 -0.04, Steam's review panels 3078 -0.17 when each was wrapped). Measured with that rule:
ScrapingHub F1 0.9787 -> 0.9797, precision 0.9726 -> 0.9742, chrome cases' article snippets kept
98.8 -> 99.2 % (f6ac15a4 +0.134, 65408257 +0.036, 287e4d9f +0.022, 65bf3048 +0.016, none down);
WCXB article F1 0.9533 -> 0.9541 (0285 +0.563, 4367 +0.001), other types 0.7715 -> 0.7708 (3071
-0.103: on a Steam product page trafilatura now keeps the game's description alone, not the
requirements and reviews around it; 4852 -0.006), `with` and `without` snippets unchanged.
"""

from __future__ import annotations

from lxml import etree

from scraper.extraction.blocks import word_count
from scraper.extraction.loose_runs import Run, wrap_run
from scraper.extraction.whitespace import BLOCK_TAGS

CONTAINERS = ("article", "blockquote", "body", "dd", "div", "main", "section", "td", "th", "font", "span")
"""Elements whose own text may run on through blank lines; `<font>` and `<span>` wrap whole articles on
older pages."""

MIN_RUN_WORDS = 4
"""A run this long is a paragraph; shorter ones (a label, a signature) stay as they are."""

MIN_PARAGRAPHS = 2
"""A container with one run of text has nothing to set apart."""


def collapse_break_runs(tree: etree._Element) -> None:
    """Line breaks past the second in a row go: they show no more than two do, and each cost trafilatura
    time in every copy of the tree (a <div> of 200,000 <br>s took 17 s to extract, 1.8 s without them).
    Every output on both sets the same."""
    for br in list(tree.iter("br")):
        first = br.getprevious()
        second = first.getprevious() if first is not None else None
        if all(element is not None and element.tag == "br" and _blank(element.tail) for element in (first, second)):
            br.drop_tree()  # its tail joins the break before it


def wrap_break_paragraphs(tree: etree._Element) -> None:
    """Wrap the paragraphs of the one container written with blank lines between them, if there is one."""
    # Found from the line breaks, which most pages have few of: a look at every container's children
    # cost 0.16 ms a ScrapingHub page, 1 % of the extraction.
    candidates = {br.getparent(): None for br in tree.iter("br") if _opens_blank_line(br)}
    written_so = []
    for container in candidates:
        if container is not None and container.tag in CONTAINERS:
            paragraphs = [run for run in _runs(container) if word_count(_run_text(container, run)) >= MIN_RUN_WORDS]
            if len(paragraphs) >= MIN_PARAGRAPHS:
                written_so.append((container, paragraphs))
    if len(written_so) == 1:
        container, paragraphs = written_so[0]
        for run in paragraphs:
            wrap_run(container, run)


def _opens_blank_line(element: etree._Element) -> bool:
    """A <br> right before another, nothing but white space between them."""
    following = element.getnext()
    return element.tag == "br" and _blank(element.tail) and following is not None and following.tag == "br"


def _runs(container: etree._Element) -> list[Run]:
    """The container's runs of text, cut at blank lines and at block elements."""
    runs: list[Run] = []
    start: etree._Element | None = None
    inline: list[etree._Element] = []
    in_blank_line = False
    for child in container:
        if in_blank_line or _opens_blank_line(child) or child.tag in BLOCK_TAGS:
            if not in_blank_line:
                runs.append((start, inline))
            in_blank_line = _opens_blank_line(child)
            start, inline = child, []
        else:
            inline.append(child)
    runs.append((start, inline))
    return runs


def _run_text(container: etree._Element, run: Run) -> str:
    start, inline = run
    pieces = [(container.text if start is None else start.tail) or ""]
    for element in inline:
        pieces += [" " if element.tag == "br" else element.text_content(), element.tail or ""]
    return " ".join(pieces)


def _blank(text: str | None) -> bool:
    return not text or text.isspace()
