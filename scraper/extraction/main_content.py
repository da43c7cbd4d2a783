"""Main-content extraction: trafilatura finds the article body in the (already de-chromed) tree."""

from __future__ import annotations

import copy
import dataclasses
import functools
import logging
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from lxml import etree
from lxml import html as lxml_html
from trafilatura import bare_extraction
from trafilatura.settings import Document, Extractor, use_config

from scraper.extraction.blocks import Block, blocks_from_xml, mostly_unspaced, normalize_space
from scraper.extraction.declared import count_words, words
from scraper.extraction.discussion import declared_posts
from scraper.extraction.links import mark_links
from scraper.extraction.plaintext import split_blocks
from scraper.extraction.skipped_blocks import TITLE_TAGS, skipped_blocks
from scraper.extraction.whitespace import squashed, visible_chars

logger = logging.getLogger(__name__)

SHORT_RESULT_CHARS = 500
"""A result still this short after the full cascade gets three more looks: trafilatura without link
handling, the page's own <article>/<main> read alone, and the page read without its class and id names."""

MIN_SHARE_OF_PAGE = 0.15
"""A fast-path result holding less of the page's visible text than this has probably missed the body.

The fast path locks onto one container; on list posts, product pages, forums and pages whose body is
split over sibling sections it keeps a fragment. Measured on the WCXB development pages and the 181
ScrapingHub pages: results under 12-18 % of the page text are where the fallback gains (article F1
+0.007, other page types +0.035), and the ScrapingHub pages, whose fast results are all above it,
keep their scores; about 8 % of pages pay for the second run.
"""

DECLARED_MIN_SHARE = 0.6
"""A result with fewer words than this share of the length the page declares (`articleBody`,
`wordCount`) has missed part of the body: the full cascade gets a look, and when it too falls
short the declared `articleBody` is the article. Measured on WCXB: of 113 pages declaring a length,
the three whose result fell this short kept 25-40 % of the article; their declarations were
within 2 % of the reviewed text."""

_COMMENT_CLASSES = etree.XPath("//@class[contains(., 'omment')]")
_COMMENT_IDS = etree.XPath(
    "//@id[contains(., 'omment') or contains(., 'comol') or contains(., 'disqus') or contains(., 'dsq-')"
    " or starts-with(., 'social')]"
)
"""Attributes naming an element as trafilatura names comment sections (a superset of its patterns).
Read on the attribute axis: 0.3 ms a page, against 0.8 ms testing each element's attributes. Two
look-ups and their elements found in Python: libxml2 merges a union's node sets, and the parents of a
node set, pairwise (a page of 10,000 comments took 1.4 s here)."""

COMMENT_POSTS_MIN_SHARE = 0.1
"""Comment-named sections holding this share of the page's text may be its posts: a forum thread.

On the WCXB forum pages they hold 16-91 % of the text; on an article they are a reply box or a
'3 comments' link. Below it trafilatura's comment search is off (see `_run`): 4 % faster on
the ScrapingHub pages; one ScrapingHub page and two WCXB articles change (0495 +0.004, 4858 +0.002)."""

PAGE_DUMP_MIN_CHARS = 1000
"""A result this long held in one block is trafilatura's baseline: when its extractor finds no body it
returns the page's whole text as one paragraph, menus, captions and footers included (WCXB 4267, 4331,
4661: 2,600-39,000 characters, no line break)."""

DUMP_MIN_KEPT = 0.5
"""The full cascade replaces such a dump when it keeps at least this share of its text: then it found the
same body without the page around it (WCXB 4661: 89 %, F1 0.95 -> 1.00; 4331: 65 %, 0.37 -> 0.52).
Keeping less, it lost the article (4267: 9 %, 0.68 -> 0.30), and the dump, chrome and all, stays."""

