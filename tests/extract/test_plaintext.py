"""Plain text input: leading chrome, title, byline and hard-wrapped paragraphs."""

from __future__ import annotations

import pytest

import scraper
from scraper.extraction.plaintext import parse_text


def test_title_and_byline_are_lifted_after_leading_chrome() -> None:
    document = parse_text("×\nSupport us\n\nA Headline Here\n\nBy Jane Doe\n\nFirst paragraph of the story.\n\nSecond.")
    assert document.title == "A Headline Here"
    assert document.authors == ("Jane Doe",)
    assert [block.text for block in document.leading] == ["×", "Support us"]
    assert [block.text for block in document.blocks] == ["First paragraph of the story.", "Second."]


def test_hard_wrapped_prose_is_joined_into_one_paragraph() -> None:
    text = (
        "A Headline\n\n"
        "The council met on Tuesday evening to discuss the new budget and\n"
        "approved it after a long debate that lasted well past midnight in\n"
        "the old town hall.\n\nSecond paragraph."
    )
    blocks = parse_text(text).blocks
    assert blocks[0].text.startswith("The council met") and blocks[0].text.endswith("old town hall.")


def test_markdown_style_lists_and_headings_are_recognised() -> None:
    blocks = parse_text("Title\n\n## Section\n\n- one\n- two\n\nText of the section goes here.").blocks
    assert [block.kind for block in blocks] == ["heading", "item", "item", "paragraph"]


def test_clean_text_of_nothing_is_no_content() -> None:
    with pytest.raises(scraper.NoContentError):
        scraper.clean_text("   \n\n ")


def test_clean_text_refuses_bytes_with_a_clear_error() -> None:
    with pytest.raises(scraper.ScraperError):
        scraper.clean_text(b"bytes")  # type: ignore[arg-type]
