"""The extractor: a visible pipeline of small stages, HTML or text in, Article out. No I/O."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from lxml import etree
from lxml import html as lxml_html

from scraper.config import ExtractConfig
from scraper.errors import ExtractionError, NoContentError
from scraper.extraction.blocks import LINKED, SENTENCE_STOPS, Block
from scraper.extraction.break_paragraphs import collapse_break_runs, wrap_break_paragraphs
from scraper.extraction.bylines import without_bylines
from scraper.extraction.chunks import join_split_body
from scraper.extraction.declared import declared_body, declared_words
from scraper.extraction.decode import decode_html
from scraper.extraction.disclosures import may_hold_collapsed_sections, open_collapsed_sections
from scraper.extraction.discussion import declares_discussion
from scraper.extraction.dom_chrome import remove_dom_chrome
from scraper.extraction.hubs import has_sentence, is_headline_hub
from scraper.extraction.language import FoundLanguage, detect_language
from scraper.extraction.layout_tables import unroll_layout_tables
from scraper.extraction.links import mark_links
from scraper.extraction.loose_runs import wrap_loose_runs
from scraper.extraction.main_content import Declared, extract_blocks
from scraper.extraction.metadata import Metadata, read_metadata
from scraper.extraction.mojibake import damaged, repaired
from scraper.extraction.parse import parse_html, stopped_at_depth_limit
from scraper.extraction.paywall import gated_selectors, judge_access
from scraper.extraction.plaintext import parse_text
from scraper.extraction.render import render_markdown, render_text
from scraper.extraction.repeats import without_quoted_posts, without_repeated_runs
from scraper.extraction.sanitize import bound_nesting, sanitize_html
from scraper.extraction.script_shell import description_stand_in
from scraper.extraction.structured import StructuredData, read_structured_data
from scraper.extraction.text_chrome import remove_leading_chrome, remove_text_chrome
from scraper.extraction.whitespace import hoist_closing_breaks, separate_adjacent_words, separate_blocks
from scraper.models import AccessInfo, Article, RemovedBlock

INERT_TAGS = ("script", "style", "noscript", "template", "svg", "meta", "link", "img", "source", "input")
"""Markup without article text, dropped after the JSON-LD in <script> and the <meta> tags have been read.

trafilatura copies the tree it is given three times, and on a page whose body it finds short it runs a
regular expression over the class and id of every element: each element that can hold no text costs
time and changes nothing. Measured: the empty elements alone (<meta>, <link>, <img>, <source>, <input>)
are 14 % of a ScrapingHub page's elements; dropping them left every output on both sets the same and
made extraction 3 % faster.
"""

EMPTY_INLINE_TAGS = ("span", "i")
"""Icons and spacers: inline elements with nothing inside are dropped with the inert markup, their
tails kept. 2.6 % faster on the ScrapingHub pages, same output; two WCXB pages keep one more line.
Empty <div>s are not dropped: they separate blocks (WCXB 0504 and 0512 lost their article without them).
One standing between the end of a sentence and a capitalised word leaves a space: it was a break the
style sheet drew ('…emotional regulation.<span class="br"></span>The brain…', WCXB 0119)."""

_SCRIPTS_BUT_JSON_LD = etree.XPath("//script[not(@type='application/ld+json')]")

MAX_CHUNK_LEVELS = 3
"""Chunks nest (a grid row around a body column): joining one level makes the next level siblings."""

TITLE_SEARCH_BLOCKS = 3
"""The title repeated in the body sits among the first few blocks of text, if anywhere. Links before it
do not count: on a page trafilatura reads whole, the menu's links come first (WCXB 2919 +0.009, 0119
+0.001, 0235 -0.0004; ScrapingHub unchanged)."""


@dataclass(frozen=True)
class Page:
    """The state one HTML document carries through the stages."""

    tree: lxml_html.HtmlElement
    url: str | None
    config: ExtractConfig
    data: StructuredData = field(default_factory=StructuredData)
    metadata: Metadata = field(default_factory=Metadata)
    blocks: tuple[Block, ...] = ()
    removed: tuple[RemovedBlock, ...] = ()
    access: AccessInfo = field(default_factory=AccessInfo)
    discussion: bool = False
    """The page declares itself a forum thread or a question with answers (schema.org)."""
    collapsible: bool = True
    """The page's markup names controls that open collapsed sections (read from its source, which the tree is not)."""


