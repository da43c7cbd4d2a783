"""Text decoded twice over is repaired; text that was decoded right, in any script, is left as written."""

from __future__ import annotations

import pytest

import scraper
from scraper.extraction.mojibake import repaired


@pytest.mark.parametrize(
    ("damaged", "meant"),
    [
        ("the computerâ€™s memory", "the computer’s memory"),
        ("rankingsâ€”itâ€™s about", "rankings—it’s about"),
        ("un Ã©tÃ© Ã  Paris", "un été à Paris"),
        ("we\x92re so used to it", "we’re so used to it"),
        ("Ð¿Ñ€Ð¸Ð²ÐµÑ‚", "привет"),
    ],
)
def test_text_decoded_twice_is_repaired(damaged: str, meant: str) -> None:
    assert repaired(damaged) == meant


@pytest.mark.parametrize(
    "text",
    [
        'Plain ASCII, "straight" quotes and a -- dash.',
        "Zürich – Genève, naïve «très» 2,5 €, “curly” quotes and an ﬁ ligature",
        "Привет, мир. Καλημέρα. こんにちは。",
        "Â is a letter in Romanian: Âmbele.",
    ],
)
def test_text_decoded_right_is_left_as_written(text: str) -> None:
    assert repaired(text) == text


def test_an_articles_body_and_headline_are_repaired() -> None:
    sentence = "Itâ€™s the first frost of the year, and the cityâ€™s gardeners are already covering their beds."
    page = (
        "<html><head><title>Gardenersâ€™ guide to frost</title></head><body><main>"
        f"<h1>Gardenersâ€™ guide to frost</h1><p>{sentence}</p><p>{sentence}</p></main></body></html>"
    )
    article = scraper.extract(page)
    assert article.title == "Gardeners’ guide to frost"
    assert article.text.split("\n\n")[0] == sentence.replace("â€™", "’")
    assert "â€" not in article.markdown


def test_text_from_another_tool_is_repaired_too() -> None:
    article = scraper.clean_text(
        "Gardenersâ€™ guide to frost\n\n"
        "Itâ€™s the first frost of the year, and the cityâ€™s gardeners are already covering their beds."
    )
    assert "’" in article.text
    assert "â€" not in article.text + (article.title or "")
