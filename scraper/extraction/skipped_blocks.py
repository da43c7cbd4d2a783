"""Lists and headings the main-content pass skipped although the paragraphs around them were kept.

When trafilatura's fast path finds no article container it gathers the page's paragraphs
one by one, and neither lists nor headings are among what it gathers: a how-to's steps,
a review's feature lists and the section headings above them vanish from between the
paragraphs that introduce and follow them (WCXB 4252 kept half its words, 0268 under
half; trafilatura's full cascade keeps them, at twice the cost). Lists and headings that
stand between two paragraphs the result holds side by side, with nothing kept between
them, were skipped, not judged: they go back where they stood. Link lists there (a
'related articles' box between two paragraphs) stay out: they are mostly linked text.

The same gathering drops the linked title of each card on a listing page (a blog's post
cards, a shop's product tiles) while keeping the card's teaser paragraph below it.
"""

from __future__ import annotations

from collections.abc import Iterator

from lxml import html as lxml_html

from scraper.extraction.blocks import Block
from scraper.extraction.whitespace import HEADING_TAGS, squashed

TITLE_TAGS = HEADING_TAGS
"""A card's title may be of any rank: cards written as whole pages put theirs in an <h1>."""
LIST_TAGS = frozenset({"ul", "ol"})
SKIPPED_TAGS = TITLE_TAGS | LIST_TAGS
"""What the fast path's paragraph gathering never takes. An <h1> standing between two kept blocks is a
section heading (pages whose sections are <h1>s, as Markdown's '#' writes them): the page's title stands
above the body, not inside it. Measured: WCXB 0398 got its 'Conclusions' back (+0.0002), no other page
of either set changed."""
MAX_RUN = 8
"""Siblings looked at on each side of a candidate for its kept neighbours, and between a card's title and
its teaser."""
MAX_SKIPPED_LABELS = 1
"""Unkept short siblings passed over on each side on the way to a kept one."""
MAX_LABEL_CHARS = 40
"""Longer than this, an unkept sibling is text the result chose to leave out, not a label."""
LEAD_IN_ENDINGS = (":", "：")
"""How a line introducing a list ends, in Latin and in CJK punctuation."""
MAX_LINKED_SHARE = 0.5
"""A list with more of its text in links than this is navigation or teasers, not article text."""
MIN_LINK_CARDS = 3
"""A bare link right above a paragraph is a card's title where such cards repeat: a product grid, a news
list. Alone it is a call to action over its pitch (WCXB 0155 'Start Your Trial Now') or a citation (0406)."""


def skipped_blocks(blocks: list[Block], tree: lxml_html.HtmlElement) -> list[tuple[int, lxml_html.HtmlElement]]:
    """Each skipped list, heading, list lead-in and card title with the index of the kept block it follows,
    in the order of those indexes (elements after the same block in page order)."""
    found = [*_between_kept(blocks, tree), *_card_titles(blocks, tree)]
    return sorted(found, key=lambda pair: pair[0])


def _between_kept(blocks: list[Block], tree: lxml_html.HtmlElement) -> Iterator[tuple[int, lxml_html.HtmlElement]]:
    """Lists and headings (and a list's lead-in line) standing between two blocks kept side by side."""
    positions: dict[str, list[int]] = {}
    for position, block in enumerate(blocks):
        positions.setdefault(squashed(block.text), []).append(position)
    kept_text = squashed(" ".join(block.text for block in blocks))
    texts = _SquashedTexts()
    for candidate in _after_paragraphs(tree):
        following = _kept_neighbour(candidate.itersiblings(), positions, texts)
        preceding = _kept_neighbour(candidate.itersiblings(preceding=True), positions, texts) if following else set()
        after = max((index for index in preceding if index + 1 in following), default=None)
        if after is None:
            continue
        text = texts[candidate]
        if not text or text in kept_text or _linked_share(candidate) > MAX_LINKED_SHARE:
            continue
        label = _lead_in(candidate)
        if label is not None and squashed(label.text_content()) != squashed(blocks[after].text):
            yield after, label
        yield after, candidate


