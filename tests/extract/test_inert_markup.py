"""Markup that holds no text is dropped before the body is looked for; the text around it stays, and a
declared discussion keeps the JSON-LD trafilatura needs to read its posts."""

from __future__ import annotations

from lxml import html as lxml_html

from scraper.extraction import api


def after_inert_markup(body: str, head: str = "") -> lxml_html.HtmlElement:
    html = (
        f'<html><head><meta name="x" content="y"><link rel="icon" href="/i.png">{head}'
        f"<script>track()</script><style>p {{}}</style></head><body>{body}</body></html>"
    )
    page = api.Page(tree=lxml_html.document_fromstring(html), url=None, config=api.ExtractConfig())
    for stage in (api.read_declarations, api.drop_inert_markup):
        page = stage(page)
    return page.tree


def test_elements_that_cannot_hold_text_go_and_their_tails_stay() -> None:
    tree = after_inert_markup('<p>A map <img src="m.png" alt="Map">of the coast<input type="hidden"> today.</p>')
    assert [element.tag for element in tree.iter("meta", "link", "img", "input")] == []
    assert tree.findtext(".//p") == "A map of the coast today."


def test_empty_icons_go_and_icons_with_text_stay() -> None:
    tree = after_inert_markup('<p><i class="icon-clock"></i> 5 min <i>read</i><span class="sep"> </span>time</p>')
    assert [(element.tag, element.text) for element in tree.iter("i", "span")] == [("i", "read")]
    assert tree.find(".//p").text_content() == " 5 min read time"


def test_an_empty_span_between_two_sentences_leaves_a_space_and_one_inside_a_word_none() -> None:
    """A break drawn by the style sheet between sentences; a span inside a word or a name joins nothing new."""
    tree = after_inert_markup(
        '<div>It was calm.<span class="br"></span>Then it rained!<span></span>Why? '
        "Tom<span></span>Tom and i<span></span>Phone</div>"
    )
    assert tree.find(".//div").text_content() == "It was calm. Then it rained! Why? TomTom and iPhone"


def test_an_icon_holding_only_a_picture_is_empty_once_the_picture_is_gone() -> None:
    tree = after_inert_markup('<p>Share<span class="icon"><svg><path d="M0"/></svg></span> this</p>')
    assert list(tree.iter("span")) == []
    assert tree.find(".//p").text_content() == "Share this"


def test_a_declared_discussion_keeps_its_json_ld_for_trafilatura_and_drops_other_scripts() -> None:
    posting = '<script type="application/ld+json">{"@type": "DiscussionForumPosting", "headline": "Tank"}</script>'
    tree = after_inert_markup("<p>Post</p>", head=posting)
    assert [script.get("type") for script in tree.iter("script")] == ["application/ld+json"]
    assert tree.find(".//style") is None


def test_other_pages_lose_every_script() -> None:
    article = '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Vote"}</script>'
    assert not list(after_inert_markup("<p>Post</p>", head=article).iter("script"))
