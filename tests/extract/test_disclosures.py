"""Collapsed sections that a control opens and that hold prose are shown before the body is looked for;
closed menus, drawers and dialogs stay hidden."""

from __future__ import annotations

from lxml import html as lxml_html

import scraper
from scraper.extraction.disclosures import may_hold_collapsed_sections, open_collapsed_sections

ANSWER = (
    "Most plans cover accidents and illnesses after a waiting period of two weeks. "
    "Routine checkups are covered only with a wellness add-on."
)
INTRO = (
    "Pet insurance pays part of the bill when your dog or cat needs a vet. The questions below cover "
    "what most owners ask before they buy a policy, and how the waiting periods work in practice."
)


def tree_of(body: str) -> lxml_html.HtmlElement:
    return lxml_html.document_fromstring(f"<html><body>{body}</body></html>")


def visible(element: lxml_html.HtmlElement) -> bool:
    return not any(name in element.attrib for name in ("hidden", "aria-hidden", "style"))


def test_an_accordion_panel_named_by_its_control_is_opened() -> None:
    for hiding in ("hidden", 'style="display: none"', 'aria-hidden="true"', 'style="visibility:hidden"'):
        tree = tree_of(
            '<h3><button aria-expanded="false" aria-controls="faq-1">What does it cover?</button></h3>'
            f'<div id="faq-1" role="region" {hiding}><p>{ANSWER}</p></div>'
        )
        open_collapsed_sections(tree)
        assert visible(tree.get_element_by_id("faq-1"))


def test_a_show_more_panel_after_its_toggle_is_opened() -> None:
    tree = tree_of(
        f'<p>{INTRO}</p><div class="toggle"><button aria-expanded="false">Show more</button></div>'
        f'<div class="more" style="display:none"><p>{ANSWER}</p></div>'
    )
    assert open_collapsed_sections(tree) == []
    assert visible(tree.find_class("more")[0])


def test_closed_menus_drawers_and_dialogs_stay_hidden() -> None:
    menu = "".join(f'<li><a href="/{name}">{name.title()} and more.</a></li>' for name in ("dogs", "cats", "birds"))
    tree = tree_of(
        '<button aria-expanded="false" aria-controls="menu">Menu</button>'
        f'<nav id="menu" hidden><ul>{menu}</ul></nav>'
        f'<div role="dialog" aria-modal="true" style="display:none"><p>{ANSWER}</p></div>'
        '<button aria-controls="cart" aria-expanded="false">Cart</button>'
        '<aside id="cart" hidden><p>Your cart is empty.</p></aside>'
    )
    open_collapsed_sections(tree)
    assert [visible(element) for element in tree.iter("nav", "div", "aside")] == [False, False, False]


def test_a_panel_inside_a_closed_menu_stays_hidden() -> None:
    links = "".join(f'<a href="/{number}">Guides to the topics of section {number}</a>' for number in range(8))
    tree = tree_of(
        '<button aria-expanded="false" aria-controls="mega">Topics</button>'
        f'<div id="mega" hidden>{links}'
        f'<button aria-controls="inner">More</button><div id="inner" hidden><p>{ANSWER}</p></div></div>'
    )
    open_collapsed_sections(tree)
    assert not visible(tree.get_element_by_id("mega")) and not visible(tree.get_element_by_id("inner"))


def test_the_button_of_an_accordion_header_becomes_the_headings_words() -> None:
    tree = tree_of(
        '<h3><button aria-expanded="true" aria-controls="faq-1">What does it cover?</button></h3>'
        f'<div id="faq-1"><p>{ANSWER}</p></div><p><button aria-expanded="false">Share</button></p>'
    )
    open_collapsed_sections(tree)
    assert tree.findtext(".//h3") == "What does it cover?"
    assert [button.text for button in tree.iter("button")] == ["Share"]


def test_only_pages_that_name_a_control_are_looked_at() -> None:
    assert may_hold_collapsed_sections('<button aria-controls="x">Q</button>')
    assert may_hold_collapsed_sections('<button aria-expanded="false">More</button>')
    assert not may_hold_collapsed_sections('<div style="display:none"><p>Hidden.</p></div>')


def test_an_faqs_answers_are_article_text() -> None:
    questions = [("What does it cover?", ANSWER), ("When does cover start?", ANSWER.replace("two", "three"))]
    faq = "".join(
        f'<h3><button aria-expanded="false" aria-controls="q{number}">{question}</button></h3>'
        f'<div id="q{number}" hidden><p>{answer}</p></div>'
        for number, (question, answer) in enumerate(questions)
    )
    article = scraper.extract(
        f"<html><body><main><h1>Pet insurance, explained</h1><p>{INTRO}</p>{faq}</main></body></html>"
    )
    assert article.text.split("\n\n")[1:] == [
        "What does it cover?",
        ANSWER,
        "When does cover start?",
        ANSWER.replace("two", "three"),
    ]


def test_panels_in_other_languages_are_opened() -> None:
    answers = {
        "hi": "अधिकांश योजनाएँ दो सप्ताह की प्रतीक्षा अवधि के बाद दुर्घटनाओं और बीमारियों को कवर करती हैं।",
        "zh": "大多数保险计划在两周的等待期之后承保意外和疾病，常规体检只有在购买附加险之后才会被承保。",
        "th": "แผนประกันส่วนใหญ่คุ้มครองอุบัติเหตุและความเจ็บป่วยหลังจากระยะเวลารอคอยสองสัปดาห์ การตรวจสุขภาพประจำปีต้องซื้อเพิ่ม",
    }
    for language, answer in answers.items():
        tree = tree_of(f'<button aria-controls="a">?</button><div id="a" hidden><p>{answer * 2}</p></div>')
        open_collapsed_sections(tree)
        assert visible(tree.get_element_by_id("a")), language


def test_a_shortened_preview_of_an_opened_panel_goes() -> None:
    tree = tree_of(
        f'<div class="review"><p class="preview">{ANSWER[:60]}…</p>'
        '<button aria-expanded="false">Read more</button>'
        f'<div class="full" hidden><p>{ANSWER}</p></div><p>Was this helpful?</p></div>'
    )
    assert open_collapsed_sections(tree) == [f"{ANSWER[:60]}…"]
    assert [element.get("class") for element in tree.iter("p")] == [None, None]
    assert visible(tree.find_class("full")[0])


def test_a_heading_that_the_opened_panel_repeats_stays() -> None:
    tree = tree_of(
        '<h3>Artificial intelligence</h3><button aria-expanded="false">Open</button>'
        f"<div hidden><p>Artificial intelligence services. {ANSWER}</p></div>"
    )
    assert open_collapsed_sections(tree) == []
    assert tree.findtext(".//h3") == "Artificial intelligence"
