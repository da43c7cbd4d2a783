"""The page's headline element and the visible text around it, where bylines and dates are printed."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from lxml import etree
from lxml import html as lxml_html

from scraper.extraction.blocks import word_count

NO_TEXT_PARENTS = frozenset({"script", "style", "noscript", "template", "svg", "head", "title"})
"""Elements whose text readers never see."""


MIN_TITLE_HEADING_WORDS = 2
"""A heading the <title> holds must say more than a word: "News" is in "News | The Daily Example" too."""


def find_headline(tree: lxml_html.HtmlElement) -> lxml_html.HtmlElement | None:
    """The first <h1> with text: the article's headline on article pages. On a page without one (a blog
    theme that sets the post's title in an <h2>), the first <h2> or <h3> whose words the <title> holds.

    Measured: no WCXB or ScrapingHub page changes (their pages without an <h1> show no date or byline
    by such a heading); a Japanese blog post's date below its <h2> title is read.
    """
    for heading in tree.iter("h1"):
        if heading.text_content().strip():
            return heading
    title = _folded(tree.findtext("head/title") or "")
    if not title:
        return None
    for heading in tree.iter("h2", "h3"):
        text = _folded(heading.text_content())
        if word_count(text) >= MIN_TITLE_HEADING_WORDS and text in title:
            return heading
    return None


def _folded(text: str) -> str:
    return " ".join(text.split()).casefold()


def pieces_after(headline: lxml_html.HtmlElement, max_chars: int) -> Iterator[str]:
    """The visible text pieces (one per text node) that follow the headline, up to `max_chars`, read lazily."""
    return (piece for piece, _ in held_after(headline, max_chars))


def held_after(headline: lxml_html.HtmlElement, max_chars: int) -> Iterator[tuple[str, lxml_html.HtmlElement]]:
    """`pieces_after`, each with the element that holds it: a date's <time> is found by the text it shows."""
    return _visible(texts_after(headline), max_chars)


def held_before(headline: lxml_html.HtmlElement, max_chars: int) -> list[tuple[str, lxml_html.HtmlElement]]:
    """The visible text pieces just before the headline, in reading order, up to `max_chars`, each with the
    element that holds it."""
    return list(reversed(list(_visible(texts_before(headline), max_chars))))


def elements_after(element: lxml_html.HtmlElement) -> Iterator[lxml_html.HtmlElement]:
    """The elements after `element` in document order, its own descendants first.

    Walked lazily, so that a search near the headline stops near it: reading every following element
    or text node of the page (XPath following::) cost up to 2 ms a page on ScrapingHub's pages.
    """
    yield from element.iterdescendants()
    node: lxml_html.HtmlElement | None = element
    while node is not None:
        for sibling in node.itersiblings():
            yield from sibling.iter()
        node = node.getparent()


def elements_before(element: lxml_html.HtmlElement) -> Iterator[lxml_html.HtmlElement]:
    """The elements before `element` (its ancestors included) in reverse document order: the nearest first."""
    node: lxml_html.HtmlElement | None = element
    while node is not None:
        for sibling in node.itersiblings(preceding=True):
            yield from reversed(list(sibling.iter()))
        node = node.getparent()
        if node is not None:
            yield node


def texts_after(element: lxml_html.HtmlElement) -> Iterator[tuple[str, Any]]:
    """The text nodes after `element` (not inside it) in document order, each with the element holding it."""
    node: lxml_html.HtmlElement | None = element
    while node is not None:
        parent = node.getparent()
        if node.tail and parent is not None:
            yield node.tail, parent
        for sibling in node.itersiblings():
            yield from _subtree_texts(sibling)
            if sibling.tail and parent is not None:
                yield sibling.tail, parent
        node = parent


def texts_before(element: lxml_html.HtmlElement) -> Iterator[tuple[str, Any]]:
    """The text nodes before `element` in reverse document order, each with the element holding it."""
    node: lxml_html.HtmlElement | None = element
    while node is not None:
        parent = node.getparent()
        for sibling in node.itersiblings(preceding=True):
            if sibling.tail and parent is not None:
                yield sibling.tail, parent
            yield from _subtree_texts_reversed(sibling)
        if parent is not None and parent.text:
            yield parent.text, parent
        node = parent


def visible_texts(root: lxml_html.HtmlElement) -> Iterator[str]:
    """The text nodes inside `root` that readers see, in document order, read lazily."""
    return (text for text, holder in _subtree_texts(root) if holder.tag not in NO_TEXT_PARENTS)


def _subtree_texts(root: lxml_html.HtmlElement) -> Iterator[tuple[str, Any]]:
    """The text nodes inside `root` in document order (its own tail excluded), without recursion."""
    if not isinstance(root.tag, str):
        return  # a comment or processing instruction: no visible text of its own
    for event, element in etree.iterwalk(root, events=("start", "end")):
        if event == "start":
            if element.text and isinstance(element.tag, str):
                yield element.text, element
        elif element is not root and element.tail:
            parent = element.getparent()
            if parent is not None:
                yield element.tail, parent


def _subtree_texts_reversed(root: lxml_html.HtmlElement) -> Iterator[tuple[str, Any]]:
    """The text nodes inside `root` in reverse document order, lazily: the page's header before a headline
    can hold thousands of nodes, of which only the last few are read."""
    stack: list[lxml_html.HtmlElement | tuple[str, Any]] = [root]
    while stack:
        item = stack.pop()
        if isinstance(item, tuple):
            yield item
            continue
        if item.text and isinstance(item.tag, str):
            stack.append((item.text, item))
        for child in item:
            stack.append(child)
            if child.tail:
                stack.append((child.tail, item))


def _visible(texts: Iterable[tuple[str, Any]], max_chars: int) -> Iterator[tuple[str, Any]]:
    """Text nodes to visible pieces with their holders, until max_chars."""
    size = 0
    for text, holder in texts:
        if holder.tag in NO_TEXT_PARENTS or text.isspace():
            continue
        piece = " ".join(text.split())
        yield piece, holder
        size += len(piece)
        if size >= max_chars:
            return