EMPTIED_FOR_FAST_PATH = (
    "aside",
    "footer",
    "menu",
    "select",
    "button",
    "iframe",
    "video",
    "audio",
    "object",
    "canvas",
    "picture",
)
"""Elements trafilatura deletes whole before it looks for the body. Its fast path reads the page with them
emptied, so that its three copies of the tree and its per-element tests skip their contents. Emptied, not
deleted, and filled again at once: the fallbacks and our own later look-ups read the whole page (WCXB 4111
holds its article inside an unclosed <aside>; deleting these elements for good changed seven pages, five of
them down by 0.37 to 1.0 F1).

Measured: 6.5 % faster on the ScrapingHub pages (asides and footers 4.2 %), every ScrapingHub output the
same. Three WCXB pages change, as trafilatura's page measure no longer counts button and option labels:
3051 +0.064, 4267 +0.014, 0639 -0.001. Not <nav>, whose text that measure counts (21 pages changed, 13
down): menus are flattened instead (FLATTENED_FOR_FAST_PATH), and so are figures, whose captions it counts.
"""

UNSPACED_MIN_EXTRACTED_SIZE = 100
"""trafilatura gives up on a body under 250 characters (its MIN_EXTRACTED_SIZE) and dumps the whole page,
menus, headline and related links run together: some 40 English words, but some 125 Chinese or Japanese
ones, a whole short news item. For text written without spaces it is scaled down by the two and a half
characters an English word takes beside one of those scripts' words."""
SCRIPT_SAMPLE_CHARS = 2000
"""How much of a part's text, from its start, tells its script."""

FLATTENED_FOR_FAST_PATH = ("nav", "figure", "fieldset", "label", "dialog")
"""Menus, figures, form parts and dialogs: trafilatura deletes these elements whole before it looks for the body, but
its measure of the page's text (a result far shorter than the page is read again in recall mode) and its
last-resort dump of the page read their words. The fast path reads each as the same words in an element of
its own name, without the lists, items, links, pictures and icons inside: a third of a ScrapingHub page's
elements are inside <nav>s, and each element costs trafilatura's copies of the tree and its per-element
pattern tests.

Menus, measured on the ScrapingHub pages, interleaved with trafilatura.extract (thread time, best of three
per page): 1.00 -> 0.95 of its median. Every ScrapingHub output the same; five WCXB pages change (0695
+0.010, 2904 and 3010 +0.0004 or less, 4267 -0.002, 0319 -0.004: one line of reading time), and `without`
snippets leaked 4.05 -> 3.96 %.

Figures, fieldsets, labels and dialogs besides (12, 4, 2 and 1 elements of a median WCXB page's 600): no
measurable change of speed (0.998 of the time before on the ScrapingHub pages, the order of the two runs
alternated page by page), every ScrapingHub output the same; WCXB changes with `_flattened`'s lines.
"""

HOLDS_THE_PAGE = ("p", "h1", "table")
"""An element holding a paragraph or the headline is not flattened: libxml2 nests the rest of a page inside a
<nav> that its markup never closes (WCXB 0193, 4267, 4377 lost their articles, 0.19 to 0.71 F1 each). Nor is
one holding a table: trafilatura reads a figure holding a table as text."""

EMPTIED_SECTIONS_MISSED = 2
"""A result in which this many sections kept their heading alone lost their text: trafilatura's fast path
drops boxes it takes for teasers (WCXB 0073, a FAQ whose answers sit in cards: 0.48 F1; the full
cascade keeps them: 0.92). One such heading is common and says little (a heading over a picture or a
form); 125 of the 1,042 pages have one or more, 56 two or more (one ScrapingHub page)."""

INLINE_TAGS = frozenset(
    (
        "a",
        "abbr",
        "b",
        "br",
        "cite",
        "code",
        "em",
        "font",
        "i",
        "mark",
        "q",
        "s",
        "small",
        "span",
        "strong",
        "sub",
        "sup",
        "u",
    )
)
"""Markup inside a line of text: a <div> holding only these around its words is a paragraph in all but name."""

MIN_PIECE_CHARS = 3
"""Inline children shorter than this (without white space) are too common to tell a piece of their <div>."""

MAX_PIECE_LINK_SHARE = 0.5
"""A piece of a <div> this much linked is a link from a line of chrome (a consent or disclosure line), not
from a paragraph of the body: reading those lines whole cost WCXB 0477 0.125 F1 and 0098 0.028."""

