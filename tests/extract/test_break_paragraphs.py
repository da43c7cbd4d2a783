"""Runs of text between blank lines (<br><br>) are the paragraphs the browser shows, where one container holds them."""

from __future__ import annotations

from lxml import html as lxml_html

from scraper.extraction.break_paragraphs import collapse_break_runs, wrap_break_paragraphs

RUNS = (
    "The ferry resumed its winter timetable on Monday.",
    "Islanders had crossed on a chartered fishing boat.",
    "The harbour master expects no more delays this year.",
)


def page(*bodies: str) -> lxml_html.HtmlElement:
    return lxml_html.fromstring(f"<html><body>{''.join(bodies)}</body></html>")


def paragraphs(tree: lxml_html.HtmlElement) -> list[str]:
    return [" ".join(" ".join(paragraph.itertext()).split()) for paragraph in tree.iter("p")]


def test_runs_between_blank_lines_become_paragraphs_and_a_single_break_stays_inside() -> None:
    tree = page(f"<div>{RUNS[0]}<br>{RUNS[1]}<br><br>\n<br>{RUNS[2]}<br><br><b>Tides</b> are printed daily.</div>")

    wrap_break_paragraphs(tree)

    assert paragraphs(tree) == [f"{RUNS[0]} {RUNS[1]}", RUNS[2], "Tides are printed daily."]
    assert tree.find(".//p/br") is not None


def test_a_block_element_ends_a_run_and_short_runs_stay_as_they_are() -> None:
    tree = page(f"<td><font>{RUNS[0]}<br><br>Photo: Harbour Board<br><br><h3>Fares</h3>{RUNS[1]}</font></td>")

    wrap_break_paragraphs(tree)

    assert paragraphs(tree) == [RUNS[0], RUNS[1]]


def test_several_containers_written_so_are_posts_and_stay_as_they_are() -> None:
    post = f"<div class='post'>{RUNS[0]}<br><br>{RUNS[1]}</div>"
    tree = page(post, post)

    wrap_break_paragraphs(tree)

    assert paragraphs(tree) == []


def test_one_run_or_single_line_breaks_are_no_blank_line_paragraphs() -> None:
    tree = page(f"<div>{RUNS[0]}<br>{RUNS[1]}<br>{RUNS[2]}</div>", f"<div>{RUNS[0]}<br><br>Thanks</div>")

    wrap_break_paragraphs(tree)

    assert paragraphs(tree) == []


def test_line_breaks_past_the_second_in_a_row_go_and_the_text_after_them_stays() -> None:
    tree = page(f"<div>{RUNS[0]}<br>{'<br> ' * 5}<br>{RUNS[1]}<br>{RUNS[2]}</div>")

    collapse_break_runs(tree)

    assert len(tree.findall(".//br")) == 3
    assert " ".join(" ".join(tree.itertext()).split()) == " ".join(RUNS)