def _card_titles(blocks: list[Block], tree: lxml_html.HtmlElement) -> Iterator[tuple[int, lxml_html.HtmlElement]]:
    """Linked headings standing right above a kept paragraph that the result left out: a card's title over
    its teaser. A page's own title and section headings are not links; a card's title links to its page.
    Where cards repeat, a bare link right before a kept paragraph is such a title too (a shop's product
    names: WCXB 0649 0.06 -> 0.35, 1795 0.83 -> 0.96, no page down).

    Unlinked headings above kept paragraphs stay out: on WCXB articles their sections' headings were
    as often missing from the reviewed text (0101, 0184, 0320: -0.02 to -0.03 F1 each).
    Measured on WCXB: 17 pages change: 4736 (collection) 0.30 -> 0.87, 2967 (listing) 0.72 -> 0.93,
    2903 +0.074, 4508 +0.071, 2909 +0.061, 4105 +0.066, 2684 +0.023; the losses are teasers of
    related posts already kept, now with their titles (0027 -0.025, 0051 -0.009, 4614 -0.005).
    """
    cards: list[tuple[lxml_html.HtmlElement, lxml_html.HtmlElement]] = []
    links: list[tuple[lxml_html.HtmlElement, lxml_html.HtmlElement]] = []
    for element in tree.iter("p", *TITLE_TAGS):  # one walk; the whole search: 0.2-0.3 ms of a 29 ms page
        if element.tag != "p":
            teaser = _teaser_below(element)
            if teaser is not None:
                cards.append((element, teaser))
        elif (link := _with_text(element.itersiblings(preceding=True))) is not None and link.tag == "a" and _bare(link):
            links.append((link, element))
    if len(links) >= MIN_LINK_CARDS:
        cards += links
    if not cards:  # most pages: the result is not read at all
        return
    first: dict[str, int] = {}
    for position, block in enumerate(blocks):
        if block.kind == "paragraph":
            first.setdefault(squashed(block.text), position)
    kept_text = squashed(" ".join(block.text for block in blocks))
    for title, teaser in cards:
        below = first.get(squashed(teaser.text_content()))
        text = squashed(title.text_content())
        if below is None or not text or text in kept_text:
            continue
        kept_text += text  # a title repeated on the page (a grid shown twice) comes back once
        yield below - 1, title


def _teaser_below(heading: lxml_html.HtmlElement) -> lxml_html.HtmlElement | None:
    """The paragraph right after a linked heading, if any.

    The heading is linked when a link around it holds only its text (<a><h2>T</h2></a>), when the whole
    card is one link (<a><h2>T</h2><p>teaser</p></a>: WCXB 0205, a news listing, 0.87 -> 1.00; 0639 and
    4203 +0.03 each, no page down) or when its text is mostly linked (<h2><a>T</a></h2>).
    """
    link = next(heading.iterancestors("a"), None)
    if link is not None:
        title = link if squashed(link.text_content()) == squashed(heading.text_content()) else heading
    elif _linked_share(heading) > MAX_LINKED_SHARE:
        title = heading
    else:
        return None
    teaser = _with_text(title.itersiblings())
    return teaser if teaser is not None and teaser.tag == "p" else None


def _with_text(siblings: Iterator[lxml_html.HtmlElement]) -> lxml_html.HtmlElement | None:
    """The nearest of `siblings` holding text: a picture link, an icon or an empty <p> between a card's title
    and its teaser is passed over."""
    for _, sibling in zip(range(MAX_RUN), siblings, strict=False):
        if _has_text(sibling):
            return sibling
    return None


def _has_text(element: lxml_html.HtmlElement) -> bool:
    """Whether the element holds any words: read up to the first, not its whole text (a sibling may hold the page)."""
    return any(text.strip() for text in element.itertext())


def _bare(link: lxml_html.HtmlElement) -> bool:
    """A link that is neither a heading's nor around one: those are read as linked headings."""
    return next(link.iter(*TITLE_TAGS), None) is None and next(link.iterancestors(*TITLE_TAGS), None) is None