_MAINS = etree.XPath("//main")

MAIN_MIN_SHARE = 0.5
"""Blocks outside the page's <main> go only when the blocks inside hold at least this share of the result."""

MAIN_KEY_CHARS = 20
"""The start of a block's text looked up in <main>'s. Only the start: trafilatura joins pieces of a block its
own way and leaves some out (a product's rating between its heading and its button: WCXB 4864)."""

MIN_DECLARED_POSTS = 2
"""A discussion whose microdata marks this many posts can be read from them."""

POSTS_MIN_COVERED = 0.5
"""A discussion's result holding less than this share of its declared posts' words missed the thread, and
the posts are read alone. Measured on the WCXB pages that declare a discussion and two or more posts:
the full cascade's result holds 16 % and 35 % of them on two (0516 kept a summary box above the thread,
0.25 F1, read from its posts 0.80; 2826 the question without its answers, 0.63, then 0.93) and 81-100 %
on the other five, which stay as they are. No ScrapingHub page declares a discussion."""

MIN_ITEM_CHARS = 30
"""A kept list item and the page's list item it came from start with the same this many characters (white
space aside)."""

SAME_BODY_SHARE = 0.9
"""Two results sharing this share of their text, block by block (white space aside), found the same body."""

FALLBACK_MIN_GAIN = 1.1
"""The fallback's result replaces the fast one only when it is this much longer: more of the page, not noise."""


@dataclass(frozen=True)
class Declared:
    """What the page's structured data says of its body, and whether it declares itself a discussion."""

    body: str | None = None
    words: int = 0
    discussion: bool = False


def extract_blocks(
    tree: lxml_html.HtmlElement, *, url: str | None, include_tables: bool, declared: Declared = Declared()
) -> list[Block]:
    """Run trafilatura's fast path; only results whose shape says they missed the body pay for the fallbacks.

    A declared discussion thread goes straight to the full cascade: the fast path keeps its first post.
    Kept list items whose lines are <div>s are read again with those lines as paragraphs, which keeps
    their words apart. Measured: 22 of the 861 WCXB pages and none of the 181 ScrapingHub pages pay for
    the second run; WCXB 3001 (collection) 0.70 -> 0.84 F1, 2951 +0.028; down by at most 0.0013
    (0187, 0638, 0612, 0613), whose topic and price labels, now apart, repeat chrome words.
    """
    blocks = _extract_blocks(tree, url=url, include_tables=include_tables, declared=declared)
    lines = run_together_lines(blocks, tree)
    if lines:
        with _as_paragraphs(lines):
            spaced = _extract_blocks(tree, url=url, include_tables=include_tables, declared=declared)
        if same_body(blocks, spaced):
            return spaced
    return blocks


def _extract_blocks(
    tree: lxml_html.HtmlElement, *, url: str | None, include_tables: bool, declared: Declared
) -> list[Block]:
    if declared.discussion:
        return _thread_blocks(tree, url=url, include_tables=include_tables)
    with lightened(tree):
        blocks = _run(tree, url=url, include_tables=include_tables, fast=True)
        cut = cut_div_paragraphs(blocks, tree)
        if cut:
            with _as_paragraphs(cut):
                blocks = _run(tree, url=url, include_tables=include_tables, fast=True)
    if is_page_dump(blocks):
        blocks = body_or_dump(blocks, _run(tree, url=url, include_tables=include_tables, fast=False))
    if missed_body(blocks, tree, declared):
        blocks = _longer(blocks, _run(tree, url=url, include_tables=include_tables, fast=False))
        if _chars(blocks) < SHORT_RESULT_CHARS:
            unlinked = _run(tree, url=url, include_tables=include_tables, fast=True, links=False)
            blocks = _longer(blocks, mark_links(unlinked, tree, split_only=False))
        landmark = _largest_landmark(tree) if _chars(blocks) < SHORT_RESULT_CHARS else None
        if landmark is not None:
            alone = _document_of(landmark)
            blocks = _longer(blocks, _run(alone, url=url, include_tables=include_tables, fast=True))
        if _chars(blocks) < SHORT_RESULT_CHARS:
            blocks = _longer(blocks, _run(unnamed(tree), url=url, include_tables=include_tables, fast=True))
        blocks = _or_marked_posts(blocks, tree, url, include_tables)
        if declared.body is not None and _words(blocks) < DECLARED_MIN_SHARE * declared.words:
            return split_blocks(declared.body)
    return inside_main(_with_skipped_blocks(blocks, tree, url=url, include_tables=include_tables), tree)


