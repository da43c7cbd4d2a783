"""Fast matching of many literal words: an Aho-Corasick automaton reads the text once.

Python's `re` tries an alternation of hundreds of words at every position of the text, even shaped as
a trie; the automaton (pyahocorasick, in C) reads each character once and reports every occurrence.
Measured on the ScrapingHub pages: the four scans of the DOM chrome stage over a median page's class and
id names took 0.32 ms as regular expressions, 0.18 ms this way, with the same matches; the classifier's
search for its trigger words, 24.7 ms for the blocks of 60 pages, 5.6 ms.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import ahocorasick

WORD_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")
"""What continues a word of lower-cased names: a match beside one of these is inside a longer word."""


class WordScan:
    """Literal words found in lower-cased text as `re.finditer` finds an alternation of them: the leftmost
    first, the longest there, none overlapping the one before; `opens` and `closes` ask that a word be
    found at the start or end of a word of the text, not inside one ('leadblock' holds no 'adblock')."""

    def __init__(self, words: Iterable[str], *, opens: bool = False, closes: bool = False) -> None:
        self._automaton = ahocorasick.Automaton()
        for word in words:
            self._automaton.add_word(word, len(word))
        self._automaton.make_automaton()
        self._opens, self._closes = opens, closes

    def find(self, text: str) -> list[tuple[int, str]]:
        """The (offset, word) of each match, in the order of the text."""
        candidates = []
        for last, length in self._automaton.iter(text):
            start = last - length + 1
            if self._opens and start and text[start - 1] in WORD_CHARACTERS:
                continue
            if self._closes and text[last + 1 : last + 2] in WORD_CHARACTERS:
                continue
            candidates.append((start, -length))
        found: list[tuple[int, str]] = []
        free_from = 0
        for start, negative_length in sorted(candidates):
            if start >= free_from:
                free_from = start - negative_length
                found.append((start, text[start:free_from]))
        return found


class WordIndex:
    """Literal words, each standing for some numbers: `numbers_in` gathers the numbers of every word a text
    holds, words that overlap or start inside one another included."""

    def __init__(self, numbers_by_word: Mapping[str, Iterable[int]]) -> None:
        self._automaton = ahocorasick.Automaton()
        for word, numbers in numbers_by_word.items():
            self._automaton.add_word(word, frozenset(numbers))
        self._automaton.make_automaton()

    def numbers_in(self, text: str) -> set[int]:
        found: set[int] = set()
        for _, numbers in self._automaton.iter(text):
            found |= numbers
        return found
