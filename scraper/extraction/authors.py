"""Who wrote the article: clean names from JSON-LD, the visible byline and <meta>, in that order of trust.

A byline as pages print it carries more than names: "By", handles, dates, reading times, roles and
credits. `clean_byline` keeps the names; joint bylines are split at "and", "&" and commas only where
what is on both sides is a name ("Analysis by Chris Cillizza, CNN Editor-at-large" is one name).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import chain, pairwise
from typing import Any
from urllib.parse import urlsplit

from lxml import html as lxml_html

from scraper.extraction.headline import elements_after, elements_before, find_headline, pieces_after
from scraper.extraction.structured import StructuredData, as_text, squash
from scraper.extraction.vocabulary_meta import (
    AUTHOR_PATH_SEGMENTS,
    BYLINE_WORDS,
    DATE_WORDS,
    DEGREES,
    JOINING_WORDS,
    LEADING_BYLINE_WORDS,
    NAME_PARTICLES,
    NAME_SUFFIX_ROLES,
    ROLE_WORDS,
)

MAX_NAME_CHARS = 60
MAX_NAME_WORDS = 6
"""Longer "names" are sentences, teasers or whole author boxes, not names."""

HEADER_CHARS = 400
"""A byline printed as text sits within the first lines below the headline."""

ARTICLE_CHARS = 100_000
"""Blogs print "Posted by …" or "Written by" and the name below the article: found there, a byline still
names a person (strict names only); on WCXB, +1 point of author accuracy."""

MAX_BYLINE_CHARS = 200
"""An element with more text than this is an author box with a biography, not a byline."""

MAX_TWITTER_LABELS = 4
"""Twitter's summary cards show up to four labelled pairs (author, reading time, …)."""

ORGANISATION_TYPES = frozenset({"organization", "newsmediaorganization", "corporation", "educationalorganization"})

META_AUTHOR_NAMES = (
    "author",
    "article:author",
    "parsely-author",
    "sailthru.author",
    "dc.creator",
    "byl",
    "citation_author",
)
"""<meta> names that may carry a byline (article:author is often a profile URL, which is dropped)."""

MICROFORMAT_AUTHORS = ("u-author", "p-author")
"""h-entry's author classes (microformats2): markup that declares the author, as itemprop=author does."""

NOT_BYLINE_CLASSES = ("comment", "avatar", "bio", "description", "share", "social")
"""Class words of author widgets that are not the byline: comments, portraits, biographies, share buttons."""

_DATE_LIKE = re.compile(r"\d:\s?\d|\b(?:19|20)\d{2}\b")
"""A clock time or a year: with a month, what a name that kept its digits ("98 Buck Social") must not hold."""
_WORD_OR_AMPERSAND = re.compile(r"\w+|&")
_HANDLE = re.compile(r"(?<!\w)@\w[\w.]*")
_DIGIT_RUN = re.compile(r"(?<!\w)\d")
"""A digit that starts a word: dates and times do, user names ("ridwan123") do not."""
_SEPARATORS = re.compile(r"\s+[•·|–—]\s+|\s+-\s+|\s*[•·|×]\s*|\s*\n\s*")
_GLUED_LABEL = re.compile(r"(?<=\w):(?=\w)")
_PARENS = re.compile(r"[()\[\]]")
"""Brackets left once `_opened` has read the parenthesised groups: stray ones separate names."""
_PARENTHESISED = re.compile(r"\((?P<inside>[^()]*)\)")
_ONE_WORD = re.compile(r"\w[\w.-]*")
NOT_NAME_EDGES = ' .,;:"“”„«»'
"""Characters a name neither starts nor ends with: punctuation and the quotes some JSON-LD wraps names in."""
_KEPT_PARENS = str.maketrans("\x00\x01", "()")
"""`_opened` marks the parentheses it keeps with characters page text cannot hold (XML forbids them)."""
_CREDENTIAL = re.compile(r"^(?:[A-Z]{2,6}[®]?|(?:[A-Z][a-z]?\.)+[A-Z]?[a-z]?\.?|Jr\.?|Sr\.?|I{2,3})$")
"""Letters after a name ("MD", "Ph.D.", "RD", "Jr.") are credentials, not a second author: they stay with
the name they follow, as the byline prints them ("Genevieve Carlton, Ph.D.")."""


@dataclass(frozen=True)
class FoundAuthors:
    """Authors and where they were read, for `--explain`."""

    names: tuple[str, ...] = ()
    source: str | None = None