def _thread_blocks(tree: lxml_html.HtmlElement, *, url: str | None, include_tables: bool) -> list[Block]:
    """A discussion read by the full cascade, or from the posts its microdata declares when that missed them.

    The posts read alone replace the result only when they hold more text (WCXB 0516: 1.4 times, 2826: 1.9
    times): a few short marked snippets beside a thread (a sidebar's latest replies) do not replace it.
    """
    return _or_marked_posts(_run(tree, url=url, include_tables=include_tables, fast=False), tree, url, include_tables)


def _or_marked_posts(
    blocks: list[Block], tree: lxml_html.HtmlElement, url: str | None, include_tables: bool
) -> list[Block]:
    """The posts the page's microdata marks, read alone, where the result holds less than half their words
    and they hold more text than it.

    Also on a page that declares no discussion, once its result looked short: a forum may declare its
    thread an Article and mark each reply a Comment (WCXB 0526: the replies sat in a list trafilatura
    dropped, 0.19 -> 0.99 F1). An article whose reader comments are marked keeps its body: it holds
    their words or more text than they do (WCXB articles 0056, 0057, 4809, 4858 and service page 1520
    unchanged). Only 0526 changed on WCXB; ScrapingHub unchanged. The look-up runs only on the results
    that missed the body, not on every page.
    """
    posts = declared_posts(tree)
    if len(posts) >= MIN_DECLARED_POSTS and covered_share(blocks, posts) < POSTS_MIN_COVERED:
        # The full cascade again: on the posts alone the fast path keeps one of them (2826: 0.22 F1).
        thread = _document_of(*posts, container="article")
        return _longer(blocks, _run(thread, url=url, include_tables=include_tables, fast=False))
    return blocks


def covered_share(blocks: list[Block], elements: list[lxml_html.HtmlElement]) -> float:
    """The share of the elements' words that the blocks hold, each word counted as often as it occurs."""
    wanted = Counter(words(" ".join(element.text_content() for element in elements).casefold()))
    held = Counter(words(" ".join(block.text for block in blocks).casefold()))
    total = sum(wanted.values())
    return sum((wanted & held).values()) / total if total else 1.0


def _with_skipped_blocks(
    blocks: list[Block], tree: lxml_html.HtmlElement, *, url: str | None, include_tables: bool
) -> list[Block]:
    """The result with the lists and headings it skipped between kept paragraphs, and the cards' titles, put back."""
    restored = list(blocks)
    group = max((block.group for block in blocks), default=0)
    for index, found in reversed(skipped_blocks(blocks, tree)):
        group += 1
        if found.tag in ("ul", "ol"):  # a list alone in an <article> is read as the article's body, which keeps it
            alone = _run(_document_of(found, container="article"), url=url, include_tables=include_tables, fast=True)
        else:
            body = etree.Element("body")
            line = (
                etree.SubElement(body, "head", rend=found.tag)
                if found.tag in TITLE_TAGS
                else etree.SubElement(body, "p")
            )
            line.text = found.text_content()
            alone = blocks_from_xml(body)
        restored[index + 1 : index + 1] = [dataclasses.replace(block, group=group) for block in alone]
    return restored


