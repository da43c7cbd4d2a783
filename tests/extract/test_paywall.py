"""Access labels: what the page declares, what is missing, and the prompts we removed."""

from __future__ import annotations

import json

from lxml import html as lxml_html

from scraper.extraction.paywall import judge_access
from scraper.extraction.structured import read_structured_data
from scraper.models import RemovedBlock

BODY = "<p>" + "A sentence of the article that everyone can read. " * 4 + "</p>"


def access(article_ld: dict | None = None, *, body: str = BODY, meta: str = "", removed=()):  # type: ignore[no-untyped-def]
    ld = f'<script type="application/ld+json">{json.dumps(article_ld)}</script>' if article_ld else ""
    tree = lxml_html.fromstring(f"<html><head>{meta}{ld}</head><body>{body}</body></html>")
    text = " ".join(tree.find("body").text_content().split())
    return judge_access(tree, read_structured_data(tree), text=text, removed=list(removed))


def test_nothing_declared_and_nothing_seen_is_unknown() -> None:
    info = access()
    assert (info.status, info.truncated, info.evidence) == ("unknown", False, ())


def test_declared_free() -> None:
    assert access({"@type": "NewsArticle", "isAccessibleForFree": True}).status == "free"


def test_declared_not_free_with_the_gated_part_missing_is_a_truncated_paywall() -> None:
    info = access(
        {
            "@type": "NewsArticle",
            "isAccessibleForFree": "False",
            "hasPart": {"@type": "WebPageElement", "isAccessibleForFree": False, "cssSelector": ".premium"},
        },
        body=BODY + '<div class="premium"></div>',
    )
    assert info.status == "paywalled"
    assert info.truncated
    assert any(".premium" in item for item in info.evidence)


def test_declared_not_free_but_the_gated_part_is_present_is_not_truncated() -> None:
    info = access(
        {
            "@type": "NewsArticle",
            "isAccessibleForFree": False,
            "hasPart": {"@type": "WebPageElement", "isAccessibleForFree": False, "cssSelector": ".premium"},
        },
        body=f'<div class="premium">{BODY}{BODY}</div>',
    )
    assert (info.status, info.truncated) == ("paywalled", False)


def test_content_tier_meta() -> None:
    assert access(meta='<meta property="article:content_tier" content="metered">').status == "metered"
    assert access(meta='<meta property="article:content_tier" content="locked">').status == "paywalled"


def test_a_declared_word_count_far_above_the_text_means_truncated() -> None:
    info = access({"@type": "NewsArticle", "wordCount": 900})
    assert (info.status, info.truncated) == ("paywalled", True)


def test_a_whole_chinese_article_whose_declared_count_is_its_characters_is_not_truncated() -> None:
    sentence = "北京市政府今天宣布，将在未来五年内投资建设新的地铁线路，以缓解城市交通拥堵问题。"
    body = f"<p>{sentence * 12}</p>"
    info = access({"@type": "NewsArticle", "wordCount": len(sentence) * 12, "isAccessibleForFree": False}, body=body)
    assert (info.status, info.truncated) == ("paywalled", False)
    half = access({"@type": "NewsArticle", "wordCount": len(sentence) * 24, "isAccessibleForFree": False}, body=body)
    assert half.truncated


def test_a_meter_of_free_articles_is_the_evidence_for_metered() -> None:
    info = access(removed=[RemovedBlock("paywall", "attribute:paywall", "You have 2 free articles left this month")])
    assert info.status == "metered"
    assert not info.truncated


def test_a_wall_prompt_without_a_meter_or_missing_text_says_nothing_certain() -> None:
    info = access(removed=[RemovedBlock("paywall", "sign-in", "Sign in to keep reading")])
    assert (info.status, info.truncated) == ("unknown", False)
    assert "paywall prompt removed (sign-in)" in info.evidence


def test_a_newsletter_subscribe_button_is_not_a_paywall() -> None:
    info = access(removed=[RemovedBlock("newsletter", "attribute:newsletter", "Subscribe")])
    assert (info.status, info.evidence) == ("unknown", ())


def test_register_walls_are_paywall_prompts_in_several_languages() -> None:
    from scraper.extraction.classify import classify

    for prompt in (
        "Subscribe to keep reading",
        "Um weiterzulesen, melden Sie sich an",
        "Pour lire la suite, abonnez-vous",
        "Para seguir leyendo, suscríbete",
        "Per continuare a leggere, abbonati ora",
        "Om verder te lezen, word abonnee",
        "Aby czytać dalej, wykup subskrypcję",
        "Conteúdo exclusivo para assinantes",
    ):
        verdict = classify(prompt)
        assert verdict is not None and verdict.kind in ("paywall", "subscription"), prompt
