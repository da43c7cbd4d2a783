"""The page's headline element and the visible text around it, where bylines and dates are printed."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from lxml import html as lxml_html

NO_TEXT_PARENTS = frozenset({"script", "style", "noscript", "template", "svg", "head", "title"})
"""Elements whose text readers never see."""


def find_headline(tree: lxml_html.HtmlElement) -> lxml_html.HtmlElement | None:
    """The first <h1> with text: the article's headline on article pages."""
    for heading in tree.iter("h1"):
        if heading.text_content().strip():
            return heading
    return None


def pieces_after(headline: lxml_html.HtmlElement, max_chars: int) -> list[str]:
    """The visible text pieces (one per text node) that follow the headline, up to `max_chars`."""
    return _collect(headline.xpath("following::text()"), max_chars)


def pieces_before(headline: lxml_html.HtmlElement, max_chars: int) -> list[str]:
    """The visible text pieces just before the headline, in reading order, up to `max_chars`."""
    return list(reversed(_collect(reversed(headline.xpath("preceding::text()")), max_chars)))


def _collect(texts: Iterable[Any], max_chars: int) -> list[str]:
    """Text nodes (lxml's smart strings, which know their parent) to visible pieces, until max_chars."""
    pieces: list[str] = []
    size = 0
    for text in texts:
        parent = text.getparent()
        piece = " ".join(str(text).split())
        if not piece or parent is None or parent.tag in NO_TEXT_PARENTS:
            continue
        pieces.append(piece)
        size += len(piece)
        if size >= max_chars:
            break
    return pieces
