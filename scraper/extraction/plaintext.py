"""Plain text that another tool already extracted: split it into blocks and find title and byline.

Such text keeps the page's chrome as loose lines around the article, so
paragraphs are split into lines unless they are hard-wrapped prose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scraper.extraction.authors import clean_byline
from scraper.extraction.blocks import FULL_STOPS, SENTENCE_STOPS, Block, normalize_space
from scraper.extraction.classify import classify, is_control_label

WRAPPED_LINE_CHARS = 50
"""Lines at least this long that end mid-sentence are hard-wrapped prose, to be joined."""

TITLE_MAX_WORDS = 25
BYLINE_MAX_WORDS = 10

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_SENTENCE_END = re.compile(rf"[{SENTENCE_STOPS}:;\"'”’»)\]」』]$")
_NO_TITLE_ENDINGS = (*FULL_STOPS, ",", ";", "、", "，", "；")
"""A line ending in a full stop or a comma, in any script, is a sentence or part of one, not a title."""
_ITEM_MARKER = re.compile(r"^(?:[-*•·–]|\d{1,3}[.)])\s+")
_HEADING_MARKER = re.compile(r"^(#{1,6})\s+")
_BYLINE = re.compile(r"^(?:by|von|par|por|автор[ы]?:?)\s+\S", re.IGNORECASE)


@dataclass(frozen=True)
class TextDocument:
    """Plain text split into blocks, with the title and byline lifted out of the flow."""

    blocks: list[Block]
    leading: list[Block]
    title: str | None
    authors: tuple[str, ...]


def parse_text(text: str) -> TextDocument:
    """Split text into blocks; the title is the first title-like line after any leading chrome."""
    blocks = split_blocks(text)
    start = 0
    while start < len(blocks) and _is_leading_chrome(blocks[start]):
        start += 1
    leading, rest = blocks[:start], blocks[start:]
    title: str | None = None
    authors: tuple[str, ...] = ()
    if len(rest) > 1 and _is_title_like(rest[0]):
        title = _HEADING_MARKER.sub("", rest[0].text)
        rest = rest[1:]
        if len(rest) > 1 and rest[0].kind == "paragraph" and _is_byline_like(rest[0].text):
            authors = tuple(clean_byline(rest[0].text))
            rest = rest[1:] if authors else rest
    return TextDocument(blocks=rest, leading=leading, title=title, authors=authors)


def split_blocks(text: str) -> list[Block]:
    """Paragraphs at blank lines, hard-wrapped prose joined, each other line a block of its own kind."""
    blocks: list[Block] = []
    for group, chunk in enumerate(_PARAGRAPH_BREAK.split(text.replace("\r\n", "\n").replace("\r", "\n")), start=1):
        lines = [line for line in normalize_space(chunk).split("\n") if line]
        if not lines:
            continue
        if _is_hard_wrapped(lines):
            lines = [" ".join(lines)]
        blocks.extend(_line_block(line, group) for line in lines)
    return blocks


def _is_hard_wrapped(lines: list[str]) -> bool:
    body = lines[:-1]
    return bool(body) and all(len(line) >= WRAPPED_LINE_CHARS and not _SENTENCE_END.search(line) for line in body)


def _line_block(line: str, group: int) -> Block:
    heading = _HEADING_MARKER.match(line)
    if heading:
        text = line[heading.end() :]
        return Block("heading", text, line, level=len(heading.group(1)), group=group)
    if _ITEM_MARKER.match(line):
        text = _ITEM_MARKER.sub("", line)
        return Block("item", text, f"- {text}", group=group)
    return Block("paragraph", line, line, group=group)


def _is_leading_chrome(block: Block) -> bool:
    return is_control_label(block.text) or classify(block.text, at_edge=True) is not None


def _is_title_like(block: Block) -> bool:
    words = block.text.split()
    return 0 < len(words) <= TITLE_MAX_WORDS and not block.text.endswith(_NO_TITLE_ENDINGS) and block.kind != "item"


def _is_byline_like(text: str) -> bool:
    words = text.split()
    if not words or len(words) > BYLINE_MAX_WORDS or _SENTENCE_END.search(text) and not text.endswith(")"):
        return False
    if _BYLINE.match(text):
        return True
    capitalised = [word for word in words if word[:1].isupper() or not word[:1].isalpha()]
    return len(capitalised) == len(words)
