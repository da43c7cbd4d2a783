"""Fast matching of many literal words: one regular expression shaped as a trie.

Python's `re` tries each branch of `a|b|c…` at every position; sharing the
prefixes of the branches makes scanning for hundreds of words several times
cheaper, which matters on the extractor's hot path.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_END = ""


def literal_trie(words: Iterable[str]) -> str:
    """A regular expression matching exactly the given literal words."""
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[_END] = {}
    return _branch(trie) if trie else "(?!)"


def _branch(node: dict[str, dict]) -> str:
    alternatives = [re.escape(char) + _branch(child) for char, child in sorted(node.items()) if char != _END]
    if not alternatives:
        return ""
    body = alternatives[0] if len(alternatives) == 1 else f"(?:{'|'.join(alternatives)})"
    return f"(?:{body})?" if _END in node else body
