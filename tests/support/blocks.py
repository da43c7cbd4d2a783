"""Blocks as the main-content stage hands them on, for tests of the stages after it."""

from __future__ import annotations

from scraper.extraction.blocks import Block


def paragraphs(texts: list[str]) -> list[Block]:
    """One plain paragraph per text, without links or formatting."""
    return [Block("paragraph", text, text) for text in texts]