@contextmanager
def lightened(tree: lxml_html.HtmlElement) -> Iterator[None]:
    """The tree as the fast path reads it while inside: the outermost elements of EMPTIED_FOR_FAST_PATH and
    FLATTENED_FOR_FAST_PATH swapped for stand-ins of the same name (tails kept), empty or flattened."""
    tags = EMPTIED_FOR_FAST_PATH + FLATTENED_FOR_FAST_PATH
    swaps: list[tuple[etree._Element, etree._Element]] = []
    for element in list(tree.iter(*tags)):
        # In document order, an element inside a swapped one comes after it, before any other match.
        if swaps and any(ancestor is swaps[-1][0] for ancestor in element.iterancestors(*tags)):
            continue
        if element.tag not in FLATTENED_FOR_FAST_PATH:
            stand_in = element.makeelement(element.tag)
        elif next(element.iter(*HOLDS_THE_PAGE), None) is None:
            stand_in = _flattened(element)
        else:
            continue
        stand_in.tail, element.tail = element.tail, None
        element.getparent().replace(element, stand_in)
        swaps.append((element, stand_in))
    try:
        yield
    finally:
        for element, stand_in in reversed(swaps):
            element.tail = stand_in.tail
            stand_in.getparent().replace(stand_in, element)


def _flattened(element: lxml_html.HtmlElement) -> lxml_html.HtmlElement:
    """An element of the same name holding `element`'s text nodes, each on a line of its own.

    Lines, not one run of text: trafilatura's dump of a page whose body it cannot find reads one line per
    text node, and the text chrome stage judges a menu's lines one by one (ScrapingHub f6ac15a4: its menu
    came back as one 1,800-character line, 0.42 F1 down).

    The lines are the tails of empty comments, not of <br>s, so that what trafilatura fails to delete it does
    not read either: its deletion loop stops at an element nested in another of the same name (a figure in
    a figure, a menu in a menu) and leaves the later ones in the page, where their words came into the body.
    Measured on WCXB: four pages change: 0010 +0.082 (a review whose figures' credit lines had drawn the
    fast path to a product box), 0428 +0.006, 0323 +0.001, 0695 -0.010 (a menu whose words the reviewed
    text holds); no ScrapingHub output changes.
    """
    stand_in = element.makeelement(element.tag)
    texts = [text for text in (" ".join(piece.split()) for piece in element.itertext()) if text]
    if texts:
        stand_in.text = texts[0]
        for text in texts[1:]:
            line_break = etree.Comment()
            line_break.tail = f"\n{text}"
            stand_in.append(line_break)
    return stand_in


@functools.cache
def _options(*, fast: bool, comments: bool, links: bool, tables: bool, unspaced: bool) -> Extractor:
    """trafilatura's settings for one kind of run, built once: building them reads its configuration file's
    values one by one, 0.7 % of the whole extraction. trafilatura copies them before it changes any.

    For text written without spaces the size below which trafilatura gives up on the body it found and
    dumps the page is scaled down (UNSPACED_MIN_EXTRACTED_SIZE), through its own configuration.
    """
    config = use_config()
    if unspaced:
        config.set("DEFAULT", "MIN_EXTRACTED_SIZE", str(UNSPACED_MIN_EXTRACTED_SIZE))
    return Extractor(
        config=config, output_format="xml", fast=fast, comments=comments, links=links, formatting=True, tables=tables
    )


def _writes_without_spaces(tree: lxml_html.HtmlElement) -> bool:
    """Whether the page's <title> is mostly in a script written without spaces, as its text then is.

    The title, not the text: reading the page's first 2,000 characters of text cost 0.2 ms a run,
    reading its title a few microseconds. A part of the page read alone (a landmark) has no title:
    its own first characters are read.
    """
    title = tree.findtext("head/title")
    if title is not None:
        return mostly_unspaced(title)
    sample = ""
    for text in tree.itertext():
        sample += text
        if len(sample) >= SCRIPT_SAMPLE_CHARS:
            break
    return mostly_unspaced(sample[:SCRIPT_SAMPLE_CHARS])


