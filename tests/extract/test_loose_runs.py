"""Words written straight into a container between its blocks come out as a paragraph of their own, whole."""

from __future__ import annotations

from lxml import etree
from lxml import html as lxml_html

import scraper
from scraper.extraction.loose_runs import wrap_loose_runs
from scraper.extraction.whitespace import separate_blocks

PROSE = (
    "<p>" + "A paragraph of the article that is long enough to be read as prose by every extractor here. " * 3 + "</p>"
)


def wrapped(body: str) -> str:
    tree = lxml_html.document_fromstring(f"<html><body>{body}</body></html>")
    wrap_loose_runs(separate_blocks(tree))
    return etree.tostring(tree.find("body"), encoding="unicode")


def test_a_run_with_a_link_between_blocks_comes_out_whole_with_its_spaces() -> None:
    run = 'Small firms remain the <a href="/economy">backbone of the economy</a> in most countries, say analysts.'
    html = f"<html><body><main><article><h1>Ledgers</h1><div>{run}{PROSE}{PROSE}</div></article></main></body></html>"
    paragraphs = scraper.extract(html).text.split("\n\n")
    assert paragraphs[0] == "Small firms remain the backbone of the economy in most countries, say analysts."


def test_text_in_the_body_between_headings_is_kept_with_its_emphasis() -> None:
    html = (
        "<html><body><h1>Folding paper</h1>Fold a sheet flat and make <em>one</em> straight cut across it."
        "<h2>History</h2>A puzzle book of 1721 asks for a crest of <b>three stars</b> from a single cut.</body></html>"
    )
    assert scraper.extract(html).text.split("\n\n") == [
        "Fold a sheet flat and make one straight cut across it.",
        "History",
        "A puzzle book of 1721 asks for a crest of three stars from a single cut.",
    ]


def test_each_run_is_wrapped_where_it_stands() -> None:
    body = wrapped(
        "<div>Opening words with <b>bold</b> ones<h2>Next</h2>Closing words <i>in</i> italics<p>End.</p></div>"
    )
    assert body == (
        "<body><div><p>Opening words with <b>bold</b> ones</p><h2>Next</h2> "
        "<p> Closing words <i>in</i> italics</p><p>End.</p></div></body>"
    )


def test_rows_of_links_labels_line_breaks_and_plain_runs_stay_as_they_are() -> None:
    untouched = [
        '<div>See <a href="/a">Alpha Beta</a> <a href="/b">Gamma Delta</a><p>Text.</p></div>',  # mostly linked
        "<div>Tags: <b>news</b><p>Text.</p></div>",  # a label
        "<div>First line <b>of</b> a product text<br/>second line of it<p>Text.</p></div>",  # <br>-separated lines
        "<div>Plain words of a run without links or formatting<p>Text.</p></div>",  # kept whole already
        "<div>A whole paragraph written <b>as</b> a div of its own</div>",  # no block beside it
    ]
    for body in untouched:
        assert wrapped(body) == f"<body>{body}</body>"


def test_a_link_around_blocks_is_a_block_not_part_of_a_run() -> None:
    body = '<div>Words before <b>the</b> card here<a href="/c"><div>Card</div></a></div>'
    assert (
        wrapped(body)
        == '<body><div><p>Words before <b>the</b> card here</p><a href="/c"><div>Card</div></a></div></body>'
    )


def test_a_container_writing_its_paragraphs_loose_has_its_plain_runs_wrapped_too() -> None:
    """Two runs of prose sentences between image boxes: every run of a few words or more is a paragraph."""
    first = "The night train left Brussels on Sunday evening with every couchette sold for the month."
    second = "Demand surprised the founders, who now plan to run the train every night from March on."
    body = wrapped(
        f"<div>{first}<div class='photo'></div>{second}<div class='embed'></div>Route map<hr>"
        "Rail unions wait for more staff.</div>"
    )
    assert body == (
        f'<body><div><p>{first}</p><div class="photo"/> <p> {second}</p><div class="embed"/> Route map<hr/> '
        "<p> Rail unions wait for more staff.</p></div></body>"
    )


def test_one_prose_run_beside_a_label_leaves_plain_runs_as_they_are() -> None:
    body = "<div>A single long sentence of prose stands beside the blocks of this box here.<p>Text.</p>Price list</div>"
    assert wrapped(body).count("<p>") == 1
