"""Blocks: the article as a flat sequence of paragraphs, headings, list items, quotes and tables.

Both input kinds end up here: trafilatura's XML body for HTML pages, and split
paragraphs for plain text. The text chrome stage and the renderers only ever
see blocks, so one classifier serves both.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urljoin

from lxml import etree

from scraper.extraction.whitespace import BLOCK_TAGS

BlockKind = Literal["heading", "paragraph", "item", "quote", "table", "code"]

_OTHER_SPACES = r"\t\r\f\v\u00a0\u2000-\u200a\u202f\u205f\u3000"
_SPACE_RUNS = re.compile(rf"[{_OTHER_SPACES}][ {_OTHER_SPACES}]*| [ {_OTHER_SPACES}]+")
"""Runs of white space other than a single plain space, which is already what a run becomes.

Matching every run, single spaces included, made one match per word: half the time of the substitution
over the ScrapingHub pages' blocks (86 -> 43 ms for all 181 pages), same text."""
_INVISIBLE = re.compile("[\u00ad\u200b\u2060\ufeff]")
"""Soft hyphens, zero-width spaces, word joiners and byte-order marks: marks for layout, not text. Not the
zero-width (non-)joiners, which Persian writes inside its words and emoji sequences are made of."""
_MARKDOWN_EMPHASIS = {"#b": "**", "#i": "*"}


@dataclass(frozen=True)
class Block:
    """One unit of article text with what the chrome rules need to judge it."""

    kind: BlockKind
    text: str
    markdown: str
    level: int = 0
    group: int = 0
    link_chars: int = 0
    split: bool = False
    """A line of a long <br>-separated paragraph: trafilatura's link marks are lost, links are read from the page."""

    @property
    def link_density(self) -> float:
        """Share of the text that sits inside links: near 1.0 for teasers and link lists."""
        return self.link_chars / len(self.text) if self.text else 0.0


LINKED = 0.9
"""Link density from which a block is a link, not prose."""


SENTENCE_STOPS = ".!?。！？।؟۔።։။។"
"""Marks that end a sentence: Latin and full-width CJK stops, the Devanagari and Bengali danda, the Arabic
question mark and Urdu full stop, the Ethiopic, Armenian, Myanmar and Khmer full stops."""
FULL_STOPS = ".。।۔።։။។"
"""The sentence stops that end a statement, not a question or an exclamation."""


def is_prose(block: Block, min_words: int) -> bool:
    """Unlinked text of at least `min_words` words."""
    return block.link_density < LINKED and word_count(block.text) >= min_words


_UNSPACED_RANGES = (
    "\u0e00-\u0e7f\u0e80-\u0eff\u1000-\u109f\u1780-\u17ff"  # Thai, Lao, Myanmar, Khmer
    "\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f"  # kana, Han
)
UNSPACED_SCRIPTS = re.compile(f"[{_UNSPACED_RANGES}]")
"""A character of a script written without spaces between words."""
SYLLABIC_SCRIPTS = re.compile(f"[{_UNSPACED_RANGES}\uac00-\ud7a3]")
"""A character counted as half a word: those of the scripts written without spaces, and Hangul syllables.

Korean puts spaces between phrases, not words: a noun and its particles, a verb and its endings are one
spaced unit of three syllables on average, and a two-sentence paragraph of news is some fifteen of them,
under every threshold set in English words (a paragraph of prose, 20). Counted by syllables, as kana are,
the same paragraph is thirty words, as long as its English translation. No WCXB page is Korean; on the
ScrapingHub pages two Korean columns keep their author's line with the address after it, as their
reviewed text does."""
_LETTER = re.compile(r"[^\W\d_]")
MOSTLY = 0.5
"""The share of a text's letters that makes its script its own: menus and brand names in Latin letters
stand beside the Chinese or Japanese text of most such pages."""
UNSPACED_CHARS_PER_WORD = 2
"""Chinese and Japanese words average under two characters: two characters count as one word, and so do two
Hangul syllables."""