def read_authors(tree: lxml_html.HtmlElement, data: StructuredData, sites: set[str]) -> FoundAuthors:
    """The article's authors from the most trusted source that names a person; an organisation only as a last resort.

    A declared author that is the site itself ("USA TODAY" on usatoday.com) counts as an organisation:
    the visible byline names the person.
    """
    people, organisations = _json_ld_authors(data)
    organisations += [name for name in people if squash(name) in sites]
    people = [name for name in people if squash(name) not in sites]
    if people:
        return FoundAuthors(tuple(people), "json-ld author")
    labelled = _labelled_author(data)
    if labelled and not any(squash(name) in sites for name in labelled[0]):
        return FoundAuthors(*labelled)
    visible = _visible_byline(tree)
    if visible:
        return FoundAuthors(tuple(visible), "byline markup")
    printed = _printed_byline(tree, HEADER_CHARS)
    if printed:
        return FoundAuthors(tuple(printed), "byline text by the headline")
    for name in META_AUTHOR_NAMES:
        names = clean_byline(data.meta.get(name) or "")
        if names and not any(squash(found) in sites for found in names):
            return FoundAuthors(tuple(names), f"meta {name}")
        organisations += names
    printed = _printed_byline(tree, ARTICLE_CHARS)
    if printed:
        return FoundAuthors(tuple(printed), "byline text after the article")
    if organisations:
        return FoundAuthors(tuple(_unique(organisations)), "json-ld author (organisation)")
    return FoundAuthors()


def _labelled_author(data: StructuredData) -> tuple[tuple[str, ...], str] | None:
    """A byline the page states as a labelled pair: twitter:label1 "Written by", twitter:data1 "Jane Doe".

    WordPress's SEO plugins write these from the post's author; on WCXB, where a page has such a pair
    and the truth differs from our visible byline, the pair was right 5 times out of 6.
    """
    for number in range(1, MAX_TWITTER_LABELS + 1):
        label = (data.meta.get(f"twitter:label{number}") or "").lower().split()
        if any(word.rstrip(":") in BYLINE_WORDS | LEADING_BYLINE_WORDS for word in label):
            names = clean_byline(data.meta.get(f"twitter:data{number}") or "")
            return (tuple(names), f"meta twitter:label{number} {' '.join(label)}") if names else None
    return None


def _json_ld_authors(data: StructuredData) -> tuple[list[str], list[str]]:
    people: list[str] = []
    organisations: list[str] = []
    raw = data.article.get("author") or data.article.get("creator")
    for item in raw if isinstance(raw, list) else [raw]:
        resolved = data.resolve(item)
        names = clean_byline(as_text(resolved) or "")
        is_organisation = isinstance(resolved, dict) and _type_of(resolved) in ORGANISATION_TYPES
        (organisations if is_organisation else people).extend(names)
    return _unique(people), _unique(organisations)


def _type_of(obj: dict[str, Any]) -> str:
    value = obj.get("@type")
    return str(value[0] if isinstance(value, list) and value else value or "").lower()


def _visible_byline(tree: lxml_html.HtmlElement) -> list[str]:
    """The byline closest after the headline (the closest before it when none follows), read from its markup.

    Walked outwards from the headline in Python, stopping at the first byline: XPath over the whole page
    (contains() on every class) cost 7 ms a page on ScrapingHub's pages, a walk over every element 0.8 ms,
    and a byline is usually within a few dozen elements of the headline.
    """
    headline = find_headline(tree)
    elements = chain(elements_after(headline), elements_before(headline)) if headline is not None else tree.iter()
    for element in elements:
        if _may_be_byline(element) and _looks_like_byline(element):
            names = _names_in(element)
            if names:
                return _unique(names + [name for twin in _twins(element) for name in _names_in(twin)])
    return []


def _twins(element: lxml_html.HtmlElement) -> Iterator[lxml_html.HtmlElement]:
    """The siblings right after a byline element that are marked up as it is: one author per element.

    Only where nothing but a comma or a joining word stands between them: "Scott Levine <i>Edited by</i>
    Frank Bass" names an editor.
    """
    previous = element
    for sibling in element.itersiblings():
        between = _WORD_OR_AMPERSAND.findall((previous.tail or "").lower())
        if sibling.tag != element.tag or sibling.get("class") != element.get("class"):
            return
        if any(word not in JOINING_WORDS and word != "&" for word in between):
            return
        yield sibling
        previous = sibling


def _may_be_byline(element: lxml_html.HtmlElement) -> bool:
    """A cheap first test, on every element walked: author or byline in its class, author markup, a link."""
    if not isinstance(element.tag, str):
        return False
    if element.get("itemprop") == "author" or "author" in (element.get("rel") or ""):
        return True
    classes = (element.get("class") or "").lower()
    return "author" in classes or "byline" in classes or (element.tag == "a" and element.get("href") is not None)


