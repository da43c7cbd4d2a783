"""Bound what reaches the HTML parser, so hostile markup parses in linear time and keeps the article.

(Raw control characters need nothing here: libxml2 keeps them as text, and the CLI strips them
from what it prints.)

libxml2's HTML parser (under lxml and trafilatura) gives up or slows down on input a browser
shrugs off, and each case loses the whole article or stalls a run:

- a numeric reference to a character XML forbids (`&#1;`, `&#27;`, `&#xFFFE;`) anywhere in the
  body ends the parse there: the article is lost (NoContentError);
- nesting deeper than 256 elements (255 unclosed `<b>` or `<font>`) ends the parse the same way;
- a text node over 10,000,000 characters (a JSON-LD block) is an error too;
- attributes of one element are checked against each other, in quadratic time: 10,000 of them
  take 0.6 s, 50,000 take 5 s, and 200,000 (a 2.3 MB `<div>`) ran for over five minutes.

Each function below removes only what the parser cannot take, in one regular-expression pass at
C speed, and leaves every ordinary page as it was.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

MAX_ATTRIBUTES = 256
"""Attributes kept per element: far more than any real element has, and parsed in milliseconds."""

MAX_NESTING = 100
"""Open elements of the kinds in NESTING_TAGS kept at once; libxml2 stops at 256 levels in all,
and the page's own structure (html, body, containers, lists) needs the rest."""

MAX_TEXT_NODE_CHARS = 1_000_000
"""Characters kept of one text node: no paragraph is that long, and libxml2 refuses 10,000,000."""

NESTING_TAGS = frozenset(
    [
        "a",
        "abbr",
        "article",
        "aside",
        "b",
        "big",
        "blockquote",
        "center",
        "cite",
        "code",
        "del",
        "dfn",
        "div",
        "em",
        "font",
        "footer",
        "form",
        "header",
        "i",
        "ins",
        "kbd",
        "main",
        "mark",
        "nav",
        "nobr",
        "ol",
        "q",
        "s",
        "samp",
        "section",
        "small",
        "span",
        "strike",
        "strong",
        "sub",
        "sup",
        "table",
        "tt",
        "u",
        "ul",
        "var",
    ]
)
"""Elements that stay open until their end tag: unlike `<p>`, `<li>` or a table's rows and cells, a parser
never closes them by itself, so a page that forgets their end tags nests them deeper and deeper; and the
containers a page nests by design, hundreds deep on a broken page (a table in a table's cell)."""

LEVELS_OPENED = {"table": 4}
"""A table opens four levels of elements, its body, a row and a cell around its contents: a table nested in a
table's cell counts for as many."""

_CHARACTER_REFERENCE = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));?")
_START_TAG = re.compile(r"""<([A-Za-z][\w:-]*+)(?=[\s/>])((?:[^<>"']++|"[^"]*+"|'[^']*+')*+)>""")
"""A start tag, whose quoted values may hold `>` as they may for the parser."""
RAW_TEXT_LOOKBACK = 1_000_000
"""How far back a script's or style's start tag is looked for: as far as the longest text node kept."""
LONG_TAG_CHARS = 2 * MAX_ATTRIBUTES
"""Each attribute takes two characters or more, so only a tag this long can hold too many."""
_ATTRIBUTE = re.compile(r"""\s+[^\s"'<>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'<>]*))?""")
_SPACES = re.compile(r"\s+")
_BEFORE_LONG_RUN = re.compile(r"<[A-Za-z][^<]{511}")
"""Where a long start tag may begin: 512 characters without a `<` (a quoted `>` may hide among them)."""
_NESTING_TAG = re.compile(r"<(/?)(" + "|".join(sorted(NESTING_TAGS)) + r")(?=[\s/>])[^<>]*>", re.IGNORECASE)


def sanitize_html(html: str) -> str:
    """The page with forbidden characters removed and its elements' attributes and text nodes bounded.

    Nesting is bounded apart, by `bound_nesting`, only for a page whose parse stopped at libxml2's
    depth limit: counting the tags of every page cost more than parsing the rare one twice.
    """
    if "&#" in html:
        html = _CHARACTER_REFERENCE.sub(_allowed_reference, html)
    html = _bound_attributes(html)
    if len(html) > MAX_TEXT_NODE_CHARS:
        html = _shorten_text_nodes(html)
    return html


