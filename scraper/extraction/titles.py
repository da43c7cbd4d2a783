"""The article's headline as the page shows it to readers, without the site's name.

The <h1> is what readers see; declared titles (JSON-LD, og:title, twitter:title, <title>) often carry
"| Site", an SEO rewording or a social headline. An <h1> is trusted when a declared title corroborates
it (without the labels, dates and counts in their own elements around it), or when only <title>
stands against it; not when it is the site's name, a logo or a section label, nor when the page shows
<title>'s longer headline as a text of its own or <title> holds the <h1> beside its headline. When none
agrees, the declared title wins: on WCXB such <h1>s were slogans, blog names and widget titles (+24
pages, -11).
A declared title is cut at a separator only where the part cut off names the site.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass

from lxml import etree
from lxml import html as lxml_html

from scraper.extraction.blocks import UNSPACED_SCRIPTS
from scraper.extraction.structured import StructuredData, as_text, squash

SEPARATOR = re.compile(r"\s+[|\-–—/»·•:~]\s+|\s*[|»·•]\s*")
"""What sites put between a headline and their name: "Headline | Site", "Site » Headline", "Headline - Site"."""

TAIL_SEPARATOR = re.compile(r"\s+[|-]\s+")
"""Separators that end a headline: headlines use dashes (– —) and colons inside, rarely " | " or a spaced "-"."""

MIN_HEADLINE_WORDS_LEFT = 3

SITE_SHARE = 0.4
"""A part of a title names the site when the site's name is at least this share of it ("The GitHub Blog");
below, the part is a headline that mentions the site ("Gymshark Arrival T-Shirt")."""

MAX_HEADINGS = 5
"""The headline is among the first <h1>s; later ones are widget titles."""

MIN_AGREEMENT = 0.6
"""Share of the shorter title's words found in the other: above it, two titles are one headline reworded."""

MIN_HEADLINE_WORDS = 2
"""A one-word <h1> ("News", "Sport") is a section label unless a declared title corroborates it."""

PUNCTUATION_AT_ENDS = " |-–—/»·•:~"
"""Separators left at the ends of a title once a part of it is cut."""

HEADING_ANCHORS = " ¶§#🔗"
"""Permalink marks documentation pages put after a heading ("5. Data Structures ¶")."""

_WORD = re.compile(rf"{UNSPACED_SCRIPTS.pattern}|(?:(?!{UNSPACED_SCRIPTS.pattern})[^\W_])+")
"""A word, or one character of a script written without spaces: "市政府召开防汛工作会议" shares its
characters with "市政府召开防汛工作会议_新闻中心_东江网", one run of word characters each."""
_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);")
_HEADING_TEXTS = etree.XPath(".//text()[not(ancestor::style) and not(ancestor::script) and not(ancestor::button)]")
"""A heading's text nodes as readers see them, compiled once rather than on every page."""
_SHOWN = etree.XPath("boolean(//body//text()[normalize-space()=$text])")
"""Whether a text node of the page's body is exactly the given text, white space aside: one pass, no
element's whole text built."""


@dataclass(frozen=True)
class FoundTitle:
    """A title and where it was read, for `--explain`."""

    text: str | None = None
    source: str | None = None


def read_title(tree: lxml_html.HtmlElement, data: StructuredData, site_names: set[str]) -> FoundTitle:
    """The headline: an <h1> that a declared title corroborates, else the declared title without the site name."""
    cut = ((_without_site(text, site_names), source) for text, source in _declared_titles(data))
    declared = [(text, source) for text, source in cut if text]
    shown = [pieces for pieces in _headings(tree) if squash(_joined(pieces)) not in site_names]
    corroborated = _corroborated(shown, declared, site_names)
    if corroborated:
        return corroborated
    only_title_tag = all(source == "<title>" for _, source in declared)
    first = _without_site(_joined(shown[0]), site_names) if shown else ""
    if not declared:
        return FoundTitle(first, "<h1>") if first else FoundTitle()
    if (
        only_title_tag
        and len(first.split()) >= MIN_HEADLINE_WORDS
        and not _shown_longer(tree, declared[0][0], first)
        and not _cut_off_as_site(first, data.title_tag or "", declared[0][0])
    ):
        return FoundTitle(first, "<h1>")
    return FoundTitle(*declared[0])


def _cut_off_as_site(heading: str, title_tag: str, headline: str) -> bool:
    """Whether the <h1> is the part of <title> cut off after its headline: the site's or the book's name.

    'What is Ownership? - The Rust Programming Language' with the <h1> 'The Rust Programming Language' (a
    documentation book's menu bar), a blog's name over its post: the <h1> names the site, and the headline
    is what <title> holds besides it. Measured: WCXB titles 0.864 -> 0.865 (0667, the Rust book; 4533 left
    one wrong title for another), no ScrapingHub title changes.
    """
    whole, kept, named = squash(title_tag), squash(headline), squash(heading)
    return bool(named) and kept != whole and whole in (kept + named, named + kept)


def _shown_longer(tree: lxml_html.HtmlElement, declared: str, heading: str) -> bool:
    """Whether the page shows the declared title, longer than its <h1>, as a text of its own.

    Then the <h1> is the site's logo or the blog's name, and the page prints its headline in an element of
    its own (a <dt>, a styled <div>): a Korean magazine's <h1> is its name in Hangul, which no site name
    in Latin letters gives away; a blog's <h1> is "Antoyo's Blog", a forum's the alt text of its logo.
    Measured: WCXB titles 0.862 -> 0.864 (two pages), two ScrapingHub pages get their headline, which
    the body no longer repeats (precision 0.9751 -> 0.9752; WCXB 0389 +0.002 the same way); no title got worse.
    """
    return len(declared) > len(heading) and bool(_SHOWN(tree, text=declared))


