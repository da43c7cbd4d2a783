"""Hub detection and the length rule: refuse only a river of linked headlines, or a page without a sentence."""

from __future__ import annotations

import pytest

import scraper
from scraper.extraction.blocks import word_count

CARD = '<li><a href="/news/{n}"><h3>Council votes on housing plan {n}</h3></a><span>2 hours ago</span></li>'
CARDS = "".join(CARD.format(n=n) for n in range(12))
HUB = f"<html><body><main><h1>City</h1><ul>{CARDS}</ul></main></body></html>"


def test_a_river_of_linked_headlines_is_a_hub_and_its_list_comes_back() -> None:
    article = scraper.extract(HUB)
    assert article.hub
    assert "Council votes on housing plan 11" in article.text


def test_an_article_is_not_a_hub() -> None:
    paragraphs = "".join(
        f"<p>The council met for the {n}th time and voted on the housing plan at last.</p>" for n in range(6)
    )
    assert not scraper.extract(f"<html><body><article><h1>Vote</h1>{paragraphs}</article></body></html>").hub


def test_a_recipe_is_a_list_but_not_a_hub() -> None:
    ingredients = "".join(
        f"<li>{line}</li>"
        for line in ("2 cups flour", "1 tsp salt", "3 eggs", "250 ml milk", "1 tbsp butter", "a pinch of sugar")
    )
    html = (
        "<html><body><article><h1>Simple pancakes</h1><h2>Ingredients</h2>"
        f"<ul>{ingredients}</ul><h2>Method</h2><ol><li>Whisk the flour and salt.</li>"
        "<li>Beat in the eggs and the milk.</li><li>Fry in butter until golden.</li></ol></article></body></html>"
    )
    article = scraper.extract(html)
    assert "250 ml milk" in article.text
    assert "Fry in butter until golden." in article.text


def test_a_numbered_list_article_of_linked_entries_with_prose_is_an_article() -> None:
    entries = "".join(
        f'<h2>{n}. <a href="/shop/{n}">Product {n}</a></h2><p>This one is sturdy, cheap and easy to clean, and it '
        f"lasted the whole test season without a scratch on it.</p>"
        for n in range(1, 8)
    )
    article = scraper.extract(f"<html><body><article><h1>The best kettles</h1>{entries}</article></body></html>")
    assert "7. Product 7" in article.text


def test_a_one_sentence_notice_comes_back() -> None:
    article = scraper.extract("<html><body><main><p>The office is closed today.</p></main></body></html>")
    assert article.text == "The office is closed today."


@pytest.mark.parametrize(
    "notice",
    [
        "आज कार्यालय बंद है।",  # Hindi: the danda after a vowel sign
        "আজ অফিস বন্ধ থাকবে।",  # Bengali
        "آج دفتر بند رہے گا۔",  # Urdu full stop
        "ዛሬ ቢሮው ዝግ ነው።",  # Amharic full stop
        "ဒီနေ့ ရုံး ပိတ်ပါမည်။",  # Myanmar full stop
    ],
    ids=["hindi", "bengali", "urdu", "amharic", "myanmar"],
)
def test_a_one_sentence_notice_comes_back_in_scripts_with_their_own_full_stop(notice: str) -> None:
    article = scraper.extract(f"<html><body><main><p>{notice}</p></main></body></html>")
    assert article.text == notice


def test_a_fragment_without_a_sentence_is_refused() -> None:
    with pytest.raises(scraper.NoContentError, match="too little"):
        scraper.extract("<html><body><main><p>Shopping for...</p></main></body></html>")


def test_words_are_counted_in_scripts_written_without_spaces() -> None:
    assert word_count("The cat sat") == 3
    assert word_count("今日は雨が降りました") == 5
    assert word_count("東京 Tokyo") == 2
    assert word_count("시의회는 어제 예산안을 통과시켰다") == 8  # 15 Hangul syllables