def bound_nesting(html: str) -> str:
    """The page with start tags past MAX_NESTING open ones of the kinds in NESTING_TAGS dropped, with their end tags.

    Called only for a page whose parse stopped at libxml2's depth limit: whether its elements were left
    unclosed (255 `<b>`) or closed in order, hundreds deep (a page builder's 300 nested `<div>`s, or
    tables nested in tables), the limiter walks its tags once.
    """
    return _NESTING_TAG.sub(_nesting_limiter(), html)


def _is_xml_character(code: int) -> bool:
    """XML 1.0's Char production, which libxml2 enforces on references too."""
    if code in (0x9, 0xA, 0xD):
        return True
    return 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD or 0x10000 <= code <= 0x10FFFF


def _allowed_reference(match: re.Match[str]) -> str:
    hexadecimal, decimal = match.groups()
    code = int(hexadecimal, 16) if hexadecimal else int(decimal)
    return match.group() if _is_xml_character(code) else ""


def _bound_attributes(html: str) -> str:
    """Cut start tags to MAX_ATTRIBUTES, looking closely only where a tag is followed by a long run without `<`."""
    pieces: list[str] = []
    copied = 0
    for candidate in _BEFORE_LONG_RUN.finditer(html):
        tag = _START_TAG.match(html, candidate.start())
        if tag is None or tag.start() < copied or len(tag.group(2)) < LONG_TAG_CHARS:
            continue
        bounded = _fewer_attributes(tag)
        if bounded != tag.group() and not _inside_raw_text(html, tag.start()):  # 'i<h g++' in a script is code
            pieces += (html[copied : tag.start()], bounded)
            copied = tag.end()
    return "".join(pieces) + html[copied:] if pieces else html


def _inside_raw_text(html: str, position: int) -> bool:
    """Whether `position` lies in a <script> or <style> element, whose text the parser never reads as tags."""
    lowered = html[max(0, position - RAW_TEXT_LOOKBACK) : position].lower()
    return any(lowered.rfind(f"<{name}") > lowered.rfind(f"</{name}") for name in ("script", "style"))


def _fewer_attributes(match: re.Match[str]) -> str:
    """The start tag cut to its first MAX_ATTRIBUTES attributes, as it is when it has no more.

    Its runs of white space bound its attributes; the words between them bound those runs (one more at
    most) and are counted by `str.split` at C speed: the regular expression that counts the runs cost
    0.12 ms a ScrapingHub page, over the long `d` of inline SVG paths and the JSON of data attributes.
    """
    name, attributes = match.groups()
    if len(attributes.split()) < MAX_ATTRIBUTES or len(_SPACES.findall(attributes)) <= MAX_ATTRIBUTES:
        return match.group()
    kept = [found.group() for _, found in zip(range(MAX_ATTRIBUTES), _ATTRIBUTE.finditer(attributes), strict=False)]
    return f"<{name}{''.join(kept)}>"


def _nesting_limiter() -> Callable[[re.Match[str]], str]:
    """A replacement function that drops start tags past MAX_NESTING open ones, and their end tags."""
    depth = 0
    dropped: Counter[str] = Counter()

    def limit(match: re.Match[str]) -> str:
        nonlocal depth
        closing, name = match.group(1), match.group(2).lower()
        levels = LEVELS_OPENED.get(name, 1)
        if closing:
            if dropped[name]:
                dropped[name] -= 1
                return ""
            depth = max(0, depth - levels)
        elif match.group().endswith("/>"):
            return match.group()
        elif depth + levels > MAX_NESTING:
            dropped[name] += 1
            return ""
        else:
            depth += levels
        return match.group()

    return limit


def _shorten_text_nodes(html: str) -> str:
    """Cut every text node (what follows a tag up to the next `<`) to MAX_TEXT_NODE_CHARS."""
    pieces = html.split("<")
    for index, piece in enumerate(pieces):
        if len(piece) > MAX_TEXT_NODE_CHARS:
            tag_end = piece.find(">") + 1
            pieces[index] = piece[: tag_end + MAX_TEXT_NODE_CHARS]
    return "<".join(pieces)
