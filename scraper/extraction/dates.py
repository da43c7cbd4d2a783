"""When an article was published and modified: declared dates, corroborated by the date the page shows readers.

Sources, in order of trust: a full date in the URL's path, JSON-LD and <meta>, the date shown by the
headline (a <time> whose text stands there, else the visible text, else the first <time> further on), then
the rest of the page (htmldate: its markup, then its <meta> tags and short lines of text). A date is kept with the
time and offset the page gives (never one we invent), and as a day alone ("2019-11-19") when the page
gives no time. Where the sources disagree, corroboration decides:

* the URL's date ("/2025/12/18/") is the day the site filed the article under: on the 29 WCXB pages that
  have one it was right every time, while a declared UTC time can fall on the next day;
* a JSON-LD date that no <meta> restates loses to the date the page shows by its headline: it is often
  the first save a site-wide plugin wrote, and the page shows the date it stands by ("Last updated …").
  On WCXB the shown date was right on 21 of 28 such pages; where a <meta> restates the JSON-LD date, the
  declaration was right on 15 of 23, so it stays;
* unless the page contradicts it (`_contradicts`): a <time> by the headline holding another day, or the
  byline's text showing an earlier one, is what the page stands by; the declaration came from a later save (an
  import, a migration). On WCXB that rule was right on the 4 pages it changed.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from dateutil import parser as date_parser
from htmldate import find_date
from lxml import etree
from lxml import html as lxml_html

from scraper.extraction.headline import find_headline, held_after, held_before, visible_texts
from scraper.extraction.structured import StructuredData, as_text

PUBLISHED_META = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "publishdate",
    "pubdate",
    "publish-date",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dcterms.created",
    "dc.date",
    "date",
)
"""<meta> names that carry the publication date, most specific first."""

MODIFIED_META = ("article:modified_time", "og:updated_time", "datemodified", "last-modified", "dcterms.modified")
"""<meta> names that carry the date of the last change."""

HEADER_CHARS_AFTER = 600
HEADER_CHARS_BEFORE = 80
"""The date a page shows sits beside its headline: above it (a kicker) or below it (the byline line).
600 characters after the <h1> reach past a standfirst and a byline; 80 before reach a date line above
(200 reached into menus and teasers: 0.2 points less date accuracy on WCXB)."""

YEAR_ONLY = "-01-01T00:00:00"
"""What htmldate returns for a bare year ("Trends for 2025" in a headline): not a date the page shows.
Dropping it gained 11 of 615 WCXB pages."""

HTMLDATE_FORMAT = "%Y-%m-%dT%H:%M:%S%z"

ZONE_NAMES = {
    "ET": "America/New_York",
    "EST": "America/New_York",
    "EDT": "America/New_York",
    "CT": "America/Chicago",
    "CST": "America/Chicago",
    "CDT": "America/Chicago",
    "MT": "America/Denver",
    "MST": "America/Denver",
    "MDT": "America/Denver",
    "PT": "America/Los_Angeles",
    "PST": "America/Los_Angeles",
    "PDT": "America/Los_Angeles",
    "BST": "Europe/London",
    "CET": "Europe/Berlin",
    "CEST": "Europe/Berlin",
    "MSK": "Europe/Moscow",
}
"""Zone abbreviations bylines print, as the zone whose rules give the offset on that day ("ET" is -05:00 in
November, -04:00 in July). Ambiguous ones (IST: India, Ireland or Israel) are left out: no offset is invented."""

VISIBLE_ZONE = re.compile(
    r"(?P<time>\d{1,2}[:.h]\d{2}(?::\d{2})?)\s*(?P<ampm>[ap]\.?m\.?)?\s*"
    r"(?P<zone>UTC|GMT|Z\b|[+-]\d{2}:?\d{2}|(?:" + "|".join(ZONE_NAMES) + r")\b)",
    re.IGNORECASE,
)
"""A clock time with its zone, as a byline shows it: "23:46:00 UTC", "6:46 pm ET", "10:05 +02:00"."""

OFFSET_SUFFIX = re.compile(r"[+-]\d{2}:\d{2}$")
YEAR = re.compile(r"\b(?:1[89]|2\d)\d{2}\b")
CLOCK = re.compile(r"\d{1,2}:\d{2}")
"""Declared dates that are not ISO 8601 are read (by dateutil) only with a year and a clock time: RFC 2822 and
"November 19, 2019, 07:47 PM EST". A bare "Jun 24, 2025" in JSON-LD is often a stale template value: read
as well, it cost 7 of 615 WCXB dates that the shown date got right."""


_URL_DATE = re.compile(
    r"(?<!\d)(?P<year>(?:19|20)\d{2})(?P<sep>[/-])(?P<month>[01]?\d)(?P=sep)(?P<day>[0-3]?\d)(?:[/-]|\.html?$|$)"
)
"""Year, month and day as consecutive path segments ("/2025/12/18/") or one dashed segment ("/2025-12-18-slug")."""
DAY_ONLY = len("2019-11-19")
REAL_OFFSETS = (timedelta(hours=-12), timedelta(hours=14))
"""The earliest and latest UTC offsets in use (Baker Island, Kiribati's Line Islands)."""
OFFSET_STEP = timedelta(minutes=15)
"""Every offset in use is a whole number of quarter hours (Nepal's +05:45)."""
TIME_BY_HEADLINE = "<time> by the headline"
TEXT_BY_HEADLINE = "visible text by the headline"
TEXT_ABOVE_HEADLINE = "visible text above the headline"
"""Where a shown date was read, as `--explain` says it."""
ONE_DAY = timedelta(days=1)
"""A shown day one from the declared one is the same instant in another zone (a UTC time after midnight)."""
MONTHS = 12
MAX_DATELINE_CHARS = 100
"""A dateline or byline is a short piece of text; a date in a longer one is the article's prose ("The tax
season ends April 15, 2025. If you …"). On WCXB the dates read from the 4 pieces over 100 characters by a
headline were all wrong; the longest right one had 87 ("Reviewed by …, Trial Attorney at …, on December 9,
2024.")."""
_TIMES_AFTER = etree.XPath("following::time[@datetime][position() <= 3]")
TIME_HOLDER_DEPTH = 3
"""A <time> shows its date through at most a couple of wrapping elements ("<time><span>May 14</span></time>")."""
_WORD = re.compile(r"\w+")
_ORDINAL = re.compile(r"^\d{1,2}(?:st|nd|rd|th)$")
"""A day written as an ordinal ("14th")."""


@dataclass(frozen=True)
class FoundDate:
    """An ISO 8601 date and where it was read, for `--explain`."""

    value: str
    source: str


@dataclass(frozen=True)
class Nearby:
    """What the page shows around its headline: the visible text, and the dates of the <time> elements in it."""

    headline: lxml_html.HtmlElement
    text: str
    pieces_after: tuple[str, ...] = ()
    pieces_before: tuple[str, ...] = ()
    """The visible pieces after and before the headline, each in reading order: a date is read from one piece."""
    times: tuple[FoundDate, ...] = ()
    """The <time datetime> values shown after the headline in reading order, then those before it, nearest first."""


@dataclass(frozen=True)
class ArticleDates:
    """Publication and last modification of an article, each with its source."""

    published: FoundDate | None = None
    modified: FoundDate | None = None


def read_dates(tree: lxml_html.HtmlElement, data: StructuredData, url: str | None) -> ArticleDates:
    """The article's dates: the published one from the sources that corroborate it, the modification as declared."""
    modified = next(iter(_all_parsed(_declared_modified(data))), None)
    return ArticleDates(published=_published(tree, data, url), modified=modified)


def _published(tree: lxml_html.HtmlElement, data: StructuredData, url: str | None) -> FoundDate | None:
    """The publication date, decided between the sources as the module docstring says."""
    declared = _all_parsed(_declared_published(tree, data))
    filed = _url_date(url)
    headline = find_headline(tree)
    nearby = _nearby(headline) if headline is not None else None
    if declared:
        restated = _all_parsed(_restated(data))
        chosen = _most_precise(declared[0], declared + restated)
        restated_by_meta = _restated_by_meta(chosen, declared)
        if nearby is not None:
            chosen = _zoned(chosen, nearby)
        if nearby is not None and _shows(nearby, chosen):
            return FoundDate(chosen.value, f"{chosen.source}, shown")
        if filed is not None and not same_day(chosen, filed):
            return _on_filed_day(chosen, filed, nearby)
        if nearby is None or filed is not None:
            return chosen
        shown = _shown_date(nearby)
        if shown is None or (restated_by_meta and not _contradicts(shown, chosen, _restatements(data))):
            return chosen
        return _most_precise(shown, declared + _restatements(data))
    if filed is not None:
        return _shown_on(nearby, filed) or filed
    shown = _shown_date(nearby) if nearby is not None else None
    if shown is not None:
        return _most_precise(shown, _restatements(data))
    # htmldate's fast mode first: the same WCXB accuracy, and 11.2 -> 6.4 ms median metadata time a page
    found = _htmldate(tree, url, extensive=False) or _date_in_lines(tree)
    return FoundDate(found, "htmldate (url, markup and text)") if found else None


def _contradicts(shown: FoundDate, declared: FoundDate, restatements: list[FoundDate]) -> bool:
    """Whether the date shown by the headline overrules a declared date that a <meta> restates.

    It does when a <time> by the headline holds another day, or the visible text after the headline (the
    byline) an earlier one: the declaration was then written by a later save (a site's migration, an import),
    not at publication. Text above the headline does not: an earlier date there was a preprint's "first
    published" on WCXB, not the article's.
    A day apart is one instant in two zones; a shown day the page declares elsewhere (dateModified, another
    object's date) is the update the page shows beside an original publication it declares.
    """
    stated = date.fromisoformat(declared.value[:10])
    if any(abs(reading - stated) <= ONE_DAY for reading in _readings(shown)):
        return False
    if any(same_day(shown, other) for other in restatements):
        return False
    return shown.source == TIME_BY_HEADLINE or (shown.source == TEXT_BY_HEADLINE and shown.value < declared.value)


def _readings(shown: FoundDate) -> list[date]:
    """The shown day, and the day with month and day swapped where both could be a month: "12/11/25" is
    11 December in the United States and 12 November elsewhere, and a page's own locale is not known."""
    day = date.fromisoformat(shown.value[:10])
    return [day, day.replace(month=day.day, day=day.month)] if day.day <= MONTHS else [day]


def _url_date(url: str | None) -> FoundDate | None:
    """A full date in the URL's path ("/2025/12/18/slug", "/2025-12-18-slug"), as a day."""
    match = _URL_DATE.search(urlsplit(url).path) if url else None
    if match is None:
        return None
    try:
        day = date(int(match["year"]), int(match["month"]), int(match["day"]))
    except ValueError:
        return None
    return FoundDate(day.isoformat(), "url")


def _zoned(declared: FoundDate, nearby: Nearby) -> FoundDate:
    """A declared clock time without an offset, and the same time shown by the headline with its zone.

    The page states one instant twice: the declared time is either the shown local time or the shown
    time in UTC ("2019-11-19T23:46:00" declared, "Nov 19, 2019 at 6:46 pm ET" shown: 18:46-05:00).
    Compared to the minute, on the declared day and the days either side (a UTC time after midnight).
    """
    if _precision(declared.value) != 1:
        return declared
    window = nearby.text
    if VISIBLE_ZONE.search(window) is None:
        return declared
    stated = datetime.fromisoformat(declared.value).replace(second=0, microsecond=0)
    for shift in (0, -1, 1):
        day = (stated + timedelta(days=shift)).date().isoformat()
        shown = datetime.fromisoformat(_with_shown_zone(day, window))
        if shown.tzinfo is None:
            return declared
        minute = shown.replace(second=0, microsecond=0)
        if stated in (minute.replace(tzinfo=None), minute.astimezone(UTC).replace(tzinfo=None)):
            return FoundDate(shown.isoformat(), f"{declared.source}, offset shown")
    return declared


def _on_filed_day(declared: FoundDate, filed: FoundDate, nearby: Nearby | None) -> FoundDate:
    """The date to give when the declared day is not the URL's: the shown date of the URL's day, else the
    declared instant when some real offset puts it on that day (a UTC time after midnight, filed the evening
    before), else the URL's day."""
    shown = _shown_on(nearby, filed)
    if shown is not None:
        return _with_offset_of(shown, declared)
    return declared if _may_fall_on(declared, filed) else filed


def _may_fall_on(declared: FoundDate, day: FoundDate) -> bool:
    """Whether some offset in use puts the declared instant on `day` (never, for a time without an offset)."""
    instant = datetime.fromisoformat(declared.value)
    if instant.tzinfo is None:
        return False
    utc = instant.astimezone(UTC).replace(tzinfo=None)
    earliest, latest = (utc + offset for offset in REAL_OFFSETS)
    return earliest.date().isoformat() <= day.value <= latest.date().isoformat()


def _with_offset_of(shown: FoundDate, declared: FoundDate) -> FoundDate:
    """A shown local time without an offset, and a declared instant with one: their difference is the offset.

    "2019-11-19T20:59:46" by the headline and "2019-11-20T02:59:46+00:00" declared are one instant at -06:00.
    """
    local, instant = datetime.fromisoformat(shown.value), datetime.fromisoformat(declared.value)
    if len(shown.value) == DAY_ONLY or local.tzinfo is not None or instant.tzinfo is None:
        return shown
    utc = instant.astimezone(UTC).replace(tzinfo=None)
    if local.second == 0:  # a shown time to the minute ("5:50 PM"): the declared seconds are not a difference
        utc = utc.replace(second=0, microsecond=0)
    offset = local - utc
    if offset % OFFSET_STEP or not REAL_OFFSETS[0] <= offset <= REAL_OFFSETS[1]:
        return shown
    stamped = local.replace(tzinfo=timezone(offset)).isoformat()
    return FoundDate(stamped, f"{shown.source}, offset from {declared.source}")


def _shown_on(nearby: Nearby | None, day: FoundDate) -> FoundDate | None:
    """The date shown by the headline when it falls on `day`: it may add the time and offset."""
    shown = _shown_date(nearby) if nearby is not None else None
    return FoundDate(shown.value, f"{shown.source}, as the url") if shown and same_day(shown, day) else None


def _restatements(data: StructuredData) -> list[FoundDate]:
    """Dates of the page's JSON-LD objects and <meta> that may state a shown day with its time and offset:
    other objects' datePublished (a ClaimReview's), and the declared modifications."""
    candidates = _restated(data) + _declared_modified(data) + _restated(data, "dateModified")
    return _all_parsed(candidates)


def _restated_by_meta(chosen: FoundDate, declared: list[FoundDate]) -> bool:
    """Whether a <meta> declaration gives the same day as the chosen one (itself included)."""
    return any(candidate.source.startswith("meta") and same_day(candidate, chosen) for candidate in declared)


def _declared_published(tree: lxml_html.HtmlElement, data: StructuredData) -> list[tuple[str | None, str]]:
    candidates = [(as_text(data.article.get("datePublished")), "json-ld datePublished")]
    candidates += [(data.meta.get(name), f"meta {name}") for name in PUBLISHED_META]
    candidates.append((as_text(data.article.get("dateCreated")), "json-ld dateCreated"))
    return candidates


def _restated(data: StructuredData, name: str = "datePublished") -> list[tuple[str | None, str]]:
    """`name` of the page's other JSON-LD objects: trusted only to add precision to the same day."""
    others = (obj for obj in data.objects if obj is not data.article)
    return [(as_text(obj.get(name)), f"json-ld {name}") for obj in others]


def _declared_modified(data: StructuredData) -> list[tuple[str | None, str]]:
    candidates = [(as_text(data.article.get("dateModified")), "json-ld dateModified")]
    return candidates + [(data.meta.get(name), f"meta {name}") for name in MODIFIED_META]


def _all_parsed(candidates: list[tuple[str | None, str]]) -> list[FoundDate]:
    parsed = ((parse_date(raw), source) for raw, source in candidates)
    return [FoundDate(value, source) for value, source in parsed if value]


def _most_precise(chosen: FoundDate, declared: list[FoundDate]) -> FoundDate:
    """A declaration of the same day with a clock time or an offset the chosen one lacks gives them.

    JSON-LD "2014-09-15" beside article:published_time "2014-09-15T14:22:02+00:00" is one date, stated twice.
    """
    for candidate in declared:
        if same_day(candidate, chosen) and _precision(candidate.value) > _precision(chosen.value):
            source = candidate.source if chosen.source.startswith(("json-ld", "meta")) else chosen.source
            chosen = FoundDate(candidate.value, source)
    return chosen


def _precision(value: str) -> int:
    """2 with an offset, 1 with a clock time other than midnight, 0 for a bare day."""
    if OFFSET_SUFFIX.search(value):
        return 2
    return 0 if len(value) == DAY_ONLY or value.endswith("T00:00:00") else 1


def _shows(nearby: Nearby, declared: FoundDate) -> bool:
    """Whether the page shows the declared day by its headline: in a <time>, else in the text around it.

    The text is searched for the day's numbers (and its month's English name) rather than read by htmldate
    as `_shown_date` does: only the `, shown` remark depends on it, and htmldate cost 1 ms a page here.
    """
    if nearby.times:
        return same_day(nearby.times[0], declared)
    words = set(_WORD.findall(nearby.text.casefold()))
    year, month, day = (int(part) for part in declared.value[:10].split("-"))
    numbers = {int(word) for word in words if word.isdigit()} | {
        int(word[:-2]) for word in words if _ORDINAL.match(word)
    }
    month_words = {str(month), f"{month:02d}", calendar.month_name[month].lower(), calendar.month_abbr[month].lower()}
    return year in numbers and day in numbers and bool(words & month_words)


def _shown_date(nearby: Nearby) -> FoundDate | None:
    """The first date shown near the headline: a <time> there, else the text around it, read by htmldate,
    else a <time> further on."""
    if nearby.times:
        return nearby.times[0]
    window = nearby.text
    for pieces, source in ((nearby.pieces_after, TEXT_BY_HEADLINE), (nearby.pieces_before, TEXT_ABOVE_HEADLINE)):
        found = _date_in_pieces(pieces)
        if found:
            return FoundDate(_with_shown_zone(found, window), source)
    return _time_further_on(nearby.headline)


def _date_in_pieces(pieces: tuple[str, ...]) -> str | None:
    """The first date the pieces show, one piece at a time: htmldate misses a date in a longer line ("By Meg
    James Staff Writer Nov. 19, 2019 5:50 PM Facebook"). A day alone is read again with the next piece, which
    may hold its clock time ("Nov. 19, 2019" | "5:50 PM")."""
    for index, piece in enumerate(pieces):
        found = date_in_text(piece)
        if found is None:
            continue
        if len(found) == DAY_ONLY and index + 1 < len(pieces) and CLOCK.search(pieces[index + 1]):
            timed = date_in_text(f"{piece} {pieces[index + 1]}")
            return timed if timed and timed.startswith(found) else found
        return found
    return None


def date_in_text(piece: str) -> str | None:
    """The date one piece of visible text shows, read by htmldate; only a short piece with a year is read.

    A date written the Chinese, Japanese or Korean way ("2023年10月15日", "2023년 10월 15일") is read here:
    htmldate takes it for its year alone."""
    if len(piece) > MAX_DATELINE_CHARS:
        return None
    east_asian = _EAST_ASIAN_DATE.search(piece)
    if east_asian:
        year, month, day = map(int, east_asian.groups())
        try:
            return date(year, month, day).isoformat()
        except ValueError:  # "2023年2月30日"
            return None
    if not _MAY_BE_DATE.search(piece):
        return None
    return _htmldate(_page_of([piece]), None)


def _time_further_on(headline: lxml_html.HtmlElement) -> FoundDate | None:
    """The first <time datetime> among the three after the headline, however far: a page that shows no
    date by its headline may show it at the article's end ("Page last modified …")."""
    for time_element in _TIMES_AFTER(headline):
        parsed = parse_date(time_element.get("datetime"))
        if parsed:
            return FoundDate(parsed, "<time> after the headline")
    return None


_EAST_ASIAN_DATE = re.compile(r"((?:19|20)\d{2})\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]")
"""Year, month and day, each followed by its character."""
_MAY_BE_DATE = re.compile(r"\b(?:19|20)\d{2}\b|\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2}\b")
"""A year, or a numeric date with a two-digit year ("12/11/25"): htmldate is asked only about such pieces."""
_NOT_XML_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
"""Characters libxml2 keeps from a page's text but refuses in a tree built by hand."""


def _date_in_lines(tree: lxml_html.HtmlElement) -> str | None:
    """htmldate's search of a page's free text, over its <meta> tags and the short lines of text that may
    hold a date ("Last updated: November 13, 2025", "Feb 16, 2026" on a line of its own).

    The page's own <meta> tags are read as htmldate reads them when it searches a whole page (a
    `<meta name="published" content="July 17, 2025">`); of its text only those lines, as htmldate tries
    each text node with a date parser, and a page's paragraphs made that search 53 ms a page on the WCXB
    pages that reach it (57 of 431), against 2.5 ms for these lines. The same dates are found: WCXB
    date accuracy unchanged, whether 5, 20 or all of the lines are read; no ScrapingHub output changed.
    """
    lines = []
    body = tree.find("body")
    for text in visible_texts(body) if body is not None else ():
        line = " ".join(text.split())
        if line and len(line) <= MAX_DATELINE_CHARS and _MAY_BE_DATE.search(line):
            lines.append(line)
            if len(lines) == MAX_DATE_LINES:
                break
    metas = tree.findall("head/meta")
    return _htmldate(_page_of(lines, metas), None) if lines or metas else None


def _page_of(lines: Sequence[str], metas: Sequence[lxml_html.HtmlElement] = ()) -> lxml_html.HtmlElement:
    """A page built for htmldate: copies of `metas` in its head, each line a paragraph of its body."""
    page = lxml_html.fromstring("<html><head></head><body></body></html>")
    head = page.find("head")
    for meta in metas:
        head.append(etree.Element("meta", dict(meta.attrib)))
    for line in lines:
        etree.SubElement(page.body, "p").text = _NOT_XML_TEXT.sub(" ", line)
    return page


MAX_DATE_LINES = 20
"""Lines of a page that may hold a date read when nothing else dated it: a listing shows hundreds."""


def _htmldate(tree: lxml_html.HtmlElement, url: str | None, *, extensive: bool = True) -> str | None:
    """htmldate's oldest plausible date as ISO 8601; a bare year is no date."""
    found = find_date(tree, url=url, original_date=True, extensive_search=extensive, outputformat=HTMLDATE_FORMAT)
    if not found or found.startswith(YEAR_ONLY, 4):
        return None
    return _normalise(found)


def _nearby(headline: lxml_html.HtmlElement) -> Nearby:
    """The visible text from a little before the headline to a little after it, and the <time> dates it shows.

    Only a <time> whose text is in that window counts: the first <time> after the headline in the markup
    was, on 9 of 615 WCXB pages, a comment's or a teaser's further down (the page showed its own date in
    plain text, or in a <time> above the headline).
    """
    before = held_before(headline, HEADER_CHARS_BEFORE)
    after = list(held_after(headline, HEADER_CHARS_AFTER))
    text = " ".join([piece for piece, _ in before] + [headline.text_content()] + [piece for piece, _ in after])
    times = [_time_shown(holder) for _, holder in after + before[::-1]]
    return Nearby(
        headline,
        text,
        tuple(p for p, _ in after),
        tuple(p for p, _ in before),
        tuple(dict.fromkeys(found for found in times if found is not None)),
    )


def _time_shown(holder: lxml_html.HtmlElement) -> FoundDate | None:
    """The date of the <time datetime> that shows a piece of text, if one holds it."""
    element: lxml_html.HtmlElement | None = holder
    for _ in range(TIME_HOLDER_DEPTH):
        if element is None:
            return None
        if element.tag == "time":
            parsed = parse_date(element.get("datetime"))
            return FoundDate(parsed, TIME_BY_HEADLINE) if parsed else None
        element = element.getparent()
    return None


def _with_shown_zone(value: str, window: str) -> str:
    """A shown "23:46:00 UTC" gives the date its clock time and offset; a date alone stays as it is."""
    match = VISIBLE_ZONE.search(window)
    if not match or "+" in value[10:] or "-" in value[10:]:
        return value
    hours, minutes, *seconds = (int(part) for part in re.split("[:.h]", match["time"]))
    ampm = (match["ampm"] or "").lower().replace(".", "")
    if ampm == "pm" and hours < 12:
        hours += 12
    elif ampm == "am" and hours == 12:
        hours = 0
    if hours > 23 or minutes > 59:
        return value
    day = datetime.fromisoformat(value[:10])
    stamped = day.replace(hour=hours, minute=minutes, second=seconds[0] if seconds else 0)
    return stamped.replace(tzinfo=_zone(match["zone"].upper())).isoformat()


def _zone(name: str) -> tzinfo:
    if name in ZONE_NAMES:
        return ZoneInfo(ZONE_NAMES[name])
    if name in ("UTC", "GMT", "Z"):
        return UTC
    sign = -1 if name.startswith("-") else 1
    digits = name[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))


