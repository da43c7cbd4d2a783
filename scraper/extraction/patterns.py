"""Fast matching of many literal words: an Aho-Corasick automaton reads the text once.

Python's `re` tries an alternation of hundreds of words at every position of the text, even shaped as
a trie; the automaton (pyahocorasick, in C) reads each character once and reports every occurrence.
Measured on the class and id names of the ScrapingHub pages: the four scans of the DOM chrome stage
took 0.32 ms of a median page as regular expressions, 0.18 ms this way, with the same matches.
"""

from __future__ import annotations

from collections.abc import Iterable

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
