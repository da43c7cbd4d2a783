"""Markdown that renders as the page showed it."""

from __future__ import annotations

from lxml import etree

from scraper.extraction.blocks import blocks_from_xml
from scraper.extraction.render import render_markdown


def markdown(xml: str, title: str | None = "Title") -> str:
    return render_markdown(blocks_from_xml(etree.fromstring(xml)), title=title)


def test_line_breaks_in_a_paragraph_stay_line_breaks() -> None:
    assert markdown("<body><p>12 Main St<lb/>Springfield</p></body>", title=None) == "12 Main St  \nSpringfield"


def test_markdown_specials_in_text_are_escaped() -> None:
    md = markdown("<body><p>Use *args and snake_case with `ticks` [1]</p><p># not a heading</p></body>", None)
    assert md == "Use \\*args and snake\\_case with \\`ticks\\` \\[1\\]\n\n\\# not a heading"


def test_a_numbered_line_that_is_not_a_list_is_escaped() -> None:
    assert markdown("<body><p>1986. A year of change.</p></body>", title=None) == "1986\\. A year of change."


def test_formatting_still_renders() -> None:
    xml = "<body><p>A <hi rend='#b'>bold</hi> word and <ref target='https://x.test/a'>a link</ref>.</p></body>"
    assert markdown(xml, title=None) == "A **bold** word and [a link](https://x.test/a)."


def test_code_inside_a_line_is_a_code_span_written_verbatim() -> None:
    xml = (
        "<body><p>The variable <code>my_var</code> holds <code>a`b</code>; "
        "<ref target='https://x.test/vec'><code>Vec*</code></ref> grows.</p></body>"
    )
    assert markdown(xml, title=None) == "The variable `my_var` holds `` a`b ``; [`Vec*`](https://x.test/vec) grows."
    assert blocks_from_xml(etree.fromstring(xml))[0].text == "The variable my_var holds a`b; Vec* grows."
    assert markdown("<body><p>one<code> </code>two</p></body>", title=None) == "one two"


def test_links_with_no_text_are_dropped() -> None:
    assert markdown("<body><p>Before <ref target='https://x.test/'> </ref>after</p></body>", None) == "Before after"


def test_lists_inside_quotes_keep_their_structure() -> None:
    xml = "<body><quote>He listed:<list rend='ul'><item>one</item><item>two</item></list></quote></body>"
    assert markdown(xml, title=None) == "> He listed:\n> - one\n> - two"


def test_there_is_exactly_one_level_one_heading() -> None:
    md = markdown("<body><head rend='h1'>Body title</head><p>Text.</p></body>", title="Title")
    assert [line for line in md.split("\n") if line.startswith("# ")] == ["# Title"]
    assert "## Body title" in md
