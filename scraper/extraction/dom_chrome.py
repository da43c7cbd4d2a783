"""The DOM chrome stage: drop widgets the markup itself labels as chrome, before main-content extraction.

Sites name their paywall, donation, newsletter, consent, share and teaser
widgets in class, id, role, aria-* and data-* attributes; matching those names
generalises across sites far better than matching any one site's wording.
A safety net keeps a rule from ever eating the article: elements that look like
the article, or that the page or the user protect, are never removed, and if
the rules together would take more than `max_share` of the page text, nothing
is removed at all.
"""

from __future__ import annotations

import logging
import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import accumulate

from cssselect import SelectorError
from lxml import etree
from lxml import html as lxml_html

from scraper.extraction.classify import classify
from scraper.extraction.patterns import literal_trie
from scraper.extraction.vocabulary import ATTRIBUTE_STEMS, ATTRIBUTE_TOKENS, FRONT_MATTER_TOKENS, NEUTRAL_STEMS
from scraper.models import ChromeKind, RemovedBlock

logger = logging.getLogger(__name__)

APPEAL_KINDS = frozenset({"donation", "paywall", "subscription", "newsletter"})

NEVER_REMOVED = frozenset({"html", "head", "body", "article", "main", "h1"})
"""Containers that hold the article itself, whatever their class says."""

ARTICLE_LIKE_SHARE = 0.5
ARTICLE_LIKE_MIN_CHARS = 200
"""An element holding this share of the page's paragraph text is the article, not a widget."""

_STEM_KINDS: dict[str, ChromeKind] = {stem: kind for kind, stems in ATTRIBUTE_STEMS for stem in stems}
_TOKEN_KINDS: dict[str, ChromeKind] = {token: kind for kind, tokens in ATTRIBUTE_TOKENS for token in tokens}
_STEMS = re.compile(literal_trie(_STEM_KINDS))
_TOKENS = re.compile(f"(?<![a-z0-9])(?:{literal_trie(_TOKEN_KINDS)})(?![a-z0-9])")
_NEUTRAL = re.compile(literal_trie(NEUTRAL_STEMS))
_FRONT_MATTER_KINDS: dict[str, ChromeKind] = dict.fromkeys(FRONT_MATTER_TOKENS, "other")
_FRONT_MATTER = re.compile(f"(?<![a-z0-9])(?:{literal_trie(FRONT_MATTER_TOKENS)})(?![a-z0-9])")
FRONT_MATTER_RULE = "front-matter"
FRONT_MATTER_MAX_CHARS = 400
FRONT_MATTER_LEVELS = 3
"""Front matter sits beside the headline: an ancestor this close also holds the <h1>."""
_LABEL_VALUES = etree.XPath("//@class | //@id | //@role | //@aria-label | //@data-component | //@data-testid")
"""Where sites name their widgets; each attribute costs a pass over the tree, so not every data-*."""


@dataclass(frozen=True)
class DomChromeResult:
    """What the DOM stage removed, and whether the safety net undid it."""

    removed: list[RemovedBlock]
    undone: bool = False


def remove_dom_chrome(
    tree: lxml_html.HtmlElement,
    *,
    drop_selectors: Iterable[str] = (),
    keep_selectors: Iterable[str] = (),
    max_share: float,
    attribute_rules: bool = True,
) -> DomChromeResult:
    """Remove chrome widgets from `tree` in place and describe each removal.

    `attribute_rules=False` removes only what `drop_selectors` name.
    """
    protected = _protected(tree, keep_selectors)
    page_prose = _paragraph_chars(tree)
    chosen: list[tuple[etree._Element, ChromeKind, str, str]] = []
    chosen_ids: set[int] = set()
    for element, kind, rule in _candidates(tree, drop_selectors, attribute_rules):
        if id(element) in chosen_ids or _inside_chosen(element, chosen_ids) or not _removable(element, protected):
            continue
        if rule.startswith("attribute") and _is_article_like(element, page_prose):
            continue
        text = " ".join(element.text_content().split())
        if rule == FRONT_MATTER_RULE and not _is_front_matter(element, text):
            continue
        chosen.append((element, _refine_kind(kind, text), rule, text))
        chosen_ids.add(id(element))
    if not chosen:
        return DomChromeResult(removed=[])
    body = tree.find("body")
    page_chars = len(" ".join((body if body is not None else tree).text_content().split())) or 1
    removed_chars = sum(len(text) for _, _, _, text in chosen)
    if removed_chars > max_share * page_chars:
        logger.debug("DOM chrome rules would remove %d of %d characters; undone", removed_chars, page_chars)
        return DomChromeResult(removed=[], undone=True)
    for element, _, _, _ in chosen:
        element.drop_tree()
    return DomChromeResult(removed=[RemovedBlock(kind, rule, text) for _, kind, rule, text in chosen if text])