def cut_div_paragraphs(blocks: list[Block], tree: lxml_html.HtmlElement) -> list[etree._Element]:
    """Paragraphs written as <div>s that the result kept a piece of, and the text <div>s beside them.

    trafilatura reads a <div>'s own words only when the page holds little <p> text (its test
    counts the <p> text of the whole document, not of the container it chose). Otherwise it keeps
    the <div>'s links and bold words, each a line of its own, and drops the words around them
    (WCXB 4617: "picking the right topicbefore they start writing.", the sentence before it lost).
    A kept line that starts with the text of such a <div>'s inline child, and is shorter than the
    <div>, is such a piece. Mostly linked pieces do not count: a "Privacy Policy" link from a
    consent line under a form is chrome, and reading that line whole adds the whole disclaimer.

    Measured: 32 of the 861 WCXB pages and 1 of the 181 ScrapingHub pages pay for the second run;
    WCXB 4617 0.80 -> 1.00 F1, 4040 +0.055, 4053 +0.023, 4413 +0.017, 0448 +0.013; the losses are
    boilerplate lines read whole (0462 -0.007, a publisher's blurb); ScrapingHub e1c7 +0.009.
    """
    children: dict[str, list[tuple[str, etree._Element]]] = {}
    for div in tree.iter("div"):
        if _holds_inline_only(div) and len(div) > 0 and _has_own_words(div):
            for child in div:
                key = squashed(child.text_content())
                if len(key) >= MIN_PIECE_CHARS:
                    children.setdefault(key[:MIN_PIECE_CHARS], []).append((key, div))
    cut: set[etree._Element] = set()
    for block in blocks if children else ():
        if block.link_density >= MAX_PIECE_LINK_SHARE:
            continue
        text = squashed(block.text)
        for key, div in children.get(text[:MIN_PIECE_CHARS], ()):
            if text.startswith(key) and len(text) < len(squashed(div.text_content())):
                cut.add(div)
    parents = {div.getparent() for div in cut} - {None}
    return [
        div
        for parent in parents
        for div in parent
        if div.tag == "div" and _holds_inline_only(div) and _has_own_words(div)
    ]


def run_together_lines(blocks: list[Block], tree: lxml_html.HtmlElement) -> list[etree._Element]:
    """The <div>s holding a line of text inside the list items that the result kept.

    trafilatura reads the <div>s of a list item as runs of text and joins them without a space
    ('Top RatedNalgeneSustain Wide-Mouth', '$17.00Liquid Capacity:32 fl. oz.Cap Type:'), so a shop's
    product tiles lose most of their words; read as <p>s, they stay apart. Only list items the result
    kept count, told by their first characters: renamed everywhere, the <div>s change which container
    trafilatura picks (WCXB 0632 0.96 -> 0.34, 4852 0.64 -> 0.20). A look-up, not a search of each item's
    text for each kept line: that took up to 29 ms a page (WCXB 2218, 426 list items), this 1 ms.
    """
    kept = {
        key[:MIN_ITEM_CHARS]
        for block in blocks
        if block.kind == "item" and len(key := squashed(block.text)) >= MIN_ITEM_CHARS
    }
    if not kept:
        return []
    lines: dict[etree._Element, None] = {}
    for item in tree.iter("li"):
        if next(item.iter("div"), None) is not None and squashed(item.text_content())[:MIN_ITEM_CHARS] in kept:
            lines.update(dict.fromkeys(div for div in item.iter("div") if _holds_a_line(div)))
    return list(lines)


def _holds_a_line(div: etree._Element) -> bool:
    """Words of its own, or words in inline markup alone."""
    return _has_own_words(div) or (_holds_inline_only(div) and bool(div.text_content().strip()))


def same_body(blocks: list[Block], other: list[Block]) -> bool:
    """Whether two results hold the same blocks, white space aside, but for a few lines of either.

    The run with list items' lines read as <p>s replaces the first only then: it must fix the spaces,
    not pick another body (WCXB 3001 lost three result-count lines, 2 % of its text).
    """
    keys = [squashed(block.text) for block in blocks]
    other_keys = [squashed(block.text) for block in other]
    return _shared(keys, set(other_keys)) >= SAME_BODY_SHARE and _shared(other_keys, set(keys)) >= SAME_BODY_SHARE


def _shared(keys: list[str], others: set[str]) -> float:
    total = sum(len(key) for key in keys)
    return sum(len(key) for key in keys if key in others) / total if total else 1.0


def _holds_inline_only(element: etree._Element) -> bool:
    return all(child.tag in INLINE_TAGS for child in element.iterdescendants())


