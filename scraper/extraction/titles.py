"""The article's headline as the page shows it to readers, without the site's name.

The <h1> is what readers see; declared titles (JSON-LD, og:title, twitter:title, <title>) often carry
"| Site", an SEO rewording or a social headline. An <h1> is trusted when a declared title corroborates
it, or when there is nothing to corroborate; not when it is the site's name or logo. A declared title
is cut at a separator only where the part cut off names the site.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass

from lxml import html as lxml_html

from scraper.extraction.structured import StructuredData, as_text, squash

SEPARATOR = re.compile(r"\s+[|\-–—/»·•:~]\s+|\s*[|»·•]\s*")
"""What sites put between a headline and their name: "Headline | Site", "Site » Headline", "Headline - Site"."""

TAIL_SEPARATOR = re.compile(r"\s+[|-]\s+")
"""Separators that end a headline: headlines use dashes (– —) and colons inside, rarely " | " or a spaced "-"."""

MIN_HEADLINE_WORDS_LEFT = 3

MAX_HEADINGS = 5
"""The headline is among the first <h1>s; later ones are widget titles."""

MIN_AGREEMENT = 0.6
"""Share of the shorter title's words found in the other: above it, two titles are one headline reworded."""

MIN_HEADLINE_WORDS = 2
"""A one-word <h1> ("News", "Sport") is a section label unless a declared title corroborates it."""

HEADING_ANCHORS = " ¶§#🔗"
"""Permalink marks documentation pages put after a heading ("5. Data Structures ¶")."""

_WORD = re.compile(r"\w+")
_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);")


@dataclass(frozen=True)
class FoundTitle:
    """A title and where it was read, for `--explain`."""

    text: str | None = None
    source: str | None = None


def read_title(tree: lxml_html.HtmlElement, data: StructuredData, site_names: set[str]) -> FoundTitle:
    """The headline: an <h1> that a declared title corroborates, else the declared title without the site name."""
    declared = [
        (_without_site(text, site_names), source)
        for text, source in _declared_titles(data)
        if _without_site(text, site_names)
    ]
    headings = [_without_site(heading, site_names) for heading in _headings(tree) if squash(heading) not in site_names]
    best: tuple[float, str, str] | None = None
    for heading in headings:
        for text, source in declared:
            score = agreement(heading, text)
            if score >= MIN_AGREEMENT and (best is None or score > best[0]):
                best = (score, heading, f"<h1>, as {source}")
    if best:
        return FoundTitle(best[1], best[2])
    if headings and (not declared or len(headings[0].split()) >= MIN_HEADLINE_WORDS):
        return FoundTitle(headings[0], "<h1>")
    if declared:
        return FoundTitle(*declared[0])
    return FoundTitle()


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


def _headings(tree: lxml_html.HtmlElement) -> list[str]:
    texts = []
    for heading in tree.iter("h1"):
        pieces = heading.xpath(".//text()[not(ancestor::style) and not(ancestor::script)]")
        joined = "".join(f" {piece}" if piece.is_tail and piece.getparent().tag == "br" else piece for piece in pieces)
        text = " ".join(joined.split()).rstrip(HEADING_ANCHORS).strip()
        if text:
            texts.append(text)
        if len(texts) >= MAX_HEADINGS:
            break
    return texts


def _without_site(title: str, site_names: set[str]) -> str:
    """'Headline | Site' → 'Headline', 'Headline | Opinion' → 'Headline', when what is left is still a headline.

    The site's name goes at any separator; any tail after " | " or " - " (a section, an SEO suffix) goes
    when at least MIN_HEADLINE_WORDS_LEFT words are left: on WCXB, +1.2 points of title accuracy.
    """
    head = TAIL_SEPARATOR.split(title)[0]
    if len(head.split()) >= MIN_HEADLINE_WORDS_LEFT and not _names_site(head, site_names):
        title = head
    parts = [part for part in SEPARATOR.split(title) if part.strip()]
    if len(parts) < 2:
        return title
    kept = [part for part in parts if not _names_site(part, site_names)]
    if kept and len(kept) < len(parts):
        return _rejoin(title, kept)
    return title


def _names_site(part: str, site_names: set[str]) -> bool:
    squashed = squash(part)
    return bool(squashed) and any(squashed == name or (len(name) > 3 and name in squashed) for name in site_names)


def _rejoin(title: str, kept: list[str]) -> str:
    """The kept parts with the separators the title had between them."""
    start = title.find(kept[0])
    end = title.rfind(kept[-1]) + len(kept[-1])
    joined = title[start:end] if 0 <= start < end else " - ".join(kept)
    return joined.strip(" |-–—/»·•:~")


def agreement(first: str, second: str) -> float:
    """Share of the shorter title's words that the other has too."""
    a, b = set(_WORD.findall(first.casefold())), set(_WORD.findall(second.casefold()))
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))