def read_declarations(page: Page) -> Page:
    """JSON-LD and <meta> first: later stages need the title and the gated selectors."""
    data = read_structured_data(page.tree)
    return dataclasses.replace(page, data=data, metadata=read_metadata(page.tree, data, page.url))


def drop_inert_markup(page: Page) -> Page:
    """Read the JSON-LD first; then every later stage, and trafilatura's copies of the tree, are faster without.

    A declared discussion keeps its JSON-LD: trafilatura reads a forum thread's posts as content
    only when it finds the declaration in the page (WCXB 0550: 0.04 F1 without it, 0.51 with).
    """
    etree.strip_elements(page.tree, *(tag for tag in INERT_TAGS if tag != "script"), with_tail=False)
    discussion = declares_discussion(page.data, page.tree)  # its look-up over the elements left: a third fewer
    if discussion:
        for script in _SCRIPTS_BUT_JSON_LD(page.tree):
            script.drop_tree()
    else:
        etree.strip_elements(page.tree, "script", with_tail=False)
    for element in list(page.tree.iter(*EMPTY_INLINE_TAGS)):
        if len(element) == 0 and not (element.text or "").strip():
            if _ends_a_sentence_before(element):
                element.tail = f" {element.tail}"
            element.drop_tag()
    return dataclasses.replace(page, discussion=discussion)


def _ends_a_sentence_before(element: etree._Element) -> bool:
    """Whether the text before `element` ends a sentence and the text after it opens one, with no space between."""
    after = element.tail or ""
    previous = element.getprevious()
    parent = element.getparent()
    before = (previous.tail if previous is not None else parent.text if parent is not None else None) or ""
    return after[:1].isupper() and before[-1:] in SENTENCE_STOPS


def open_collapsed(page: Page) -> Page:
    """Accordions, tabs and "show more" panels that hold prose are opened: their text is the page's."""
    if not page.collapsible:
        return page
    previews = tuple(RemovedBlock("other", "collapsed-preview", text) for text in open_collapsed_sections(page.tree))
    return dataclasses.replace(page, removed=page.removed + previews) if previews else page


def space_blocks(page: Page) -> Page:
    """Block elements and line breaks end a line: their words must not run into the next element's ('WebIDEDevelop'),
    nor those of inline elements set apart by style ('MerrellMoab'); words written between blocks, and
    an article's runs of text between blank lines, are paragraphs of their own."""
    collapse_break_runs(page.tree)
    wrap_break_paragraphs(page.tree)
    wrap_loose_runs(separate_blocks(page.tree))
    separate_adjacent_words(page.tree)
    hoist_closing_breaks(page.tree)
    return page


def strip_dom_chrome(page: Page) -> Page:
    """Drop labelled widgets, and the user's own selectors for this host."""
    drop, keep = _site_rules(page)
    if not page.config.remove_chrome and not drop:
        return page
    result = remove_dom_chrome(
        page.tree,
        drop_selectors=drop,
        keep_selectors=keep + gated_selectors(page.data),
        max_share=page.config.max_chrome_share,
        attribute_rules=page.config.remove_chrome,
    )
    return dataclasses.replace(page, removed=page.removed + tuple(result.removed))


def read_layout_tables(page: Page) -> Page:
    """A table that lays the page out (a menu column beside an article column) is read as boxes, not as data."""
    unroll_layout_tables(page.tree)
    return page


def join_body_chunks(page: Page) -> Page:
    """One article rendered as several sibling chunks becomes one body again.

    A declared discussion's posts are not chunks of one body: joined, the thread's posts were no longer
    where its microdata marks them (WCXB 2826 0.93 -> 0.66 once short chunks were joined too). Left
    apart: WCXB 0550 0.61 -> 0.74, 0545 -0.005, no other page changed.
    """
    if page.discussion:
        return page
    for _ in range(MAX_CHUNK_LEVELS):
        if not join_split_body(page.tree):
            break
    return page


def keep_captions(page: Page) -> Page:
    """trafilatura discards <figure> whole: a captioned one that holds text besides its caption (a
    quote, a code listing, a table) is article text, caption included; a picture's caption is not.

    A figure repeating the words of one already kept stays a figure: a slider repeats its first
    slides after its last so that it can loop (WCXB 2845, a row of testimonials: 0.64 -> 0.68 F1,
    no other page of WCXB or ScrapingHub changed).
    """
    kept: set[str] = set()
    for figure in list(page.tree.iter("figure")):
        caption = figure.find(".//figcaption")
        if caption is None:
            continue
        words = figure.text_content().split()
        text = " ".join(words)
        if len(words) > len(caption.text_content().split()) and text not in kept:
            kept.add(text)
            figure.tag, caption.tag = "div", "p"
    return page


