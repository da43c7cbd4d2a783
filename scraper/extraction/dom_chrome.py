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
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from itertools import accumulate

from cssselect import SelectorError
from lxml import etree
from lxml import html as lxml_html

from scraper.extraction.classify import classify, find_hits, is_control_label
from scraper.extraction.patterns import WordScan
from scraper.extraction.vocabulary import ATTRIBUTE_STEMS, ATTRIBUTE_TOKENS, FRONT_MATTER_TOKENS, NEUTRAL_STEMS
from scraper.extraction.whitespace import INLINE_WRAPPERS, visible_chars
from scraper.models import ChromeKind, RemovedBlock

logger = logging.getLogger(__name__)

APPEAL_KINDS = frozenset({"donation", "paywall", "subscription", "newsletter"})

NEVER_REMOVED = frozenset({"html", "head", "body", "article", "main", "h1"})
"""Containers that hold the article itself, whatever their class says."""

ARTICLE_LIKE_SHARE = 0.5
ARTICLE_LIKE_MIN_CHARS = 200
"""An element holding this share of the page's paragraph text is the article, not a widget."""

TEXT_ELEMENTS = frozenset({"p", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "dd", "dt", "td", "th"})
"""Elements that are themselves a line of the page's text: a class name alone does not make them chrome.

Page builders give body headings and paragraphs classes that happen to contain a chrome word
('kt-adv-heading' for an advanced heading, 'promo' in a call-to-action module); a widget is a
container, and a text element is removed only when its own words are chrome too.
"""

PROSE_PARAGRAPH_CHARS = 150
PROSE_CONTAINER_SHARE = 0.5
"""A container whose text is mostly paragraphs this long is prose; its class alone does not remove it."""

TEASER_MIN_LINK_SHARE = 0.2
TEASER_PROSE_CHARS = 200
"""A teaser box is links to other pages: one this long whose text is mostly unlinked is prose with a
'related' in its name (a 'map-and-related' section holding the page's instructions), not a teaser."""

_STEM_KINDS: dict[str, ChromeKind] = {stem: kind for kind, stems in ATTRIBUTE_STEMS for stem in stems}
_TOKEN_KINDS: dict[str, ChromeKind] = {token: kind for kind, tokens in ATTRIBUTE_TOKENS for token in tokens}
_STEMS = WordScan(_STEM_KINDS, opens=True)
"""Stems open a word of the name ('adblock-notice', 'articlePaywall'), never sit inside one ('leadblock')."""
_CAMEL_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_SHORT_PREFIX = re.compile(r"[a-z]{2,4}")
NAMESPACE_MIN_CLASSES = 4
"""A short prefix that opens this many different class names on one page is a component namespace.

Adobe Experience Manager names every component 'cmp-…' (cmp-text, cmp-image, cmp-teaser); the same
letters standing alone name a consent manager. A namespace says what built the element, not what it is.
"""
_TOKENS = WordScan(_TOKEN_KINDS, opens=True, closes=True)
_NEUTRAL = WordScan(NEUTRAL_STEMS)
_FRONT_MATTER_KINDS: dict[str, ChromeKind] = dict.fromkeys(FRONT_MATTER_TOKENS, "other")
_FRONT_MATTER = WordScan(FRONT_MATTER_TOKENS, opens=True, closes=True)
FRONT_MATTER_RULE = "front-matter"
FRONT_MATTER_MAX_CHARS = 400
FRONT_MATTER_LEVELS = 3
"""Front matter sits beside the headline: an ancestor this close also holds the <h1>."""
_WORD_CHARACTER = re.compile(r"\w")
LABEL_ATTRIBUTES = frozenset({"class", "id", "role", "aria-label", "data-component", "data-testid"})
"""Where sites name their widgets; not every data-*, whose values are mostly ids and JSON."""


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
    page_prose = _PageProse(tree)
    before_prose = _BeforeProse(tree)
    chosen: list[tuple[etree._Element, ChromeKind, str, str]] = []
    chosen_elements: set[etree._Element] = set()
    for element, kind, rule in _candidates(tree, drop_selectors, attribute_rules):
        if element in chosen_elements or _inside_chosen(element, chosen_elements) or not _removable(element, protected):
            continue
        by_attribute = rule.startswith("attribute")
        paragraphs = _paragraph_lengths(element) if by_attribute else []
        if by_attribute and _is_article_like(paragraphs, page_prose):
            continue
        text = " ".join(element.text_content().split())
        if rule == FRONT_MATTER_RULE and not _is_front_matter(element, text, before_prose):
            continue
        if (
            by_attribute
            and (_needs_confirmation(element, paragraphs, text) or _unlinked_teaser(element, kind, text))
            and not _text_confirms(text)
        ):
            continue
        chosen.append((element, _refine_kind(kind, text), rule, text))
        chosen_elements.add(element)
    if not chosen:
        return DomChromeResult(removed=[])
    page_chars = visible_chars(tree) or 1
    removed_chars = sum(len(text) for _, _, _, text in chosen)
    if removed_chars > max_share * page_chars:
        logger.debug("DOM chrome rules would remove %d of %d characters; undone", removed_chars, page_chars)
        return DomChromeResult(removed=[], undone=True)
    for element, _, _, _ in chosen:
        element.drop_tree()
    return DomChromeResult(removed=[RemovedBlock(kind, rule, text) for _, kind, rule, text in chosen if text])


