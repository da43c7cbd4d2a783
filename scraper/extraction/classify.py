"""The paragraph classifier: is this block an appeal or call to action, and of which kind?

It looks at one block's text only; where a block sits (edges, neighbours, links)
is the text chrome stage's business. Pure and cheap: one pass over the block
finds the rules' trigger words, and only the rules whose triggers occur are tried.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scraper.extraction.blocks import word_count
from scraper.extraction.patterns import WordIndex
from scraper.extraction.vocabulary import CONTROL_LABELS, STRONG, TEASER_HEADINGS, TEXT_RULES
from scraper.models import ChromeKind

MAX_CLASSIFIED_CHARS = 1200
"""Longer blocks are article prose: appeals are short, and scanning prose costs time."""

SHORT_WORDS = 35
"""Up to this many words, one strong phrase makes a block chrome."""

MEDIUM_WORDS = 80
"""Up to this many words, two phrases (one strong) are needed; longer blocks need a dense cluster."""

_PATTERNS = [re.compile(rule.pattern, re.MULTILINE) for rule in TEXT_RULES]


def _trigger_index() -> WordIndex:
    """Every trigger with the places in TEXT_RULES of the rules it belongs to: one pass over a block finds them all,
    0.3 ms of a 13 ms ScrapingHub page less than a regular expression tried at every position (see `patterns`)."""
    rules: dict[str, set[int]] = {}
    for index, rule in enumerate(TEXT_RULES):
        for trigger in rule.triggers:
            rules.setdefault(trigger, set()).add(index)
    return WordIndex(rules)


_TRIGGERS = _trigger_index()
_TEASER_HEADING = re.compile(TEASER_HEADINGS)
_OPENING_QUOTES = ("“", "„", "«")
_CLOSING_QUOTES = ("”", "»")
_LABEL_STRIP = " \t.:!?…·|-–—>»›"


@dataclass(frozen=True)
class Hit:
    """One chrome phrase found in a block."""

    kind: ChromeKind
    strength: int
    rule: str


@dataclass(frozen=True)
class Verdict:
    """Why a block is chrome: its kind and the rule that decided."""

    kind: ChromeKind
    rule: str


def find_hits(text: str) -> list[Hit]:
    """All chrome phrases in `text`, at most one per rule name (a rule may be written once per language)."""
    if len(text) > MAX_CLASSIFIED_CHARS:
        return []
    lowered = text.lower()
    candidates = _TRIGGERS.numbers_in(lowered)
    hits = []
    named: set[str] = set()
    for index in sorted(candidates):  # in the vocabulary's order
        rule = TEXT_RULES[index]
        if rule.name in named:
            continue
        match = _PATTERNS[index].search(lowered)
        if match and not _inside_quotes(lowered, match.start()):
            hits.append(Hit(rule.kind, rule.strength, rule.name))
            named.add(rule.name)
    return hits


def _inside_quotes(text: str, position: int) -> bool:
    """An appeal inside quotation marks is somebody's words in the story, not the site's prompt."""
    before = text[:position]
    opened = sum(before.count(mark) for mark in _OPENING_QUOTES) - sum(before.count(mark) for mark in _CLOSING_QUOTES)
    return opened > 0 or before.count('"') % 2 == 1


def classify(text: str, *, at_edge: bool = False) -> Verdict | None:
    """Judge a block on its own; `at_edge` lets one weak phrase count at the article's start or end."""
    return judge(text, find_hits(text), at_edge=at_edge)


def judge(text: str, hits: list[Hit], *, at_edge: bool) -> Verdict | None:
    """The verdict for a block whose hits are already known."""
    if not hits:
        return None
    words = word_count(text)
    score = sum(hit.strength for hit in hits)
    strongest = max(hits, key=lambda hit: hit.strength)
    has_strong = strongest.strength >= STRONG
    if words <= SHORT_WORDS:
        decided = score >= STRONG or (at_edge and score >= 1)
    elif words <= MEDIUM_WORDS:
        decided = has_strong and score >= STRONG + 1
    else:
        decided = has_strong and len(hits) >= 3 and score * 20 >= words
    return Verdict(strongest.kind, strongest.rule) if decided else None


def is_control_label(text: str) -> bool:
    """Buttons and toggles that leak into text: 'Once', 'Monthly', '×', 'Remind me later'."""
    return text.strip(_LABEL_STRIP).lower() in CONTROL_LABELS or (len(text) <= 2 and not text.isalnum())


def is_teaser_heading(text: str) -> bool:
    """A label that opens a list of related links ('Related', 'More from …', 'Читайте также')."""
    return len(text) <= 80 and bool(_TEASER_HEADING.match(text.strip(_LABEL_STRIP).lower()))