def find_main_content(page: Page) -> Page:
    """trafilatura finds the article body in a copy of the tree, which stays intact for link look-ups."""
    blocks = extract_blocks(
        page.tree,
        url=page.url,
        include_tables=page.config.include_tables,
        declared=Declared(
            body=declared_body(page.data),
            words=declared_words(page.data),
            discussion=page.discussion,
        ),
    )
    blocks = without_repeated_runs(blocks)
    quoted: list[RemovedBlock] = []
    if page.discussion:
        blocks, quoted = without_quoted_posts(blocks)
    return dataclasses.replace(page, blocks=tuple(mark_links(blocks, page.tree)), removed=page.removed + tuple(quoted))


def repair_mojibake(page: Page) -> Page:
    """Text decoded twice over ("computerâ€™s") is repaired in the body and in the fields printed with it."""
    metadata = page.metadata
    heading = (metadata.title, metadata.site_name, metadata.description, *metadata.authors)
    if not damaged("\n".join([*(text for text in heading if text), *(block.text for block in page.blocks)])):
        return page
    metadata = dataclasses.replace(
        metadata,
        title=metadata.title and repaired(metadata.title),
        site_name=metadata.site_name and repaired(metadata.site_name),
        description=metadata.description and repaired(metadata.description),
        authors=tuple(repaired(author) for author in metadata.authors),
    )
    return dataclasses.replace(page, blocks=tuple(map(_repaired_block, page.blocks)), metadata=metadata)


def _repaired_block(block: Block) -> Block:
    text = repaired(block.text)
    if text == block.text:
        return block
    return dataclasses.replace(block, text=text, markdown=repaired(block.markdown))


def drop_front_matter(page: Page) -> Page:
    """Headline, byline, dateline and the page's own URL belong in the metadata, not again in the text; the
    standfirst is text."""
    blocks = without_title(page.blocks, page.metadata.title)
    own_urls = {page.url, page.metadata.canonical_url} - {None}
    blocks, bylines = without_bylines(
        [block for block in blocks if block.text not in own_urls], page.metadata.authors, page.metadata.date
    )
    return dataclasses.replace(page, blocks=tuple(blocks), removed=page.removed + tuple(bylines))


def strip_text_chrome(page: Page) -> Page:
    """Judge each remaining block in context: appeals, prompts, teasers, buttons."""
    if not page.config.remove_chrome:
        return page
    result = remove_text_chrome(
        page.blocks, max_share=page.config.max_chrome_share, tags=page.metadata.tags, title=page.metadata.title
    )
    return dataclasses.replace(page, blocks=tuple(result.kept), removed=page.removed + tuple(result.removed))


def label_access(page: Page) -> Page:
    """Paywall status and truncation, from declarations, gated markup and the prompts we removed."""
    access = judge_access(page.tree, page.data, text=render_text(page.blocks), removed=page.removed)
    return dataclasses.replace(page, access=access)


HTML_STAGES: tuple[tuple[str, Callable[[Page], Page]], ...] = (
    ("declarations", read_declarations),
    ("inert-markup", drop_inert_markup),
    ("collapsed", open_collapsed),
    ("block-spaces", space_blocks),
    ("dom-chrome", strip_dom_chrome),
    ("layout-tables", read_layout_tables),
    ("body-chunks", join_body_chunks),
    ("captions", keep_captions),
    ("main-content", find_main_content),
    ("mojibake", repair_mojibake),
    ("front-matter", drop_front_matter),
    ("text-chrome", strip_text_chrome),
    ("access", label_access),
)
"""The order an HTML page goes through; each stage records what it removed."""


def extract(html: str | bytes, *, url: str | None = None, config: ExtractConfig | None = None) -> Article:
    """Turn an HTML page into its article, with the chrome around it removed and listed."""
    config = config or ExtractConfig()
    source = _decoded(html)
    page = Page(tree=_parse(source, url), url=url, config=config, collapsible=may_hold_collapsed_sections(source))
    for _, stage in HTML_STAGES:
        page = stage(page)
    hub = is_headline_hub(page.blocks, page.tree)
    return _article(page.blocks, page.metadata, page.access, page.removed, url=url, config=config, hub=hub)