def _corroborated(shown: list[list[str]], declared: list[tuple[str, str]], site_names: set[str]) -> FoundTitle | None:
    """The <h1> that agrees best with a declared title, without the labels and dates around it.

    An <h1> in capitals throughout is styled, not written so: the declared title gives its case.
    """
    best: tuple[float, FoundTitle] | None = None
    for pieces in shown:
        whole = _without_site(_joined(pieces), site_names)
        for text, source in declared:
            if agreement(whole, text) < MIN_AGREEMENT:
                continue
            heading = _without_site(_joined(_trimmed(pieces, text)), site_names)
            score = agreement(heading, text)
            if score >= MIN_AGREEMENT and (best is None or score > best[0]):
                found = FoundTitle(heading, f"<h1>, as {source}")
                if heading.isupper() and not text.isupper():
                    found = FoundTitle(text, f"{source}, as <h1> in capitals")
                best = (score, found)
    return best[1] if best else None


def _declared_titles(data: StructuredData) -> Iterable[tuple[str, str]]:
    candidates = (
        (as_text(data.article.get("headline")), "json-ld headline"),
        (data.meta.get("og:title"), "og:title"),
        (data.meta.get("twitter:title"), "twitter:title"),
        (data.meta.get("dc.title"), "dc.title"),
        (as_text(data.article.get("name")), "json-ld name"),
        (data.title_tag, "<title>"),
    )
    for text, source in candidates:
        if text:
            yield " ".join(_unescaped(text).split()), source


def _unescaped(text: str) -> str:
    """Entities decoded; twice where a page encoded them twice ("&amp;#8211;"), never leaving one in a title."""
    once = html.unescape(text)
    return html.unescape(once) if _ENTITY.search(once) else once


def _headings(tree: lxml_html.HtmlElement) -> list[list[str]]:
    """The first <h1>s as read, each as its text nodes: words split across inline tags kept whole, <br> a space,
    a button's label left out (a documentation page's "Copy item path" beside its item's name, WCXB 4398)."""
    headings = []
    for heading in tree.iter("h1"):
        nodes = _HEADING_TEXTS(heading)
        pieces = [f" {node}" if node.is_tail and node.getparent().tag == "br" else str(node) for node in nodes]
        if _joined(pieces):
            headings.append(pieces)
        if len(headings) >= MAX_HEADINGS:
            break
    return headings


def _joined(pieces: list[str]) -> str:
    return " ".join("".join(pieces).split()).rstrip(HEADING_ANCHORS).strip(PUNCTUATION_AT_ENDS)


def _trimmed(pieces: list[str], declared: str) -> list[str]:
    """The <h1>'s text without leading and trailing pieces that share no word with the declared title.

    Those are labels, dates and counts in their own elements: "<strong>Blog:</strong> Headline",
    "<time>Dec 18 2025</time> Headline", "Headline <span>(latimes.com) 87</span>".
    """
    words = set(_WORD.findall(declared.casefold()))

    def foreign(piece: str) -> bool:
        return not words & set(_WORD.findall(piece.casefold()))

    start, end = 0, len(pieces)
    while start < end - 1 and foreign(pieces[start]) and _apart(pieces[start], pieces[start + 1]):
        start += 1
    while end > start + 1 and foreign(pieces[end - 1]) and _apart(pieces[end - 2], pieces[end - 1]):
        end -= 1
    return pieces[start:end]


def _apart(first: str, second: str) -> bool:
    """Two text pieces that a reader sees as separate words ("next<b>on</b>" is one word, "nexton")."""
    return first[-1:].isspace() or second[:1].isspace() or not first.strip() or not second.strip()


def _without_site(title: str, site_names: set[str]) -> str:
    """'Headline | Site' → 'Headline', 'Headline | Opinion' → 'Headline', when what is left is still a headline.

    The site's name goes at any separator; any tail after " | " or " - " (a section, an SEO suffix) goes
    when at least MIN_HEADLINE_WORDS_LEFT words are left: on WCXB, +1.2 points of title accuracy.
    """
    head = TAIL_SEPARATOR.split(title)[0]
    if len(head.split()) >= MIN_HEADLINE_WORDS_LEFT and not _names_site(head, site_names):
        title = head
    parts = [part for part in SEPARATOR.split(title) if part.strip()]
    if all(squash(part) in site_names for part in parts):
        return ""
    if len(parts) < 2:
        return title
    kept = [part for part in parts if not _names_site(part, site_names)] or [
        part for part in parts if squash(part) not in site_names
    ]
    if kept and len(kept) < len(parts):
        return _rejoin(title, kept)
    return title


def _names_site(part: str, site_names: set[str]) -> bool:
    """'Gymshark', 'The GitHub Blog' name the site; 'What happened with Arch Linux ISO' only mentions it."""
    squashed = squash(part)
    return bool(squashed) and any(
        squashed == name or (len(name) > 3 and name in squashed and len(name) >= SITE_SHARE * len(squashed))
        for name in site_names
    )


def _rejoin(title: str, kept: list[str]) -> str:
    """The kept parts with the separators the title had between them."""
    start = title.find(kept[0])
    end = title.rfind(kept[-1]) + len(kept[-1])
    joined = title[start:end] if 0 <= start < end else " - ".join(kept)
    return joined.strip(PUNCTUATION_AT_ENDS)


def agreement(first: str, second: str) -> float:
    """Share of the shorter title's words that the other has too."""
    a, b = set(_WORD.findall(first.casefold())), set(_WORD.findall(second.casefold()))
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))
