"""WordScan finds literal words as an alternation of them would, at word boundaries when asked; WordIndex
gathers what every word a text holds stands for."""

from __future__ import annotations

import re

import pytest

from scraper.extraction.patterns import WordIndex, WordScan

WORDS = ("ad", "adblock", "block", "share", "shares", "social", "cmp")


@pytest.mark.parametrize(
    "text",
    [
        "adblock-notice share-bar",
        "leadblock shares socialshare",
        "ad adblockad blockade",
        "cmp-text\ncmp-teaser\ncmp",
        "",
    ],
)
@pytest.mark.parametrize(("opens", "closes"), [(False, False), (True, False), (True, True)])
def test_finds_what_the_alternation_finds(text: str, opens: bool, closes: bool) -> None:
    alternation = "|".join(sorted(WORDS, key=len, reverse=True))
    pattern = f"{'(?<![a-z0-9])' if opens else ''}(?:{alternation}){'(?![a-z0-9])' if closes else ''}"
    expected = [(match.start(), match.group()) for match in re.finditer(pattern, text)]
    assert WordScan(WORDS, opens=opens, closes=closes).find(text) == expected


def test_a_stem_opening_a_word_is_found_but_not_one_inside_it() -> None:
    scan = WordScan(WORDS, opens=True)
    assert scan.find("adblock-notice") == [(0, "adblock")]
    assert scan.find("leadblock") == []


def test_a_token_must_be_a_whole_word() -> None:
    scan = WordScan(WORDS, opens=True, closes=True)
    assert scan.find("share-bar shares sharebar") == [(0, "share"), (10, "shares")]


def test_the_longest_word_at_the_leftmost_place_wins_and_matches_do_not_overlap() -> None:
    assert WordScan(WORDS).find("adblockshares") == [(0, "adblock"), (7, "shares")]


def test_an_index_gathers_the_numbers_of_every_word_held_overlapping_ones_too() -> None:
    index = WordIndex({"read": [1], "reader": [2], "support": [3, 4], "port": [5]})
    assert index.numbers_in("dear readers, your support") == {1, 2, 3, 4, 5}
    assert index.numbers_in("nothing here") == set()
