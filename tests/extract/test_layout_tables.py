"""Tables that lay a page out are read as boxes; tables of data stay tables."""

from __future__ import annotations

from lxml import html as lxml_html

from scraper import extract
from scraper.extraction.layout_tables import is_layout_table, unroll_layout_tables

STORY = (
    "The ferry resumed its winter timetable on Monday after three weeks in dry dock. "
    "Islanders had crossed on a chartered fishing boat in the meantime, two trips a day. "
    "The harbour master said the new propeller shaft should last another twenty years."
)


def table(html: str) -> lxml_html.HtmlElement:
    return lxml_html.fragment_fromstring(html)


def test_a_table_whose_cell_holds_prose_beside_a_menu_lays_the_page_out() -> None:
    menu = "<a href='/'>Home</a><br><a href='/news'>News</a>"
    layout = table(f"<table><tr><td>{menu}</td><td>{STORY} {STORY}</td></tr></table>")
    assert is_layout_table(layout)


def test_one_cell_wrapped_around_the_article_is_a_layout() -> None:
    assert is_layout_table(table(f"<table><tr><td><p>{STORY}</p><p>{STORY}</p></td></tr></table>"))


def test_short_values_make_a_data_table() -> None:
    rows = "".join(f"<tr><td>{year}</td><td>{level} m</td></tr>" for year, level in ((1926, 3.1), (1958, 2.45)))
    assert not is_layout_table(table(f"<table>{rows}</table>"))


def test_a_header_cell_or_caption_makes_a_data_table_even_with_a_paragraph_in_it() -> None:
    headed = f"<table><tr><th>Plan</th><th>What you get</th></tr><tr><td>Basic</td><td>{STORY}</td></tr></table>"
    captioned = f"<table><caption>Plans</caption><tr><td>Basic</td><td>{STORY}</td></tr></table>"
    assert not is_layout_table(table(headed))
    assert not is_layout_table(table(captioned))


def test_one_long_sentence_in_a_cell_is_no_prose() -> None:
    address = "Harbour Office, " + ", ".join(f"Quay {number}" for number in range(40))
    assert not is_layout_table(table(f"<table><tr><td>Contact</td><td>{address}</td></tr></table>"))


def test_a_data_table_inside_a_layout_table_stays_a_table() -> None:
    page = table(
        f"<div><table><tr><td><a href='/'>Home</a></td><td><p>{STORY}</p><p>{STORY}</p>"
        "<table><tr><th>Year</th><th>Crossings</th></tr><tr><td>2024</td><td>730</td></tr></table>"
        "</td></tr></table></div>"
    )
    unroll_layout_tables(page)
    tags = [element.tag for element in page.iter("table", "tr", "th", "td")]
    assert tags == ["table", "tr", "th", "th", "tr", "td", "td"]


def test_the_article_of_a_layout_table_comes_back_as_paragraphs_without_the_menu() -> None:
    menu = "".join(f"<a href='/{name.lower()}'>{name}</a><br>" for name in ("Home", "Timetable", "Fares", "Contact"))
    paragraphs = "<br><br>".join([STORY, STORY.replace("Monday", "Tuesday"), STORY.replace("three", "four")])
    page = (
        "<html><head><title>Ferry back in service</title></head><body><table>"
        f"<tr><td>{menu}</td><td><h2>Ferry back in service</h2>{paragraphs}</td></tr></table></body></html>"
    )

    article = extract(page)

    assert article.text.split("\n\n") == [STORY, STORY.replace("Monday", "Tuesday"), STORY.replace("three", "four")]