def labelled_elements(tree: lxml_html.HtmlElement) -> Iterator[tuple[etree._Element, ChromeKind, bool]]:
    """Elements whose class/id/role/aria/data attributes name a chrome kind or front matter, in document order.

    The distinct label values are scanned as one string: one pass per word list is
    far cheaper than a call per element on pages with thousands of them; only the values that
    matched are traced back to their elements.
    """
    values, elements = _label_values(tree)
    if not values:
        return
    labels = list(dict.fromkeys(values))
    plain = _LabelText(labels, str.lower)
    camel = _LabelText(labels, _split_camel_case) if any(not label.islower() for label in labels) else plain
    namespaces = _Namespaces(plain.text)
    scans: tuple[tuple[WordScan, _LabelText, dict[str, ChromeKind]], ...] = (
        (_NEUTRAL, plain, {}),
        (_STEMS, camel, _STEM_KINDS),
        (_TOKENS, plain, _TOKEN_KINDS),
        (_FRONT_MATTER, plain, _FRONT_MATTER_KINDS),
    )
    hits = [(scan, kinds, list(_label_hits(scan, text, labels, namespaces))) for scan, text, kinds in scans]
    wanted = {label for _, _, found in hits for label, _ in found}
    if not wanted:
        return
    owners: dict[str, list[tuple[int, etree._Element]]] = {}
    for position, value in enumerate(values):
        if value in wanted:
            owners.setdefault(value, []).append((position, elements[position]))

    def matches(found: list[tuple[str, str]]) -> Iterator[tuple[int, etree._Element, str]]:
        for label, word in found:
            for position, element in owners[label]:
                yield position, element, word

    neutral = {element for _, element, _ in matches(hits[0][2])}
    found: dict[etree._Element, tuple[int, ChromeKind, bool]] = {}
    for scan, kinds, labels_found in hits[1:]:
        for position, element, word in matches(labels_found):
            if element not in neutral and element.tag not in NEVER_REMOVED:
                found.setdefault(element, (position, kinds[word], scan is _FRONT_MATTER))
    for element, (_, kind, front_matter) in sorted(found.items(), key=lambda item: item[1][0]):
        yield element, kind, front_matter


