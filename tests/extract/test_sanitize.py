"""What sanitize_html changes (only what the parser cannot take) and what it leaves alone."""

from __future__ import annotations

import re

import scraper
from scraper.extraction.sanitize import MAX_ATTRIBUTES, MAX_NESTING, MAX_TEXT_NODE_CHARS, bound_nesting, sanitize_html


def test_references_to_characters_xml_forbids_are_removed_and_the_rest_kept() -> None:
    html = "<p>a&#1;b&#x1b;c&#xFFFE;d&#55296;e&#9;f&#8217;g&#x1F600;h&#169</p>"

    assert sanitize_html(html) == "<p>abcde&#9;f&#8217;g&#x1F600;h&#169</p>"


def test_an_ordinary_page_is_left_exactly_as_it_was() -> None:
    html = (
        "<html><body><div class=a><span><b>x</b> <a href='/y?a=1&amp;b=2'>y</a></span>"
        "<p title=\"1 > 0\">&#8220;quoted&#8221; <br/><img src=a.png alt=''></p></div></body></html>"
    )

    assert sanitize_html(html) == html


def test_a_tag_keeps_its_first_attributes_up_to_the_limit() -> None:
    html = "<div " + " ".join(f'a{n}="{n}"' for n in range(MAX_ATTRIBUTES * 4)) + ">text</div>"

    bounded = sanitize_html(html)

    kept = re.findall(r'a(\d+)="', bounded)
    assert kept == [str(n) for n in range(MAX_ATTRIBUTES)]
    assert bounded.endswith(">text</div>")


def test_unclosed_inline_tags_past_the_limit_are_dropped_with_their_end_tags() -> None:
    html = "<B>" * (MAX_NESTING + 50) + "text" + "</b>" * 20 + "<i>after</i>"

    bounded = bound_nesting(html)

    # 100 elements stay open, so the <i> would be the 101st: dropped too, its text kept.
    assert bounded == "<B>" * MAX_NESTING + "textafter"


def test_a_huge_text_node_is_cut_and_the_markup_after_it_kept() -> None:
    html = "<script>" + "a" * (MAX_TEXT_NODE_CHARS + 10) + "</script><p>after</p>"

    assert sanitize_html(html) == "<script>" + "a" * MAX_TEXT_NODE_CHARS + "</script><p>after</p>"


def test_code_in_a_script_that_looks_like_a_long_tag_is_left_alone() -> None:
    code = "for(g=0;g<h;g++)f(b[g]);" + "x='" + "a " * 600 + "';" + ">"
    html = f"<html><head><script>{code}</script></head><body><p>The article.</p></body></html>"
    assert sanitize_html(html) == html
    spaced = html.replace("g<h;", "g<h ;")
    assert sanitize_html(spaced) == spaced


def test_nesting_is_left_to_the_parse_that_needs_it() -> None:
    html = "<b>" * (MAX_NESTING + 50) + "text"
    assert sanitize_html(html) == html


def test_a_page_nested_past_the_parsers_depth_limit_keeps_its_article() -> None:
    story = "".join(f"<p>The council approved budget line {n} after a long debate.</p>" for n in range(4))
    article = scraper.extract(f"<html><body>{'<font>' * 300}<article><h1>Budget</h1>{story}</article></body></html>")
    assert "budget line 3 after" in article.text


def test_a_page_nested_past_the_depth_limit_with_every_element_closed_keeps_its_article() -> None:
    story = "".join(f"<p>The council approved budget line {n} after a long debate.</p>" for n in range(4))
    for opening, closing in (("<div>", "</div>"), ("<table><tr><td>", "</td></tr></table>")):
        html = f"<html><body>{opening * 300}<h1>Budget</h1>{story}{closing * 300}</body></html>"
        assert "budget line 3 after" in scraper.extract(html).text, opening
