"""The article's language: as the page declares it, else detected from its text by CLD2 (pycld2).

CLD2, Chromium's compact detector, was chosen over py3langid: measured here, py3langid loads its
model in 0.9 s and adds 75 MB to every process that detects (numpy and OpenBLAS), which a crawler's
extraction worker under a memory ceiling cannot afford; pycld2 imports in 2 ms, adds a few MB and
answers in about 0.1 ms.
"""

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
    """The language CLD2 finds in the text, when there is enough text and it is sure."""
    if len(text) < MIN_DETECT_CHARS:
        return FoundLanguage()
    import pycld2  # imported here: only pages that declare no language need it

    try:
        reliable, _, details = pycld2.detect(text[:DETECT_CHARS])
    except pycld2.error:  # text CLD2 cannot read (invalid UTF-8 from lone surrogates): no guess
        return FoundLanguage()
    code = language_code(details[0][1]) if reliable and details else None
    return FoundLanguage(code, "detected (CLD2)") if code and code != "un" else FoundLanguage()