def _has_own_words(element: etree._Element) -> bool:
    """Words outside any child element: the element's own text, not a wrapper's."""
    return bool((element.text or "").strip()) or any((child.tail or "").strip() for child in element)


@contextmanager
def _as_paragraphs(divs: list[etree._Element]) -> Iterator[None]:
    """The `divs` named <p> while inside: the tree stays as parsed for the later look-ups."""
    for div in divs:
        div.tag = "p"
    try:
        yield
    finally:
        for div in divs:
            div.tag = "div"


def _longer(current: list[Block], candidate: list[Block]) -> list[Block]:
    return candidate if _chars(candidate) > FALLBACK_MIN_GAIN * _chars(current) else current


def _largest_landmark(tree: lxml_html.HtmlElement) -> lxml_html.HtmlElement | None:
    """The page's own <article> or <main> with the most text, if it has one."""
    landmarks = list(tree.iter("article", "main"))  # not an XPath union, which libxml2 merges pairwise
    return max(landmarks, key=lambda element: len(element.text_content())) if landmarks else None


def unnamed(tree: lxml_html.HtmlElement) -> lxml_html.HtmlElement:
    """A copy of the page without its elements' class and id names, for trafilatura to read by structure alone.

    trafilatura deletes the sections whose class or id names a footer, a sidebar, comments or hidden
    parts before it looks for the body; a page that names its content so loses all of it (WCXB 4293, a
    shop's category page whose copy sits in 'field-seofootercopy': 169 characters kept of 1,547). Read
    without the names, only the markup's own elements (<nav>, <footer>, <aside>, forms) go. Only for a
    result under SHORT_RESULT_CHARS after every other look, and kept only when longer.

    Measured: three WCXB pages change, all up: 4293 (collection) 0.08 -> 0.99 F1, 4203 (collection)
    0.19 -> 0.75, 3010 (listing) 0.14 -> 0.17; no ScrapingHub page changes. Taken to every result
    under 15 % of the page's text, it changed ten WCXB and three ScrapingHub pages, eight of them down
    (0581 by 0.77, ScrapingHub 232a by 0.60): a short result beside a long page is often right.
    """
    page = copy.deepcopy(tree)
    for element in page.iter(etree.Element):
        element.attrib.pop("class", None)
        element.attrib.pop("id", None)
    return page


def _document_of(*elements: lxml_html.HtmlElement, container: str = "body") -> lxml_html.HtmlElement:
    """A page holding only `elements` (inside an element named `container`), read without their surroundings.

    trafilatura drops asides and headers whole; a page whose markup never closes one (WCXB 4111:
    the article sits inside an unclosed <aside> and <header>) loses its article with them.
    """
    document = lxml_html.document_fromstring("<html><body></body></html>")
    parent = document.body if container == "body" else etree.SubElement(document.body, container)
    for element in elements:
        parent.append(copy.deepcopy(element))
    return document


def is_page_dump(blocks: list[Block]) -> bool:
    """Whether the result is the page's text in one block, not a body trafilatura found in it."""
    return len(blocks) == 1 and _chars(blocks) >= PAGE_DUMP_MIN_CHARS


def body_or_dump(dump: list[Block], cascade: list[Block]) -> list[Block]:
    """The full cascade's result where it kept most of the dump's text: the body without the page around it."""
    return cascade if _chars(cascade) >= DUMP_MIN_KEPT * _chars(dump) else dump


def missed_body(blocks: list[Block], tree: lxml_html.HtmlElement, declared: Declared) -> bool:
    """Whether the result's shape says it kept a fragment: short, small beside the page or its declaration,
    or several of its sections left with a heading alone."""
    found = _chars(blocks)
    return (
        found < SHORT_RESULT_CHARS
        or (declared.words > 0 and _words(blocks) < DECLARED_MIN_SHARE * declared.words)
        or emptied_sections(blocks) >= EMPTIED_SECTIONS_MISSED
        or found < MIN_SHARE_OF_PAGE * visible_chars(tree)
    )