def _printed_byline(tree: lxml_html.HtmlElement, max_chars: int) -> list[str]:
    """A "By …" line printed after the headline without byline markup; the names may be the next piece."""
    headline = find_headline(tree)
    if headline is None:
        return []
    for piece, following in pairwise(chain(pieces_after(headline, max_chars), [""])):
        words = [word.lower().rstrip(":") for word in piece.split()]
        if words[0] not in BYLINE_WORDS | LEADING_BYLINE_WORDS:
            continue
        text = f"{piece} {following}" if words[-1] in BYLINE_WORDS | LEADING_BYLINE_WORDS else piece
        names = clean_byline(text, strict=True)
        if names:
            return names
    return []


def _is_declared_author(element: lxml_html.HtmlElement) -> bool:
    """Markup that says "this is the author": microdata, rel=author, microformats' u-author / p-author."""
    classes = (element.get("class") or "").lower().split()
    return (
        element.get("itemprop") == "author"
        or "author" in (element.get("rel") or "").lower().split()
        or any(name in classes for name in MICROFORMAT_AUTHORS)
    )


def _looks_like_byline(element: lxml_html.HtmlElement) -> bool:
    if element.tag == "a" and element.get("itemprop") != "author" and "author" not in (element.get("rel") or ""):
        segments = _path_segments(element.get("href") or "")
        if not any(segment in AUTHOR_PATH_SEGMENTS for segment in segments[:-1]):
            return False
    classes = (element.get("class") or "").lower()
    if any(word in classes for word in NOT_BYLINE_CLASSES) or _only_topic_links(element):
        return False
    if any(ancestor.tag in ("nav", "footer") for ancestor in element.iterancestors()):
        return False
    text = element.text_content().strip()
    if len(text) > MAX_BYLINE_CHARS:
        return element.get("itemprop") == "author" and bool(element.xpath(".//*[@itemprop='name']"))
    return bool(text)


TOPIC_PATH_SEGMENTS = frozenset({"tag", "tags", "category", "categories", "topic", "topics"})
"""Folders of a site's topic pages ("/tag/lifestyle"): a link into one names a subject, not a person."""


def _only_topic_links(element: lxml_html.HtmlElement) -> bool:
    """Whether all the element's words are links to topic pages: a category label set in the byline's box
    ("Lifestyle" in WCXB 4880's `byline__tag`), not its author."""
    links = [element] if element.tag == "a" else list(element.iter("a"))
    if not links or any(not TOPIC_PATH_SEGMENTS & set(_path_segments(link.get("href") or "")[:-1]) for link in links):
        return False
    return squash(" ".join(link.text_content() for link in links)) == squash(element.text_content())


def _path_segments(href: str) -> list[str]:
    """The folders and page of a link's path, lower-cased; not its query, nor the route a single-page app
    keeps after '#' ('/s/#/profile/my_info' is a member's own account, the 'Member Login' link of WCXB 0065)."""
    try:
        path = urlsplit(href).path
    except ValueError:  # an unparsable address ('http://[x') leads to no author page
        return []
    return [part.lower() for part in path.split("/") if part]


def _names_in(element: lxml_html.HtmlElement) -> list[str]:
    """The names a byline element holds; marked-up authors may be user names ("ridwan123", "whova")."""
    declared = _is_declared_author(element)
    named = element.xpath(".//*[@itemprop='name']")
    if named:
        return _unique(
            name
            for part in (named[:1] if declared else named)
            for name in clean_byline(part.get("content") or _text_of(part), strict=not declared)
        )
    return clean_byline(_text_of(element), strict=not declared)


def _text_of(element: lxml_html.HtmlElement) -> str:
    """The element's text with a break between its pieces: "Luke Kim<span>December 3</span>" is two pieces."""
    return " \n ".join(piece.strip() for piece in element.itertext() if piece.strip())


def clean_byline(raw: str, *, strict: bool = False) -> list[str]:
    """'By Jane Doe and John Roe · 2 min read' → ['Jane Doe', 'John Roe']; 'China Daily / Reuters' stays whole.

    `strict` (for text read off the page rather than declared) also asks every word of a name to be
    capitalised, as names are in scripts that have case: "Ellen is an" is a biography, not a name.
    """
    text = _GLUED_LABEL.sub(": ", " ".join(html.unescape(raw).replace("\n", " \n ").split(" ")))
    text = re.sub(r"[ \t\r\f\v]+", " ", text).strip()
    if not text or text.startswith(("http://", "https://", "{", "<")):
        return []
    for part in _SEPARATORS.split(_after_byline_word(text)):
        names = _names_of(_before_noise(part), strict=strict)
        if names:
            return names
    return []


def _names_of(text: str, *, strict: bool) -> list[str]:
    """The names in one part of a byline (the part between separators that holds them)."""
    names: list[str] = []
    attached = False
    pieces = _PARENS.sub(",", _PARENTHESISED.sub(_opened, text)).translate(_KEPT_PARENS).split(",")
    for index, piece in enumerate(pieces):
        if index and _has_role(piece):
            continue
        for part in _split_joint(piece):
            if names and _CREDENTIAL.match(part) and (attached or _is_degree(part)):
                names[-1], attached = f"{names[-1]}, {part}", True
                continue
            attached = False
            name = _without_roles(part, first=index == 0 and not names)
            if name and _is_name(name, strict=strict):
                names.append(name)
    return _unique(names)


