"""A page printed twice (one copy per responsive layout) comes out once; short repeats stay; a thread's
replies do not repeat the posts they quote."""

from __future__ import annotations

import scraper
from scraper.extraction.blocks import Block
from scraper.extraction.repeats import without_quoted_posts, without_repeated_runs
from tests.support.blocks import paragraphs

STORY = [
    f"Paragraph {n} of the renovation guide explains what the work costs in the coastal cities, "
    "why labour is the largest share of the bill and which permits a homeowner must file first."
    for n in range(12)
]


def test_a_second_copy_of_the_article_is_dropped() -> None:
    blocks = paragraphs(["Renovation costs", *STORY, "Renovation costs", *STORY, "8407 Central Ave"])
    kept = [block.text for block in without_repeated_runs(blocks)]
    assert kept == ["Renovation costs", *STORY, "8407 Central Ave"]


def test_repeated_lines_of_a_schedule_stay() -> None:
    week = ["Tuesday: intense run", "Warm up: ten minutes of easy jogging", "Cool down: five minutes of walking"]
    blocks = paragraphs([*week, "Thursday: steady run", *week, "Sunday: long run", *week])
    assert len(without_repeated_runs(blocks)) == len(blocks)


def test_a_page_rendered_once_per_layout_reads_once() -> None:
    copy = "".join(f"<p>{text}</p>" for text in STORY)
    page = (
        "<html><body><main>"
        f'<div class="layout-mobile"><h1>Renovation costs</h1>{copy}</div>'
        f'<div class="layout-desktop"><h1>Renovation costs</h1>{copy}</div>'
        "</main></body></html>"
    )
    text = scraper.extract(page).text
    assert text.count("Paragraph 11 of the renovation guide") == 1


POST = "The ferry from the old harbour leaves at seven, and the later boats are cancelled whenever the wind turns."


def test_a_reply_quoting_an_earlier_post_keeps_its_own_words_only() -> None:
    blocks = [
        Block("paragraph", POST, POST),
        Block("quote", f"3 hours ago, lena said: {POST}", POST),
        Block("paragraph", "Take the seven o'clock one then.", "Take the seven o'clock one then."),
    ]
    kept, quoted = without_quoted_posts(blocks)
    assert [block.text for block in kept] == [POST, "Take the seven o'clock one then."]
    assert [(block.rule, block.text) for block in quoted] == [("quoted-post", f"3 hours ago, lena said: {POST}")]


def test_quotes_that_repeat_nothing_or_too_little_stay() -> None:
    saying = "A harbour is a promise the sea keeps for a while."
    blocks = [
        Block("paragraph", f"Link is private. {POST}", POST),
        Block("quote", "lena said: Link is private.", "Link is private."),
        Block("quote", saying, saying),
        Block("paragraph", POST, POST),
    ]
    kept, quoted = without_quoted_posts(blocks)
    assert kept == blocks
    assert quoted == []
