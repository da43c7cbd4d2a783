"""Items 6 and 13: pages built to break the HTML parser still give their article, quickly.

Each case is generated (a few lines, not stored megabytes), written to a file and given to the
real command; the article's paragraphs must come out, within the case's time limit.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from scraper.cli import exit_codes
from tests.hostile.conftest import run_scraper

PARAGRAPHS = "".join(
    f"<p>Paragraph {number} about the harbour board and the ferry timetable, which residents of the "
    f"island say leaves them stranded every winter.</p>"
    for number in range(6)
)


def _page(body: str, head: str = "") -> str:
    return (
        f"<html><head><title>Harbour</title>{head}</head><body><article><h1>Harbour</h1>{body}</article></body></html>"
    )


HOSTILE_PAGES: dict[str, Callable[[], str]] = {
    "reference-to-control-1": lambda: _page(PARAGRAPHS + "<p>a &#1; b</p>"),
    "reference-to-backspace-first": lambda: _page("&#8;" + PARAGRAPHS),
    "reference-to-escape-inside": lambda: _page(PARAGRAPHS.replace("board", "board &#27;")),
    "reference-to-noncharacter": lambda: _page(PARAGRAPHS + "&#xFFFE;&#x0;&#1114112;"),
    "255-unclosed-b": lambda: _page("<b>" * 255 + PARAGRAPHS),
    "300-unclosed-FONT": lambda: _page("<FONT size=2>" * 300 + PARAGRAPHS),
    "json-ld-text-node-over-10-million": lambda: _page(
        PARAGRAPHS,
        head='<script type="application/ld+json">{"@type": "NewsArticle", "articleBody": "'
        + "a" * 10_100_000
        + '"}</script>',
    ),
    "80-nested-layout-tables": lambda: _page(
        "<table><tr><td><a href='/'>Home</a></td><td>" * 80 + PARAGRAPHS * 500 + "</td></tr></table>" * 80
    ),
    "200k-line-breaks": lambda: _page("<div>" + "<br>" * 200_000 + "</div>" + PARAGRAPHS),
    "200k-attributes": lambda: _page("<div " + " ".join(f"a{n}=1" for n in range(200_000)) + ">x</div>" + PARAGRAPHS),
    "200k-attributes-behind-a-quoted-gt": lambda: _page(
        '<div title="a>b" ' + " ".join(f'a{n}="x>y"' for n in range(200_000)) + ">x</div>" + PARAGRAPHS
    ),
}


@pytest.mark.parametrize("make", HOSTILE_PAGES.values(), ids=HOSTILE_PAGES.keys())
def test_a_page_built_to_break_the_parser_still_gives_its_article(tmp_path: Path, make: Callable[[], str]) -> None:
    page = tmp_path / "page.html"
    page.write_text(make())

    done = run_scraper(str(page), "--format", "json", cwd=tmp_path)

    assert done.code == exit_codes.OK, done.stderr
    text = json.loads(done.stdout)["text"]
    for number in range(6):
        assert f"Paragraph {number} about the harbour board" in text