def _opened(match: re.Match[str]) -> str:
    """One word in parentheses belongs to the name ("Paramita (Guha) Ghosh", "Jean-Luc Aufranc (CNXSoft)");
    parentheses holding more ("(avec Damien Leloup, Morgane Tual)") hold further names, split off, and an
    acronym ("(AP)") is an agency or a credential, dropped or attached as after a comma."""
    inside = match["inside"].strip()
    if _ONE_WORD.fullmatch(inside) and not _CREDENTIAL.match(inside):
        return f"\x00{inside}\x01"
    return f",{inside},"


def _is_degree(part: str) -> bool:
    """A degree or licence ("MD", "Ph.D.", "RD"): after one, further capitals ("FAND") are credentials too.

    An acronym alone after a name is more often an agency or outlet ("Jane Doe, AP"), which is dropped.
    """
    return part.replace(".", "").upper() in DEGREES


def _after_byline_word(text: str) -> str:
    """'Analysis by Chris Cillizza' → 'Chris Cillizza': the names follow a byline's lead-in."""
    words = text.split(" ")  # not split(): the line breaks between the byline's elements separate its parts
    if len(words) > 1 and words[0].lower().rstrip(":") in LEADING_BYLINE_WORDS:
        words = words[1:]
    for index in range(len(words) - 2, -1, -1):
        if words[index].lower().rstrip(":") in BYLINE_WORDS:
            return " ".join(words[index + 1 :])
    return " ".join(words)


def _before_noise(text: str) -> str:
    """Cut at the first handle or digit (dates, times, reading times): what follows a name there is never a name.

    The words of a date before its digits ("on Friday December") go with it.
    """
    handle, digit = _HANDLE.search(text), _DIGIT_RUN.search(text)
    if digit and not text[: digit.start()].strip():
        digit = None  # a name that starts with digits ("98 Buck Social") is a name
    cut = min((match.start() for match in (handle, digit) if match), default=len(text))
    words = text[:cut].split()
    while digit and cut == digit.start() and words and words[-1].lower().strip(".,:") in DATE_WORDS:
        words.pop()
    return " ".join(words).strip(" ,;:-–—|•·/")


def _has_role(piece: str) -> bool:
    return any(word.lower().strip(".,:") in ROLE_WORDS for word in piece.split())


def _split_joint(piece: str) -> Iterator[str]:
    current: list[str] = []
    for word in piece.split():
        if word.lower() in JOINING_WORDS or word == "&":
            if current:
                yield " ".join(current)
            current = []
        else:
            current.append(word)
    if current:
        yield " ".join(current)


def _without_roles(part: str, *, first: bool) -> str:
    """'Meghan Neville Content Marketing Coordinator' → 'Meghan Neville'.

    A role after two words of a first name ends it; a later piece with a role ("CNN Editor-at-large")
    is no name; "Podium Staff" and "Everfit Team" stay whole.
    """
    words = part.strip(NOT_NAME_EDGES).split()
    for index, word in enumerate(words):
        if index >= 1 and word in NAME_SUFFIX_ROLES:
            return " ".join(words[:index])
        if word.lower().strip(".,:") in ROLE_WORDS:
            if index >= 2:
                return " ".join(words[:index])
            return " ".join(words) if first and index > 0 else ""
    return " ".join(words)


def _is_name(name: str, *, strict: bool) -> bool:
    words = name.split()
    if not words or len(name) > MAX_NAME_CHARS or len(words) > MAX_NAME_WORDS or len(name) < 2:
        return False
    if len(words) == 1 and _CREDENTIAL.match(name):
        return False
    if _DIGIT_RUN.search(name) and (_DATE_LIKE.search(name) or any(word.lower() in DATE_WORDS for word in words)):
        return False
    if words[0].lower().rstrip(":") in JOINING_WORDS or not any(char.isalpha() for char in name):
        return False
    if any(word.lower().rstrip(":") in BYLINE_WORDS for word in words):
        return False  # a label, not a name: "The Author" over an author box (WCXB 0145), "About the author"
    if not strict:
        return True
    cased = [word for word in words if word[:1].upper() != word[:1].lower() and word.lower() not in NAME_PARTICLES]
    return all(word[:1].isupper() for word in cased)


def _unique(names: Iterable[str]) -> list[str]:
    """Names in order, each once (case-insensitively)."""
    seen: dict[str, str] = {}
    for name in names:
        seen.setdefault(name.casefold(), name)
    return list(seen.values())
