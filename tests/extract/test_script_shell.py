"""A page whose HTML is a script-built shell: a dated post's declared description stands in for its body."""

from __future__ import annotations

import pytest

from scraper import extract
from scraper.errors import NoContentError

OPENING = (
    "Our allotment committee has finally agreed on the new water rota. From April each plot holder takes one "
    "week of evening watering for the shared beds, and the key to the tap box moves with the rota."
)


def shell(description: str | None, *, published: str | None = "2025-02-14T09:30:00+00:00", body: str = "") -> str:
    head = "<title>New water rota agreed - Allotment Forum</title>"
    if description is not None:
        head += f'<meta name="description" content="{description}">'
    if published is not None:
        head += f'<meta property="article:published_time" content="{published}">'
    return (
        f"<html><head>{head}<script src='/app.js'></script></head>"
        f"<body><div id='app'><div class='loader'></div></div>{body}</body></html>"
    )


def test_a_dated_shell_gives_its_description_as_the_text() -> None:
    article = extract(shell(OPENING))

    assert article.description_only
    assert article.text == OPENING
    assert article.date == "2025-02-14T09:30:00+00:00"
    assert article.markdown.endswith(OPENING)


def test_a_description_escaped_twice_reads_as_text() -> None:
    article = extract(shell(OPENING.removesuffix(".") + "&amp;hellip;"))

    assert article.text.endswith("the key to the tap box moves with the rota…")


def test_markdown_specials_in_the_description_stay_literal() -> None:
    article = extract(shell(OPENING.replace("shared beds", "*shared* beds")))

    assert "*shared* beds" in article.text
    assert r"\*shared\* beds" in article.markdown


def test_a_shell_that_declares_no_date_is_refused() -> None:
    """An app's landing page or a site's error page: the description is the site's, not a post's."""
    with pytest.raises(NoContentError):
        extract(shell(OPENING, published=None))


@pytest.mark.parametrize(
    "description",
    [
        "Smarter gardening, better harvests! Allotments.example",
        "A place for plot holders to talk about seeds and sheds and the weather and the rota and",
    ],
    ids=["a slogan", "no sentence"],
)
def test_a_description_that_is_no_post_opening_stands_in_for_nothing(description: str) -> None:
    with pytest.raises(NoContentError):
        extract(shell(description))


def test_a_page_with_a_body_keeps_its_body() -> None:
    body = "<article><p>The rota starts in April.</p><p>Every plot holder waters for one week.</p></article>"

    article = extract(shell(OPENING, body=body))

    assert not article.description_only
    assert "Every plot holder waters for one week." in article.text
    assert OPENING not in article.text