def _label_values(tree: lxml_html.HtmlElement) -> tuple[list[str], list[etree._Element]]:
    """The label attributes' values in document order, and the element holding each.

    One walk over the elements: the XPath union of the six attributes made six passes and then
    sorted them back into document order: 0.61 against 0.44 ms for the median ScrapingHub page (best of five).
    """
    values: list[str] = []
    elements: list[etree._Element] = []
    for element in tree.iter(etree.Element):
        for name, value in element.items():  # no .attrib: its proxy object cost a third of the walk
            if name in LABEL_ATTRIBUTES:
                values.append(value)
                elements.append(element)
    return values, elements


def _label_hits(
    scan: WordScan, scanned: _LabelText, labels: list[str], namespaces: _Namespaces
) -> Iterator[tuple[str, str]]:
    """Each (label, matched word) of one scan over the joined labels; a namespace prefix is no match."""
    for start, word in scan.find(scanned.text):
        if _opens_a_name(scanned.text, start, word) and word in namespaces:
            continue
        yield labels[scanned.label_at(start)], word


def _split_camel_case(label: str) -> str:
    return label if label.islower() else _CAMEL_BOUNDARY.sub("-", label).lower()


class _LabelText:
    """Distinct label values joined into one lower-cased string, with a way back from an offset to its label.

    Stems are read with camelCase split into words ('articlePaywall'); short tokens are not, since
    generated ids ('sp_adID', 'adReviewLink') would yield 'ad' everywhere.
    """

    def __init__(self, labels: list[str], normalise: Callable[[str], str]) -> None:
        words = [normalise(label) for label in labels]
        self.text = "\n".join(words)
        self._starts = list(accumulate((len(word) + 1 for word in words[:-1]), initial=0))

    def label_at(self, offset: int) -> int:
        return bisect_right(self._starts, offset) - 1


class _Namespaces:
    """Short prefixes that open many different class names: component namespaces, not words.

    Asked only for the few words the scans matched, each counted once: 0.3 ms a page less than
    collecting the prefix of every class name.
    """

    def __init__(self, text: str) -> None:
        self._text = text
        self._known: dict[str, bool] = {}

    def __contains__(self, word: str) -> bool:
        if word not in self._known:
            self._known[word] = _SHORT_PREFIX.fullmatch(word) is not None and (
                len(set(re.findall(rf"(?<!\S){word}[-_](\S+)", self._text))) >= NAMESPACE_MIN_CLASSES
            )
        return self._known[word]


def _opens_a_name(text: str, start: int, word: str) -> bool:
    """The word found at `start` is the first part of a longer class name ('cmp-text'), not the whole name ('cmp')."""
    following = text[start + len(word) : start + len(word) + 1]
    return (start == 0 or text[start - 1].isspace()) and following != "" and following in "-_"


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


def _protected(tree: lxml_html.HtmlElement, keep_selectors: Iterable[str]) -> set[etree._Element]:
    """Kept elements, their descendants and their ancestors: none of them may be removed.

    The elements themselves, not their id(): lxml makes a node's Python proxy on demand and frees it with
    its last reference, and a later proxy of another node may get the freed id. A set of ids then called
    unrelated elements protected, at random from run to run (a 'S'abonner' button kept in 1 run of 8).
    """
    protected: set[etree._Element] = set()
    for selector in keep_selectors:
        for element in select(tree, selector):
            protected.update(element.iter())
            protected.update(element.iterancestors())
    return protected


def _removable(element: etree._Element, protected: set[etree._Element]) -> bool:
    return element.tag not in NEVER_REMOVED and element not in protected


def _inside_chosen(element: etree._Element, chosen: set[etree._Element]) -> bool:
    return any(ancestor in chosen for ancestor in element.iterancestors())