def clean_text(text: str, *, config: ExtractConfig | None = None) -> Article:
    """Turn text another tool extracted (chrome and all) into its article."""
    config = config or ExtractConfig()
    if not isinstance(text, str):
        raise ExtractionError(f"clean_text needs str, not {type(text).__name__}")
    document = parse_text(repaired(text))
    blocks: list[Block] = list(document.blocks)
    removed: list[RemovedBlock] = []
    if config.remove_chrome:
        removed = remove_leading_chrome(document.leading)
        result = remove_text_chrome(blocks, max_share=config.max_chrome_share)
        blocks, removed = result.kept, removed + result.removed
    else:
        blocks = list(document.leading) + blocks
    metadata = Metadata(title=document.title, authors=document.authors)
    return _article(blocks, metadata, AccessInfo(), tuple(removed), url=None, config=config)


def without_title(blocks: tuple[Block, ...] | list[Block], title: str | None) -> list[Block]:
    """Blocks without a leading repeat of the title."""
    if not title:
        return list(blocks)
    wanted = _fold(title)
    text_blocks = 0
    for index, block in enumerate(blocks):
        if _fold(block.text) == wanted:
            return list(blocks[:index]) + list(blocks[index + 1 :])
        if block.link_density < LINKED:
            text_blocks += 1
            if text_blocks == TITLE_SEARCH_BLOCKS:
                break
    return list(blocks)


def _article(
    blocks: list[Block] | tuple[Block, ...],
    metadata: Metadata,
    access: AccessInfo,
    removed: tuple[RemovedBlock, ...],
    *,
    url: str | None,
    config: ExtractConfig,
    hub: bool = False,
) -> Article:
    text = render_text(blocks)
    description_only = False
    refusal = _refusal(blocks, text, config.min_article_chars)
    if refusal:
        stand_in = description_stand_in(metadata.description, metadata.date)
        if stand_in is None:
            raise NoContentError(refusal, url=url)
        blocks, text, description_only = [stand_in], stand_in.text, True
    language = FoundLanguage(metadata.language, metadata.sources.get("language"))
    if language.code is None:
        language = detect_language(text)
    sources = {**metadata.sources, "language": language.source} if language.source else metadata.sources
    return Article(
        text=text,
        markdown=render_markdown(blocks, title=metadata.title),
        title=metadata.title,
        authors=metadata.authors,
        date=metadata.date,
        modified=metadata.modified,
        url=url,
        canonical_url=metadata.canonical_url,
        site_name=metadata.site_name,
        language=language.code,
        description=metadata.description,
        image=metadata.image,
        tags=metadata.tags,
        hub=hub,
        description_only=description_only,
        access=access,
        removed=removed,
        sources=sources,
    )


def _refusal(blocks: list[Block] | tuple[Block, ...], text: str, min_chars: int) -> str | None:
    """Why a page with this text is no article (None when it is one): nothing left, or too little and no sentence."""
    if not text:
        return "no article content found"
    if len(text) < min_chars and not has_sentence(blocks):
        return "too little article text found"
    return None


def _decoded(html: str | bytes) -> str:
    if isinstance(html, bytes | bytearray):
        html = decode_html(bytes(html))
    if not isinstance(html, str):
        raise ExtractionError(f"extract needs str or bytes, not {type(html).__name__}")
    return html


def _parse(html: str, url: str | None) -> lxml_html.HtmlElement:
    sanitized = sanitize_html(html)
    tree = parse_html(sanitized)  # None for white space alone, as for text that is not a document
    if tree is not None and stopped_at_depth_limit(tree):
        tree = parse_html(bound_nesting(sanitized))
    if tree is None:
        raise NoContentError("the document is empty or not HTML", url=url)
    return tree


def _site_rules(page: Page) -> tuple[tuple[str, ...], tuple[str, ...]]:
    host = (urlsplit(page.url).hostname or "").lower() if page.url else ""
    drop, keep = page.config.drop_selectors, page.config.keep_selectors
    for site in page.config.sites:
        site_host = site.host.lower().lstrip(".")
        if host == site_host or host.endswith(f".{site_host}"):
            drop, keep = drop + site.drop, keep + site.keep
    return drop, keep


def _fold(text: str) -> str:
    return " ".join(text.casefold().split()).strip(" .")