def emptied_sections(blocks: list[Block]) -> int:
    """Headings followed straight by a heading of the same or a higher rank: their sections kept no text."""
    return sum(
        1
        for heading, following in zip(blocks, blocks[1:], strict=False)
        if heading.kind == following.kind == "heading" and following.level <= heading.level
    )


def inside_main(blocks: list[Block], tree: lxml_html.HtmlElement) -> list[Block]:
    """The blocks that stand in the page's one <main>, when they hold most of the result.

    <main> is where a page says its own content is. When trafilatura's fast path finds no container
    it gathers the paragraphs of the whole page: a sidebar's author bio and teasers and the footer's
    lines come with the body (WCXB 4339, whose first <article> is a teaser card beside the <main>:
    0.87 -> 0.98 F1). A block is inside when the start of its text is in <main>'s text. When most of
    the result is outside, <main> is not where this page keeps its body, and nothing goes.

    Measured on WCXB: 17 pages change, 14 up (0580 +0.127, 2919 +0.112, 4339 +0.114, 4105 +0.087,
    0047 +0.076, 3063 and 3065 +0.054, 4331 +0.047, 0591 +0.041, 4736 +0.020, 0334 +0.009, three
    more under +0.008); down 0632 -0.091 (a shop's brand blurb after its <main>, which the reviewed
    text keeps), 4859 and 0453 -0.003. No ScrapingHub page changed. One XPath over the tree a page.
    """
    mains = _MAINS(tree)
    if len(mains) != 1:
        return blocks
    held = squashed(normalize_space(mains[0].text_content()))
    inside = [block for block in blocks if squashed(block.text)[:MAIN_KEY_CHARS] in held]
    if len(inside) == len(blocks) or _chars(inside) < MAIN_MIN_SHARE * _chars(blocks):
        return blocks
    return inside


def _chars(blocks: list[Block]) -> int:
    return sum(len(block.text) for block in blocks)


def _words(blocks: list[Block]) -> int:
    return sum(count_words(block.text) for block in blocks)


def may_hold_posts(tree: lxml_html.HtmlElement) -> bool:
    """Whether comment-named sections hold enough of the page's text to be its posts, not a reply box."""
    named = {attribute.getparent() for attribute in (*_COMMENT_CLASSES(tree), *_COMMENT_IDS(tree))}
    outermost = [section for section in named if not any(ancestor in named for ancestor in section.iterancestors())]
    in_sections = sum(len(section.text_content()) for section in outermost)
    return in_sections > 0 and in_sections >= COMMENT_POSTS_MIN_SHARE * len(tree.text_content())


def _run(
    tree: lxml_html.HtmlElement, *, url: str | None, include_tables: bool, fast: bool, links: bool = True
) -> list[Block]:
    # No url for trafilatura: it would resolve every link of the page; only the kept ones are resolved, later.
    # Comments on: with comments off, trafilatura deletes every comment-like section before it looks
    # for the body, and on forums those sections are the posts; most forums declare no schema.org type
    # that would say so (fixture forum-thread-replies). Its separate comments body is never used.
    # Measured: forum pages 0.54 -> 0.65 F1, articles and ScrapingHub unchanged. On a page whose
    # comment-like sections hold little of its text, both settings give the same body, and off saves
    # trafilatura's search for them (1-2 ms a page).
    # Links off (a rescue for short results only) changes what trafilatura keeps, either way, page by
    # page. With links kept it can drop a paragraph that follows an empty named anchor (`<a name>`
    # in generated manuals): WCXB 2864 kept only a correction box, 0.07 F1; without, 0.48. The
    # unlinked run's blocks carry no link marks: those are read from the page's anchors.
    options = _options(
        fast=fast,
        comments=may_hold_posts(tree),
        links=links,
        tables=include_tables,
        unspaced=_writes_without_spaces(tree),
    )
    try:
        document = bare_extraction(tree, options=options)
    except (ValueError, TypeError, AttributeError, RecursionError) as exc:
        # trafilatura gives up on some degenerate trees by raising; that page simply has no body.
        logger.debug("trafilatura failed on %s: %s", url, exc)
        return []
    if not isinstance(document, Document) or document.body is None:
        return []
    return blocks_from_xml(document.body, base_url=url)