def word_count(text: str) -> int:
    """Words in `text`, also for scripts written without spaces, where splitting at spaces finds one 'word',
    and for Korean, whose spaced units hold several words each (SYLLABIC_SCRIPTS)."""
    syllables = 0 if text.isascii() else len(SYLLABIC_SCRIPTS.findall(text))
    if not syllables:
        return len(text.split())
    return len(SYLLABIC_SCRIPTS.sub(" ", text).split()) + -(-syllables // UNSPACED_CHARS_PER_WORD)


def mostly_unspaced(text: str) -> bool:
    """Whether most of the text's letters belong to scripts written without spaces (Chinese, Japanese, Thai)."""
    if text.isascii():
        return False
    return len(UNSPACED_SCRIPTS.findall(text)) > MOSTLY * len(_LETTER.findall(text))


def normalize_space(text: str) -> str:
    """Collapse runs of white space and drop the invisible layout marks (`_INVISIBLE`), keeping line breaks.

    One substitution over the whole text, and lines split only when there are several: most
    blocks are one line, and a regular expression call per line was 2 % of the extraction.
    The invisible characters are looked for only in text that is not plain ASCII, which cannot hold them.
    """
    if not text.isascii():
        text = _INVISIBLE.sub("", text)
    text = _SPACE_RUNS.sub(" ", text)
    if "\n" not in text:
        return text.strip()
    return "\n".join(stripped for line in text.split("\n") if (stripped := line.strip()))


SPLIT_MIN_LINES = 8
"""A paragraph of this many <br>-separated lines is a dumped menu or list: each line is judged alone."""


def blocks_from_xml(body: etree._Element, *, base_url: str | None = None) -> list[Block]:
    """Flatten trafilatura's XML body into blocks, keeping list membership in `group`."""
    if base_url:
        for ref in body.iter("ref"):
            target = ref.get("target")
            if target and not target.startswith(("http://", "https://")):
                ref.set("target", urljoin(base_url, target))
    blocks: list[Block] = [*_loose_text(body.text, group=0)]
    for group, element in enumerate(body, start=1):
        for block in _element_blocks(element, group, depth=0):
            blocks.extend(_split_lines(block))
        blocks.extend(_loose_text(element.tail, group=group))
    return [block for block in blocks if block.text]


def _loose_text(text: str | None, *, group: int) -> list[Block]:
    """Text that trafilatura leaves directly in the body, after a heading or between elements, is a paragraph.

    Pages that write paragraphs as bare text between headings ('<h2>…</h2>Text…<h2>') come out this way;
    measured on one such page, half of the article was in these tails. Most tails are empty or white space.
    """
    if not text or text.isspace():
        return []
    plain = normalize_space(text)
    return [Block("paragraph", plain, plain, group=group)]


def _split_lines(block: Block) -> list[Block]:
    if block.kind != "paragraph" or block.text.count("\n") + 1 < SPLIT_MIN_LINES:
        return [block]
    return [Block("paragraph", line, line, group=block.group, split=True) for line in block.text.split("\n")]


def _element_blocks(element: etree._Element, group: int, depth: int) -> Iterator[Block]:
    tag = element.tag
    if tag == "head":
        text, markdown, links = _inline(element)
        level = _heading_level(element.get("rend", "h3"))
        heading = markdown.replace("\n", " ")
        yield Block("heading", text, f"{'#' * level} {heading}", level=level, group=group, link_chars=links)
    elif tag == "list":
        ordered = element.get("rend", "ul") == "ol"
        for number, item in enumerate(element.iterchildren("item"), start=1):
            yield from _item_blocks(item, group, depth, f"{number}." if ordered else "-")
    elif tag == "table":
        yield _table_block(element, group)
    elif tag == "quote":
        yield _quote_block(element, group)
    elif tag == "code":
        code = "".join(element.itertext()).strip("\n")
        yield Block("code", code, f"```\n{code}\n```", group=group)
    elif tag in ("p", "div", "item", "cell", "row"):
        text, markdown, links = _unwrapped(element, _inline(element))
        yield Block("paragraph", text, markdown.replace("\n", HARD_BREAK), group=group, link_chars=links)


def _unwrapped(element: etree._Element, read: tuple[str, str, int]) -> tuple[str, str, int]:
    """An element's text, Markdown and linked characters, its sentences broken without a <br> joined again."""
    text, markdown, links = read
    if "\n" in text and element.find(".//lb") is None:
        text, markdown = _source_lines_rejoined(text, markdown)
    return text, markdown, links


CONTINUED_LINE_WORDS = 4
"""A line this long that stops mid-sentence, before one opening in lower case, runs on into it."""


def _source_lines_rejoined(text: str, markdown: str) -> tuple[str, str]:
    """A paragraph's lines that are one sentence broken by the page's source or by trafilatura, joined again.

    Without a <br>, a line break inside a paragraph is the page's source wrapped at 80 columns (a browser
    shows a space there) or trafilatura's dump of a page whose body it found no container for, one line per
    text node, where a link or <code> inside a sentence cut it in three ('Unix-specific extensions to
    primitives in the' / 'std::thread' / 'module.'): the middle piece was then judged a menu line alone, and
    went. A line of CONTINUED_LINE_WORDS or more ending in a letter or digit, before one opening in lower
    case, is the same sentence. Lines a <br> ends stay lines (a poem's, an address's).

    Measured: 35 WCXB and three ScrapingHub outputs change, each a sentence made whole again ('…clear
    pricing, and' / 'customer care.'; list items too: 'Each model is a Python class that subclasses' /
    'django.db.models.Model.'); WCXB 0453 +0.003, 0689 +0.001 F1, no page down.
    """
    lines, marked = text.split("\n"), markdown.split("\n")
    joined: set[int] = set()
    line = lines[0]
    for index, following in enumerate(lines[1:], start=1):
        if following[:1].islower() and line[-1:].isalnum() and len(line.split()) >= CONTINUED_LINE_WORDS:
            joined.add(index)
            line = f"{line} {following}"
        else:
            line = following
    if not joined or len(marked) != len(lines):
        return text, markdown
    return _joined_at(lines, joined), _joined_at(marked, joined)


def _joined_at(lines: list[str], joined: set[int]) -> str:
    """The lines with each of the `joined` ones run on after the line before it."""
    out: list[str] = []
    for index, line in enumerate(lines):
        if index in joined:
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return "\n".join(out)


def _quote_block(quote: etree._Element, group: int) -> Block:
    """A quote, with the lists inside it kept as lists: each line of its Markdown starts with '> '."""
    text, markdown, links = _inline(quote, skip=("list",))
    texts, lines = [text], [markdown.replace("\n", HARD_BREAK)]
    for nested in quote.iterchildren("list"):
        items = list(_element_blocks(nested, group, depth=0))
        texts.extend(f"- {item.text}" for item in items)
        lines.extend(item.markdown for item in items)
        links += sum(item.link_chars for item in items)
    quoted = "\n".join(f"> {line}" for part in lines if part for line in part.split("\n"))
    return Block("quote", "\n".join(part for part in texts if part), quoted, group=group, link_chars=links)


def _item_blocks(item: etree._Element, group: int, depth: int, marker: str) -> Iterator[Block]:
    text, markdown, links = _unwrapped(item, _inline(item, skip=("list",)))
    indent = "  " * depth
    line = markdown.replace("\n", HARD_BREAK + indent + "  ")
    yield Block("item", text, f"{indent}{marker} {line}", level=depth, group=group, link_chars=links)
    for nested in item.iterchildren("list"):
        yield from _element_blocks(nested, group, depth + 1)


def _table_block(table: etree._Element, group: int) -> Block:
    rows: list[list[str]] = []
    header_rows = 0
    for row in table.iter("row"):
        cells = [_inline(cell)[0].replace("\n", " ") for cell in row.iterchildren("cell")]
        if not any(cells):
            continue
        if all(cell.get("role") == "head" for cell in row.iterchildren("cell")) and len(rows) == header_rows:
            header_rows += 1
        rows.append(cells)
    if not rows:
        return Block("table", "", "", group=group)
    width = max(len(row) for row in rows)
    padded = [row + [""] * (width - len(row)) for row in rows]
    text = "\n".join("\t".join(row).rstrip("\t") for row in rows)
    escaped = [[cell.replace("|", "\\|") for cell in row] for row in padded]
    lines = [f"| {' | '.join(row)} |" for row in escaped]
    lines.insert(1, f"|{' --- |' * width}")
    return Block("table", text, "\n".join(lines), group=group)


def _heading_level(rend: str) -> int:
    digits = rend[1:] if rend[:1] == "h" else ""
    return min(max(int(digits), 1), 6) if digits.isdigit() else 3


def _inline(element: etree._Element, skip: tuple[str, ...] = ()) -> tuple[str, str, int]:
    """Return plain text, markdown and the number of linked characters of an element."""
    plain: list[str] = []
    marked: list[str] = []
    linked = [0]

    def walk(node: etree._Element, in_link: bool) -> None:
        for child in node:
            if child.tag in skip or not isinstance(child.tag, str):
                _append(child.tail, in_link)
                continue
            if child.tag == "lb":
                plain.append("\n")
                marked.append("\n")
            elif child.tag in ("graphic",):
                pass
            elif child.tag == "code" and not len(child) and "\n" not in (child.text or "").strip():
                _space_before(child.text)
                _append_code(child.text, in_link)
                _space_before(child.tail)
            else:
                if child.tag in _NESTED_BLOCKS and plain and not plain[-1][-1:].isspace():
                    plain.append(" ")
                    marked.append(" ")
                else:
                    _space_before(child.text)
                inner_start, marked_start = len(plain), len(marked)
                prefix, suffix = _wrappers(child)
                marked.append(prefix)
                _append(child.text, in_link or child.tag == "ref")
                walk(child, in_link or child.tag == "ref")
                if prefix and not "".join(plain[inner_start:]).strip():
                    del marked[marked_start:]  # no '[](…)' or '****' for a wrapper around nothing
                    marked.extend(plain[inner_start:])
                else:
                    marked.append(suffix)
                _space_before(child.tail)
            _append(child.tail, in_link)

    def _space_before(text: str | None) -> None:
        if _needs_space(plain, text):
            plain.append(" ")
            marked.append(" ")

    def _append(text: str | None, in_link: bool) -> None:
        if text:
            plain.append(text)
            marked.append(escape_markdown(text))
            if in_link:
                linked[0] += len(text.strip())

    def _append_code(text: str | None, in_link: bool) -> None:
        """Code inside a line, as a Markdown code span: its characters verbatim, none escaped ('`my_var`')."""
        if text and not text.strip():
            _append(text, in_link)  # a space set as code still parts the words around it
        elif text:
            code = " ".join(text.split())
            fence = "``" if "`" in code else "`"
            before, after = " " * text[0].isspace(), " " * text[-1].isspace()
            plain.append(f"{before}{code}{after}")
            span = f"{fence} {code} {fence}" if fence == "``" else f"{fence}{code}{fence}"
            marked.append(f"{before}{span}{after}")
            if in_link:
                linked[0] += len(code)

    _append(element.text, element.tag == "ref")
    walk(element, element.tag == "ref")
    raw_text, raw_markdown = "".join(plain), "".join(marked)
    text = normalize_space(raw_text)
    # Most blocks hold no link, emphasis or character to escape: their Markdown is their text.
    markdown = text if raw_markdown == raw_text else normalize_space(raw_markdown)
    if _LINE_START_SPECIALS.search(markdown):
        markdown = _LINE_START_SPECIALS.sub(r"\g<1>\\\g<2>", markdown)
    return text, markdown, min(linked[0], len(text))


def escape_markdown(text: str) -> str:
    """Text as Markdown shows it literally: '*' and '_' are no emphasis, '[' no link, '`' no code.

    Looked for before it is substituted: most text holds none, and a substitution with a template costs
    four times the search (0.5 % of the extraction, in blocks read from trafilatura's body)."""
    return _MARKDOWN_SPECIALS.sub(r"\\\g<0>", text) if _MARKDOWN_SPECIALS.search(text) else text


def _needs_space(before: list[str], after: str | None) -> bool:
    """trafilatura trims the white space around inline elements: 'More information:</b>G. Petit' lost its
    space, and so did a list item's 'Annual plan: <b>US$77.99</b>' after a line break."""
    if not before or not after or not after[0].isalnum():
        return False
    return before[-1][-1:] in _SPACE_BEFORE_WORD


_SPACE_BEFORE_WORD = frozenset(":;,.!?)]")
_MARKDOWN_SPECIALS = re.compile(r"[\\`*_\[\]]")
"""Characters that would turn text into emphasis, code or links in Markdown: written escaped."""
_LINE_START_SPECIALS = re.compile(r"(?m)^(\d+|)([#>+-]|(?<=\d)[.)])(?=\s)")
"""A line opening like a heading, quote, list item or numbered item ('1986. A year…'): escaped."""
HARD_BREAK = "  \n"
"""A <br> inside a paragraph: a line break in Markdown too, not a soft wrap that runs the lines together."""
_NESTED_BLOCKS = frozenset({"p", "head", "quote", "list", "item", "div", "cell", "row", "table"}) | BLOCK_TAGS
"""Block elements trafilatura leaves inside a list item or cell: each starts after a space. Its own, and
HTML's where it leaves the page's markup unconverted: a table inside a list item keeps its <th> and <td>,
without the spaces between them ('OneTrip BasicOneTrip Prime', WCXB 1657)."""


def _wrappers(element: etree._Element) -> tuple[str, str]:
    if element.tag == "hi":
        mark = _MARKDOWN_EMPHASIS.get(element.get("rend", ""), "")
        return mark, mark
    if element.tag == "ref" and element.get("target"):
        return "[", f"]({element.get('target')})"
    return "", ""
