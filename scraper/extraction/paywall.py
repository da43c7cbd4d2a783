"""Paywall detection: label access and truncation from what the page declares and shows. Never bypass."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from lxml import html as lxml_html

from scraper.extraction.classify import find_hits
from scraper.extraction.declared import count_words, declared_words
from scraper.extraction.dom_chrome import select
from scraper.extraction.structured import StructuredData, as_text
from scraper.models import AccessInfo, AccessStatus, RemovedBlock

METER_RULE = "limit-reached"
"""A meter counts what was read ('You have 2 free articles left'): the only evidence for 'metered'.

A 'Subscribe' button, a newsletter box, a comment-notification checkbox or a privacy notice sells
or asks something; none of them withholds the article, so none of them labels the page.
"""
TRUNCATION_RATIO = 1.5
"""The page declares at least this many times the words we extracted: we only have a teaser."""

TRUNCATION_MIN_MISSING_WORDS = 60
GATED_ELEMENT_MIN_CHARS = 200
"""A gated element (schema.org hasPart.cssSelector) with less text than this is empty: the body is withheld."""

_TIERS: dict[str, AccessStatus] = {"free": "free", "metered": "metered", "locked": "paywalled", "premium": "paywalled"}


def gated_selectors(data: StructuredData) -> tuple[str, ...]:
    """CSS selectors of the parts the page declares as not free (schema.org hasPart)."""
    parts = data.article.get("hasPart", [])
    parts = parts if isinstance(parts, list) else [parts]
    return tuple(
        selector
        for part in parts
        if isinstance(part, dict) and _is_false(part.get("isAccessibleForFree"))
        for selector in [as_text(part.get("cssSelector"))]
        if selector
    )


def judge_access(
    tree: lxml_html.HtmlElement,
    data: StructuredData,
    *,
    text: str,
    removed: Sequence[RemovedBlock],
) -> AccessInfo:
    """Combine declared access, gated markup, declared length and paywall prompts into one label."""
    evidence: list[str] = []
    declared = _declared_status(data, evidence)
    truncated = _gated_parts_missing(tree, data, evidence) | _declared_length_missing(data, text, evidence)
    walls = [block for block in removed if block.kind == "paywall"]
    if walls:
        evidence.append(f"paywall prompt removed ({walls[0].rule})")
    if declared is not None:
        status = declared
    elif truncated:
        status = "paywalled"
    elif any(_counts_reads(block) for block in removed):
        evidence.append("a meter of free articles removed")
        status = "metered"
    else:
        status = "unknown"
    if status == "paywalled" and walls and not truncated and declared == "paywalled":
        truncated = True
        evidence.append("not free, and the text ends at a paywall prompt")
    return AccessInfo(status=status, truncated=truncated, evidence=tuple(evidence))


def _counts_reads(block: RemovedBlock) -> bool:
    return block.rule == METER_RULE or any(hit.rule == METER_RULE for hit in find_hits(block.text))


def _declared_status(data: StructuredData, evidence: list[str]) -> AccessStatus | None:
    free = data.article.get("isAccessibleForFree")
    if free is not None:
        evidence.append(f"schema.org isAccessibleForFree={str(free).lower()}")
        if _is_false(free):
            return "paywalled"
        if _is_true(free):
            return "free"
    tier = (data.first_meta("article:content_tier") or "").lower()
    if tier in _TIERS:
        evidence.append(f"article:content_tier={tier}")
        return _TIERS[tier]
    return None


def _gated_parts_missing(tree: lxml_html.HtmlElement, data: StructuredData, evidence: list[str]) -> bool:
    for selector in gated_selectors(data):
        elements = select(tree, selector)
        chars = sum(len(" ".join(element.text_content().split())) for element in elements)
        if chars < GATED_ELEMENT_MIN_CHARS:
            evidence.append(f"gated part {selector!r} is {'empty' if elements else 'missing'}")
            return True
    return False


def _declared_length_missing(data: StructuredData, text: str, evidence: list[str]) -> bool:
    declared = declared_words(data)
    if not declared:
        return False
    extracted = count_words(text)
    if declared >= TRUNCATION_RATIO * extracted and declared - extracted >= TRUNCATION_MIN_MISSING_WORDS:
        evidence.append(f"page declares {declared} words, {extracted} extracted")
        return True
    return False


def _is_false(value: Any) -> bool:
    return value is False or str(value).strip().lower() == "false"


def _is_true(value: Any) -> bool:
    return value is True or str(value).strip().lower() == "true"