def labelled_elements(tree: lxml_html.HtmlElement) -> Iterator[tuple[etree._Element, ChromeKind, bool]]:
    """Elements whose class/id/role/aria/data attributes name a chrome kind or front matter, in document order.

    The distinct label values are scanned as one string: one pass per pattern is
    far cheaper than a call per element on pages with thousands of them.
    """
    owners: dict[str, list[tuple[int, etree._ElementUnicodeResult]]] = {}
    for position, value in enumerate(_LABEL_VALUES(tree)):
        owners.setdefault(value, []).append((position, value))
    if not owners:
        return
    labels = list(owners)
    text = "\n".join(labels).lower()
    starts = list(accumulate((len(label) + 1 for label in labels[:-1]), initial=0))

    def matches(pattern: re.Pattern[str]) -> Iterator[tuple[int, etree._Element, str]]:
        for match in pattern.finditer(text):
            for position, value in owners[labels[bisect_right(starts, match.start()) - 1]]:
                yield position, value.getparent(), match.group()

    neutral = {element for _, element, _ in matches(_NEUTRAL)}
    found: dict[etree._Element, tuple[int, ChromeKind, bool]] = {}
    for pattern, kinds in ((_STEMS, _STEM_KINDS), (_TOKENS, _TOKEN_KINDS), (_FRONT_MATTER, _FRONT_MATTER_KINDS)):
        for position, element, word in matches(pattern):
            if element not in neutral and element.tag not in NEVER_REMOVED:
                found.setdefault(element, (position, kinds[word], pattern is _FRONT_MATTER))
    for element, (_, kind, front_matter) in sorted(found.items(), key=lambda item: item[1][0]):
        yield element, kind, front_matter


def _candidates(
    tree: lxml_html.HtmlElement, drop_selectors: Iterable[str], attribute_rules: bool
) -> Iterator[tuple[etree._Element, ChromeKind, str]]:
    for selector in drop_selectors:
        for element in select(tree, selector):
            yield element, "other", f"selector:{selector}"
    if not attribute_rules:
        return
    for element, kind, front_matter in labelled_elements(tree):
        yield element, kind, FRONT_MATTER_RULE if front_matter else f"attribute:{kind}"


def select(tree: lxml_html.HtmlElement, selector: str) -> list[etree._Element]:
    """Elements matching a CSS selector; a selector cssselect cannot parse matches nothing."""
    try:
        return list(tree.cssselect(selector))
    except (SelectorError, etree.XPathError):
        logger.warning("ignoring invalid CSS selector %r", selector)
        return []


def _protected(tree: lxml_html.HtmlElement, keep_selectors: Iterable[str]) -> set[int]:
    """Kept elements, their descendants and their ancestors: none of them may be removed."""
    protected: set[int] = set()
    for selector in keep_selectors:
        for element in select(tree, selector):
            protected.update(id(node) for node in element.iter())
            protected.update(id(node) for node in element.iterancestors())
    return protected


def _removable(element: etree._Element, protected: set[int]) -> bool:
    return element.tag not in NEVER_REMOVED and id(element) not in protected


def _inside_chosen(element: etree._Element, chosen_ids: set[int]) -> bool:
    return any(id(ancestor) in chosen_ids for ancestor in element.iterancestors())


def _is_front_matter(element: etree._Element, text: str) -> bool:
    """Short, and beside the headline: an ancestor a few levels up also holds the <h1>."""
    if len(text) > FRONT_MATTER_MAX_CHARS or element.find(".//h1") is not None:
        return False
    for level, ancestor in enumerate(element.iterancestors()):
        if level >= FRONT_MATTER_LEVELS:
            return False
        if ancestor.find(".//h1") is not None:
            return True
    return False


def _refine_kind(kind: ChromeKind, text: str) -> ChromeKind:
    """A 'subscribe' widget's words say whether it sells a subscription, a newsletter or a paywall pass."""
    if kind != "subscription":
        return kind
    verdict = classify(text, at_edge=True)
    return verdict.kind if verdict is not None and verdict.kind in APPEAL_KINDS else kind


def _paragraph_chars(element: etree._Element) -> int:
    return sum(len(paragraph.text_content()) for paragraph in element.iter("p"))


def _is_article_like(element: etree._Element, page_prose: int) -> bool:
    prose = _paragraph_chars(element)
    return prose >= ARTICLE_LIKE_MIN_CHARS and prose >= ARTICLE_LIKE_SHARE * page_prose