def _after_paragraphs(tree: lxml_html.HtmlElement) -> Iterator[lxml_html.HtmlElement]:
    """Lists and headings that follow a paragraph among their siblings, in document order.

    Walking out from the page's paragraphs visits a few elements; testing every list and heading
    (menus included) cost 1.5 ms a page on the ScrapingHub pages. The walk runs on past any number
    of lists and headings: a guide's sections are often a heading and a list each, one after the
    other, and those after the eighth sibling were lost (WCXB 4339 0.859 -> 0.866 F1, 0239 +0.014;
    no other page of either set changed). Each sibling is walked past once: a walk ends at the first
    sibling with text that is neither, and an empty paragraph it passes starts no walk of its own.
    """
    passed: set[lxml_html.HtmlElement] = set()
    for paragraph in tree.iter("p"):
        if paragraph in passed:
            continue
        for sibling in paragraph.itersiblings():
            if sibling.tag in SKIPPED_TAGS:
                if sibling.getparent().tag != "li":
                    yield sibling
            elif _has_text(sibling):
                break  # a figure or spacer without text does not end the run
            elif sibling.tag == "p":
                passed.add(sibling)


class _SquashedTexts(dict[lxml_html.HtmlElement, str]):
    """Each element's text without white space, read once: the paragraph between two headings is a neighbour of
    both. On a ScrapingHub guide whose 18 sections are a heading and paragraphs each, the search took 0.76 ms
    reading them again, 0.57 ms reading them once."""

    def __missing__(self, element: lxml_html.HtmlElement) -> str:
        text = self[element] = squashed(element.text_content())
        return text


def _kept_neighbour(
    siblings: Iterator[lxml_html.HtmlElement], positions: dict[str, list[int]], texts: _SquashedTexts
) -> set[int]:
    """Where the nearest kept siblings stand in the result, past other skipped ones and a short label.

    trafilatura drops a short paragraph it has already seen ('Features:' above each product's
    list in a review), so a label may be missing, or kept only where it first appeared.
    """
    found: set[int] = set()
    labels = 0
    for _, sibling in zip(range(MAX_RUN), siblings, strict=False):
        key = texts[sibling]
        in_a_list = sibling.tag in LIST_TAGS and key not in positions
        ends = _kept_list_ends(sibling, positions, texts) if in_a_list else set()
        if ends:
            found.update(ends)
            break
        if not key or (sibling.tag in SKIPPED_TAGS and key not in positions):
            continue
        found.update(positions.get(key, ()))
        labels += 1
        if labels > MAX_SKIPPED_LABELS or len(key) > MAX_LABEL_CHARS:
            break
    return found


def _kept_list_ends(element: lxml_html.HtmlElement, positions: dict[str, list[int]], texts: _SquashedTexts) -> set[int]:
    """Where a list the result kept item by item starts and ends in it: a heading between such a list and a
    kept paragraph was skipped as much as one between two paragraphs (WCXB 4339, whose section headings
    each stand after a kept list or before one). Measured: WCXB 4339 +0.019 F1, 0165 +0.003, 3078 +0.001,
    none down; every ScrapingHub output the same."""
    items = [texts[item] for item in element.iterchildren("li")]
    if not items or any(item not in positions for item in items):
        return set()
    return set(positions[items[0]]) | set(positions[items[-1]])


def _lead_in(candidate: lxml_html.HtmlElement) -> lxml_html.HtmlElement | None:
    """The short line ending in a colon that introduces a list ('Features:'), if one stands right before it."""
    label = candidate.getprevious()
    if candidate.tag in TITLE_TAGS or label is None or label.tag in SKIPPED_TAGS:
        return None
    text = label.text_content().strip()
    return label if len(text) <= MAX_LABEL_CHARS and text.endswith(LEAD_IN_ENDINGS) else None


def _linked_share(element: lxml_html.HtmlElement) -> float:
    total = len(squashed(element.text_content()))
    linked = sum(len(squashed(link.text_content())) for link in element.iter("a"))
    return linked / total if total else 1.0
