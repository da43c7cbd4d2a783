"""Tables that lay a page out, read as the boxes they draw.

Before CSS, and in many templates since, a page's columns were the cells of one table: the menu in
one cell, the article in the next, the footer in a last row. trafilatura reads every table as data,
one line per row with its cells joined by a tab, so the article of such a page came back as a single
line with the menu's words in front of it (ScrapingHub d90bda7e: the whole story in one line after
"Amnesty. More than 100 protesters killed in Iran unrest PanARMENIAN.Net -"). A table that one of
its own cells fills with prose, and that names no header cell or caption, is a layout: its table,
row and cell elements become <div>s, and trafilatura looks for the article among them as on any
page of boxes. Tables nested inside it are judged on their own cells.

Measured: ScrapingHub F1 0.9775 -> 0.9786, precision 0.970 -> 0.972 (d90bda7e +0.22, c00962aa
+0.013, no page down). WCXB dev, six pages change: 0452 +0.011, 4693 and 0366 +0.001; 0341 -0.022
(a one-cell layout around webcam cards: the first card's heading went with trafilatura's new
choice of container), 4533 -0.006 (an Online Books listing: trafilatura now keeps its book list
and not the subject box beside it, one `with` snippet lost, its editor's line in), 0327 -0.0003;
article F1 unchanged at 0.9533, `without` snippets leaked unchanged (2.85 %). Tables with a header
cell are data even when a cell holds a paragraph (WCXB 0429, 0612, 0649, 0672 lost 0.003-0.03 as
divs).
"""

from __future__ import annotations

import re

from lxml import etree
from lxml import html as lxml_html

from scraper.extraction.blocks import SENTENCE_STOPS, word_count

PROSE_CELL_WORDS = 50
"""A cell of a data table holds a value or a phrase; one with 50 words of sentences (some 300 characters
of English, 100 of Chinese) is a column of the page."""
LEAF_CELL_CHARS = 100
"""A cell with no element inside and fewer characters holds too few words in any script to be prose."""

PROSE_CELL_SENTENCES = 2
"""Sentences such a cell holds at least: a long product name or address is one line, not prose."""

PROSE_SCAN_CHARS = 20_000
"""How much of a cell is read at most: any real cell shows its prose sooner. Each level of nested layout
tables would otherwise read the rest of the page again (60 of them around 1.6 MB of text: the whole
extraction took 2.7 s with every cell read whole, 1.4 s so)."""

_SENTENCE_END = re.compile(rf"[{SENTENCE_STOPS}](?:\s|$)|[。！？]")
"""A full stop, question or exclamation mark before a space; the full-width ones of Chinese and Japanese
need none, as the next sentence follows at once."""

_TABLE_PARTS = ("thead", "tbody", "tfoot", "tr", "td", "th")


def unroll_layout_tables(tree: lxml_html.HtmlElement) -> None:
    """Turn every layout table of the tree, with its own rows and cells, into <div>s."""
    layout = [table for table in tree.iter("table") if is_layout_table(table)]
    for table in layout:
        parts = [part for part in table.iter(*_TABLE_PARTS) if _table_of(part) is table]
        for element in (table, *parts):
            element.tag = "div"


def is_layout_table(table: etree._Element) -> bool:
    """A table one of whose own cells holds prose, with no header cell or caption of its own."""
    cells = [cell for cell in table.iter("td", "th") if _table_of(cell) is table]
    if table.find("caption") is not None or any(cell.tag == "th" for cell in cells):
        return False
    return any(_holds_prose(cell) for cell in cells)


def _table_of(element: etree._Element) -> etree._Element | None:
    return next(element.iterancestors("table"), None)


def _holds_prose(cell: etree._Element) -> bool:
    """Whether the cell's text, its first PROSE_SCAN_CHARS at most, is prose."""
    if len(cell) == 0 and len(cell.text or "") < LEAF_CELL_CHARS:  # a data table's cells: a value each
        return False
    text = ""
    for piece in cell.itertext():
        text += piece
        if len(text) >= PROSE_SCAN_CHARS:
            break
    text = text[:PROSE_SCAN_CHARS]
    return len(_SENTENCE_END.findall(text)) >= PROSE_CELL_SENTENCES and word_count(text) >= PROSE_CELL_WORDS