def _is_front_matter(element: etree._Element, text: str, before_prose: _BeforeProse) -> bool:
    """Short, before the body's first paragraph, and beside the headline: an ancestor a few levels up holds the <h1>.

    A byline-like class after the body has begun (a quote's attribution, a testimonial's author) is body text.
    """
    if len(text) > FRONT_MATTER_MAX_CHARS or element.find(".//h1") is not None:
        return False
    if not before_prose.contains(element):
        return False
    for level, ancestor in enumerate(element.iterancestors()):
        if level >= FRONT_MATTER_LEVELS:
            return False
        if ancestor.find(".//h1") is not None:
            return True
    return False


class _BeforeProse:
    """The elements that open before the page's first paragraph of prose, or are it, found once and only when asked."""

    def __init__(self, tree: lxml_html.HtmlElement) -> None:
        self._tree = tree
        self._elements: set[etree._Element] | None = None  # the elements themselves: a proxy's id() is reused

    def contains(self, element: etree._Element) -> bool:
        if self._elements is None:
            self._elements = set()
            for node in self._tree.iter():
                self._elements.add(node)
                if node.tag == "p" and len(node.text_content()) >= PROSE_PARAGRAPH_CHARS:
                    break
        return element in self._elements


def _needs_confirmation(element: etree._Element, paragraphs: list[int], text: str) -> bool:
    """A text element, a link or phrase inside a sentence, or a container of prose paragraphs: its class
    name is not enough to remove it."""
    if element.tag in TEXT_ELEMENTS or _in_running_text(element):
        return True
    prose = sum(length for length in paragraphs if length >= PROSE_PARAGRAPH_CHARS)
    return prose >= PROSE_CONTAINER_SHARE * len(text) and prose >= PROSE_PARAGRAPH_CHARS


def _in_running_text(element: etree._Element) -> bool:
    """An inline element with its parent's words right before or after it: a link or a phrase inside a sentence.

    Removed for its class, it takes a word out of the sentence: a link classed 'recommendation-inline-link'
    inside 'Avoid the urge to <a>overfertilize</a>; ...' left 'Avoid the urge to ; ...' (WCXB 4007; 4591
    lost 24 such words, 0199 two, 4030 five).
    """
    if element.tag not in INLINE_WRAPPERS:
        return False
    previous = element.getprevious()
    before = element.getparent().text if previous is None else previous.tail
    return bool(_WORD_CHARACTER.search(element.tail or "") or _WORD_CHARACTER.search(before or ""))


def _unlinked_teaser(element: etree._Element, kind: ChromeKind, text: str) -> bool:
    if kind != "teaser" or len(text) < TEASER_PROSE_CHARS:
        return False
    linked = sum(len(" ".join(anchor.text_content().split())) for anchor in element.iter("a"))
    return linked < TEASER_MIN_LINK_SHARE * len(text)


def _text_confirms(text: str) -> bool:
    """The words carry a chrome cue of their own (an appeal's phrase, a prompt, a control): with the class, two cues."""
    return bool(find_hits(text)) or is_control_label(text)


def _refine_kind(kind: ChromeKind, text: str) -> ChromeKind:
    """A 'subscribe' widget's words say whether it sells a subscription, a newsletter or a paywall pass."""
    if kind != "subscription":
        return kind
    verdict = classify(text, at_edge=True)
    return verdict.kind if verdict is not None and verdict.kind in APPEAL_KINDS else kind


def _paragraph_lengths(element: etree._Element) -> list[int]:
    """The text length of each <p> inside `element`, read once for every check that needs it."""
    return [len(paragraph.text_content()) for paragraph in element.iter("p")]


class _PageProse:
    """The length of all the page's paragraphs, read only when a candidate holds enough prose to ask."""

    def __init__(self, tree: lxml_html.HtmlElement) -> None:
        self._tree = tree

    @cached_property
    def chars(self) -> int:
        return sum(_paragraph_lengths(self._tree))


def _is_article_like(paragraphs: list[int], page_prose: _PageProse) -> bool:
    prose = sum(paragraphs)
    return prose >= ARTICLE_LIKE_MIN_CHARS and prose >= ARTICLE_LIKE_SHARE * page_prose.chars
