"""The article's language: as the page declares it, else detected from its text by py3langid."""

from __future__ import annotations

from dataclasses import dataclass

MIN_DETECT_CHARS = 200
"""Below this, a detector's guess is noise (a caption, a headline list): no language rather than a wrong one."""

DETECT_CHARS = 5000
"""The detector's answer is settled by the first few paragraphs; reading more only costs time."""


@dataclass(frozen=True)
class FoundLanguage:
    """An ISO 639-1 code and where it came from, for `--explain`."""

    code: str | None = None
    source: str | None = None


def language_code(raw: str | None) -> str | None:
    """'en-GB', 'pt_BR', 'EN' → 'en', 'pt', 'en'; None for what is not a language tag."""
    if not raw:
        return None
    code = raw.replace("_", "-").split("-")[0].strip().lower()
    return code if code.isalpha() and 2 <= len(code) <= 3 else None


def detect_language(text: str) -> FoundLanguage:
    """The language py3langid finds in the text, when there is enough text to tell."""
    if len(text) < MIN_DETECT_CHARS:
        return FoundLanguage()
    # imported here: py3langid loads its model (~3 s) on first use, paid only by pages that declare no language
    import py3langid

    code, _ = py3langid.classify(text[:DETECT_CHARS])
    return FoundLanguage(str(code), "detected (py3langid)")
