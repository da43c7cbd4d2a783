"""A line that is only the byline, and the author box that closes the body, leave the text (the names
are in `authors`); a sentence naming the author stays, and so does a line in the middle of the story."""

from __future__ import annotations

import pytest

import scraper
from scraper.extraction.bylines import without_bylines
from tests.support.blocks import paragraphs

STORY = [
    f"Paragraph {n} of the report explains how the city council weighed the budget for the new tram line, "
    "which districts it will serve first and when the work on the depot is expected to begin."
    for n in range(5)
]


@pytest.mark.parametrize(
    "line",
    [
        "By Jane Doe",
        "Written by Jane Doe",
        "by: Jane Doe, Dec. 17, 2025",
        "Jane Doe",
        "By Jane Doe and John Roe — 6 min read",
        "Von Jane Doe",
        "Di Jane Doe · 14 aprile 2026",
        "Por Jane Doe | 3 de março de 2026",
        "By Jane Doe jane.doe@dailyexample.com",
        "Von Jane Doe | 15.10.2023, 10:35 Uhr",
    ],
)
def test_a_byline_at_either_edge_of_the_body_is_dropped(line: str) -> None:
    for texts in ([line, *STORY], [*STORY, line]):
        kept, removed = without_bylines(paragraphs(texts), ["Jane Doe", "John Roe"])
        assert [block.text for block in kept] == STORY
        assert [(found.kind, found.rule, found.text) for found in removed] == [("other", "byline", line)]


def test_a_korean_byline_with_the_reporters_title_and_address_is_dropped() -> None:
    line = "김민수 기자 minsu@hanbit.example"
    kept, removed = without_bylines(paragraphs([*STORY, line]), ["김민수"])
    assert [block.text for block in kept] == STORY
    assert [(found.rule, found.text) for found in removed] == [("byline", line)]


@pytest.mark.parametrize(
    "line",
    [
        "Contact staff writer Jane Doe at 212-678-3595 or on Signal.",
        "Reporting by Jane Doe; editing by John Smith.",
        "Jane Doe, winner of the 2024 transport reporting award",
        "Thanks for reading, Jane Doe",
        "By John Smith",
    ],
)
def test_a_line_with_more_than_the_byline_stays(line: str) -> None:
    blocks = paragraphs([*STORY, line])
    kept, removed = without_bylines(blocks, ["Jane Doe"])
    assert kept == blocks
    assert removed == []


@pytest.mark.parametrize(
    "line",
    [
        "March 3, 2024",
        "Mar 03, 2024 • 11 Minute Read",
        "Updated: 2024-03-03 10:35",
        "2024年3月3日 10:35 来源：新华社",
        "sexta-feira, 3 de março de 2024 às 20:13",
    ],
)
def test_a_line_under_the_headline_showing_the_articles_date_is_dropped(line: str) -> None:
    kept, removed = without_bylines(paragraphs([line, *STORY]), [], "2024-03-03T10:35:00+00:00")
    assert [block.text for block in kept] == STORY
    assert [(found.rule, found.text) for found in removed] == [("dateline", line)]


@pytest.mark.parametrize(
    "line",
    [
        "March 4, 2024",
        "Allocating on the Stack, 3 March 2024",
        "Last edited by chunix64 (2024-03-03 15:15:18)",
        "Effective beginning March 3, 2024:",
        "The council met on March 3, 2024.",
    ],
)
def test_a_date_line_that_is_another_day_or_more_than_a_date_stays(line: str) -> None:
    blocks = paragraphs([line, *STORY])
    assert without_bylines(blocks, [], "2024-03-03") == (blocks, [])


def test_the_articles_date_at_the_end_of_the_body_stays() -> None:
    blocks = paragraphs([*STORY, "March 3, 2024"])
    assert without_bylines(blocks, [], "2024-03-03") == (blocks, [])


def test_the_name_in_the_middle_of_the_story_stays() -> None:
    blocks = paragraphs([*STORY[:3], "Jane Doe", *STORY[3:], *STORY])
    kept, _ = without_bylines(blocks, ["Jane Doe"])
    assert kept == blocks


def test_without_declared_authors_nothing_is_a_byline() -> None:
    blocks = paragraphs(["By Jane Doe", *STORY])
    assert without_bylines(blocks, []) == (blocks, [])


def test_a_body_that_is_only_the_byline_stays() -> None:
    blocks = paragraphs(["Jane Doe"])
    assert without_bylines(blocks, ["Jane Doe"]) == (blocks, [])


def test_the_byline_above_the_author_box_leaves_the_article_and_is_explained() -> None:
    story = "".join(f"<p>{text}</p>" for text in STORY)
    page = (
        '<html><head><title>Tram line budget</title><meta name="author" content="Jane Doe"></head><body>'
        f"<article><h1>Tram line budget</h1><p>By Jane Doe</p>{story}<p>Written by Jane Doe</p></article>"
        "</body></html>"
    )
    article = scraper.extract(page)
    assert article.authors == ("Jane Doe",)
    assert article.text == "\n\n".join(STORY)
    assert [(found.rule, found.text) for found in article.removed] == [
        ("byline", "By Jane Doe"),
        ("byline", "Written by Jane Doe"),
    ]


def test_the_author_box_that_closes_the_body_leaves_it() -> None:
    biography = [
        "Jane Doe is a transport reporter based in Lyon. She has covered the region's trams for ten years.",
        "When she is not reporting, Jane rides every new line on its first day.",
    ]
    kept, removed = without_bylines(paragraphs([*STORY, *biography]), ["Jane Doe"])
    assert [block.text for block in kept] == STORY
    assert [(found.rule, found.text) for found in removed] == [("author-bio", text) for text in biography]


def test_a_paragraph_opening_with_the_authors_name_inside_the_story_stays() -> None:
    blocks = paragraphs([*STORY[:2], "Jane Doe is one of the commuters who will ride the new line.", *STORY[2:]])
    assert without_bylines(blocks, ["Jane Doe"]) == (blocks, [])


def test_a_first_name_alone_opens_no_author_box() -> None:
    blocks = paragraphs([*STORY, "Jane is one of the commuters who will ride the new line every day."])
    assert without_bylines(blocks, ["Jane"]) == (blocks, [])
