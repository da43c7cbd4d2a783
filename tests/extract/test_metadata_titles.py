"""Titles: the headline readers see, corroborated by the declared titles, without the site's name."""

from __future__ import annotations

import json

from lxml import html as lxml_html

from scraper.extraction.structured import read_structured_data, site_names
from scraper.extraction.titles import FoundTitle, read_title


def title(head: str = "", body: str = "", url: str = "https://www.dailyexample.com/news/1") -> FoundTitle:
    tree = lxml_html.fromstring(f"<html><head>{head}</head><body>{body}</body></html>")
    data = read_structured_data(tree)
    return read_title(tree, data, site_names(data, data.first_meta("og:site_name"), url))


def test_the_h1_wins_when_a_declared_title_corroborates_it() -> None:
    head = '<meta property="og:title" content="Budget passes after late-night vote, officials say">'
    found = title(head, "<h1>Budget passes after late-night vote</h1>")
    assert found == FoundTitle("Budget passes after late-night vote", "<h1>, as og:title")


def test_an_h1_that_is_the_site_name_or_a_section_label_is_not_the_title() -> None:
    head = '<meta property="og:site_name" content="The Daily Example"><title>Budget passes | The Daily Example</title>'
    assert title(head, "<h1>The Daily Example</h1>").text == "Budget passes"
    assert title(head, "<h1>News</h1><p>Budget passes.</p>").text == "Budget passes"


def test_the_site_name_is_cut_at_any_separator_and_a_tail_after_a_pipe() -> None:
    head = '<meta property="og:site_name" content="Daily Example"><title>Daily Example » Budget passes</title>'
    assert title(head).text == "Budget passes"
    assert title("<title>How meditation rewires brains | Opinion</title>").text == "How meditation rewires brains"
    assert title("<title>Getting to YES: The Anti-Sales Guide</title>").text == "Getting to YES: The Anti-Sales Guide"


def test_a_site_name_leading_the_title_is_not_taken_for_the_headline() -> None:
    head = '<meta property="og:site_name" content="The Daily Example"><title>The Daily Example - Budget passes</title>'
    assert title(head).text == "Budget passes"


def test_entities_are_decoded_even_when_encoded_twice() -> None:
    head = '<meta property="og:title" content="Machine Learning &amp;#8211; 10 Benefits">'
    assert title(head).text == "Machine Learning \u2013 10 Benefits"


def test_a_json_ld_headline_that_is_a_description_loses_to_the_corroborated_h1() -> None:
    ld = {"@type": "NewsArticle", "headline": "In this article we look at the budget and what it means for you"}
    head = f'<script type="application/ld+json">{json.dumps(ld)}</script><title>Budget passes after vote</title>'
    assert title(head, "<h1>Budget passes after vote</h1>").text == "Budget passes after vote"


def test_an_h1_is_read_as_shown_without_permalink_marks_or_styles() -> None:
    body = "<h1><style>.x{color:red}</style>Data <em>Struct</em>ures<br>in Python ¶</h1>"
    assert title(body=body).text == "Data Structures in Python"
