"""Titles: the headline readers see, corroborated by the declared titles, without the site's name."""

from __future__ import annotations

import json

from lxml import html as lxml_html

from scraper.extraction.api import without_title
from scraper.extraction.blocks import Block
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


def test_an_h1_is_read_as_shown_without_permalink_marks_styles_or_buttons() -> None:
    body = "<h1><style>.x{color:red}</style>Data <em>Struct</em>ures<br>in Python ¶</h1>"
    assert title(body=body).text == "Data Structures in Python"
    body = "<h1>Module <span>runtime</span>&nbsp;<button id='copy-path'>Copy item path</button></h1>"
    assert title(body=body).text == "Module runtime"


def test_labels_dates_and_counts_in_their_own_elements_around_the_h1_are_cut() -> None:
    head = '<meta property="og:title" content="Preparing a transition in Debusine">'
    body = (
        '<h1><a href="/p"><time datetime="2025-12-18">Dec <span>18</span> 2025</time>'
        " Preparing a transition in Debusine</a></h1>"
    )
    assert title(head, body) == FoundTitle("Preparing a transition in Debusine", "<h1>, as og:title")
    head = '<meta property="og:title" content="Grads find degrees no longer guarantee jobs">'
    body = "<h1><a>Grads find degrees no longer guarantee jobs</a> <span>(latimes.com)</span> <span>87</span></h1>"
    assert title(head, body).text == "Grads find degrees no longer guarantee jobs"


def test_a_word_split_across_inline_tags_is_not_cut_as_a_label() -> None:
    head = '<meta property="og:title" content="The Native Cloud">'
    found = title(head, "<h1>Build what is next<b>on the Native Cloud</b></h1>")
    assert found.text == "Build what is nexton the Native Cloud"


def test_an_h1_no_declared_title_agrees_with_loses_to_the_declaration() -> None:
    head = '<meta property="og:title" content="rustc_codegen_gcc: Progress Report #39">'
    assert title(head, "<h1>Antoyo's Blog</h1>") == FoundTitle("rustc_codegen_gcc: Progress Report #39", "og:title")


def test_an_h1_only_the_title_tag_contradicts_loses_when_the_page_shows_the_longer_title() -> None:
    """A logo's <h1> (a magazine's name in Hangul) against "<headline> - Entermedia", whose headline the page
    prints in an element of its own; shown nowhere, the title tag may be an SEO rewording and the <h1> wins."""
    head = "<title>엘제이-류화영 진흙탕 싸움, 공적인 사안으로 봐야하는 이유 - Entermedia</title>"
    headline = "엘제이-류화영 진흙탕 싸움, 공적인 사안으로 봐야하는 이유"
    shown = title(head, f"<h1>엔터 미디어</h1><dl><dt> {headline} </dt></dl><p>본문</p>")
    assert shown == FoundTitle(headline, "<title>")
    assert title(head, "<h1>엔터 미디어</h1><p>본문</p>") == FoundTitle("엔터 미디어", "<h1>")


def test_an_h1_that_is_the_part_cut_off_the_title_tag_names_the_site() -> None:
    """A documentation book's menu bar <h1> is its name, which <title> puts after the chapter's."""
    head = "<title>What is Ownership? - The Rust Programming Language</title>"
    body = "<h1 class='menu-title'>The Rust Programming Language</h1><h2>What Is Ownership?</h2><p>Rules.</p>"
    assert title(head, body) == FoundTitle("What is Ownership?", "<title>")
    assert title(head, "<h1>Ownership in practice</h1><p>Rules.</p>") == FoundTitle("Ownership in practice", "<h1>")


def test_an_h1_in_capitals_takes_the_case_of_the_declared_title() -> None:
    head = '<meta property="og:title" content="Best Drip Coffee Maker 2026: Buying Tips From Coffee Pros">'
    found = title(head, "<h1>BEST DRIP COFFEE MAKER IN 2026: BUYING TIPS FROM COFFEE PROS</h1>")
    expected = "Best Drip Coffee Maker 2026: Buying Tips From Coffee Pros"
    assert found == FoundTitle(expected, "og:title, as <h1> in capitals")


def test_a_headline_that_mentions_the_site_keeps_it() -> None:
    head = "<title>What happened with Daily Example in 2024 / Forum / Daily Example</title>"
    assert title(head).text == "What happened with Daily Example in 2024 / Forum"
    head = "<title>Daily Example Arrival Training T-Shirt - Black | Daily Example</title>"
    assert title(head).text == "Daily Example Arrival Training T-Shirt"


def test_a_declared_title_that_is_only_the_site_name_is_no_title() -> None:
    head = '<meta name="twitter:title" content="Daily Example"><title>All Men\'s Socks</title>'
    assert title(head).text == "All Men's Socks"
    assert title("<title>The Daily Example Blog - Daily Example</title>").text == "The Daily Example Blog"


def test_the_body_repeat_of_the_title_goes_after_links_but_not_after_three_blocks_of_text() -> None:
    title = "Ferry back in service"
    menu = [Block("paragraph", name, f"[{name}](/{name.lower()})", link_chars=len(name)) for name in ("Home", "Fares")]
    heading = Block("heading", title, f"## {title}", level=2)
    text = [Block("paragraph", line, line) for line in ("Harbour news", "Tuesday", "By the harbour master")]
    assert without_title([*menu, heading, *text], title) == [*menu, *text]
    assert without_title([*text, heading], title) == [*text, heading]


def test_a_chinese_h1_is_corroborated_character_by_character() -> None:
    found = title(
        head="<title>市政府召开防汛工作会议_新闻中心_东江网</title>",
        body="<h1>市政府召开防汛工作会议</h1><p>6月11日下午，市政府召开全市防汛工作会议。</p>",
    )
    assert found.text == "市政府召开防汛工作会议"