def same_day(first: FoundDate, second: FoundDate) -> bool:
    """Two ISO 8601 values on the same calendar day, as each states it."""
    return first.value[:10] == second.value[:10]


def parse_date(value: str | None) -> str | None:
    """ISO 8601 or RFC 2822 text → ISO 8601 with the offset it states (none when it states none), or None.

    A day without a clock time stays a day ("2024-05-14"): a midnight we added would claim a time the page
    never gave.
    """
    if not value:
        return None
    text = value.strip()
    try:
        parsed = datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith("Z") else text)
    except ValueError:
        pass
    else:
        return parsed.date().isoformat() if len(text) <= DAY_ONLY else parsed.isoformat()
    if not (YEAR.search(text) and CLOCK.search(text)):
        return None
    try:
        return date_parser.parse(text, tzinfos=_tzinfo_named).isoformat()
    except (ValueError, OverflowError):
        return None


def _tzinfo_named(name: str, offset: int | None) -> tzinfo | None:
    """dateutil's hook for zone names in text: "EST" and kin by their zone's rules, else the stated offset."""
    if name and name.upper() in ZONE_NAMES:
        return ZoneInfo(ZONE_NAMES[name.upper()])
    if name and name.upper() in ("UTC", "GMT", "Z"):
        return UTC
    return timezone(timedelta(seconds=offset)) if offset is not None else None


def _normalise(found: str) -> str:
    """htmldate's "%z" output ("+0000") as ISO 8601 ("+00:00"); a midnight without an offset as the day alone.

    htmldate writes a day it read without a clock time ("November 19, 2019") as midnight.
    """
    parsed = datetime.strptime(found, HTMLDATE_FORMAT if found[19:] else HTMLDATE_FORMAT[:-2])
    if parsed.tzinfo is None and parsed.time() == datetime.min.time():
        return parsed.date().isoformat()
    return parsed.isoformat()
