"""The shape of the fast path's result decides whether trafilatura's full cascade gets a look."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from lxml import html as lxml_html

import scraper
from scraper.extraction.blocks import Block
from scraper.extraction.main_content import (
    Declared,
    body_or_dump,
    covered_share,
    cut_div_paragraphs,
    extract_blocks,
    inside_main,
    is_page_dump,
    lightened,
    may_hold_posts,
    missed_body,
    unnamed,
)
from scraper.extraction.skipped_blocks import skipped_blocks

SENTENCE = "The council approved the budget after a long debate about the bus lanes in the centre. "


def tree(paragraphs: int) -> lxml_html.HtmlElement:
    body = "".join(f"<section><p>{SENTENCE * 3}</p></section>" for _ in range(paragraphs))
    return lxml_html.document_fromstring(f"<html><body>{body}</body></html>")


def kept(paragraphs: int) -> list[Block]:
    return [Block("paragraph", (SENTENCE * 3).strip(), "") for _ in range(paragraphs)]


def test_a_result_holding_most_of_the_page_is_enough() -> None:
    assert not missed_body(kept(8), tree(10), Declared())


def test_a_result_holding_a_small_part_of_the_page_missed_the_body() -> None:
    assert missed_body(kept(2), tree(20), Declared())


def test_a_short_result_missed_the_body() -> None:
    assert missed_body([Block("paragraph", SENTENCE.strip(), "")], tree(1), Declared())


def test_a_result_far_shorter_than_the_declared_length_missed_the_body() -> None:
    assert missed_body(kept(8), tree(8), Declared(words=2000))


def with_headings(*levels: int) -> list[Block]:
    return kept(8) + [Block("heading", f"Section {n}", "", level=level) for n, level in enumerate(levels)]


def test_a_result_whose_sections_kept_only_their_headings_missed_the_body() -> None:
    assert missed_body(with_headings(2, 2, 2), tree(10), Declared())
    assert missed_body(with_headings(3, 2, 1), tree(10), Declared())


def test_one_heading_alone_or_headings_over_their_subsections_are_enough() -> None:
    assert not missed_body(with_headings(2, 2), tree(10), Declared())
    assert not missed_body(with_headings(1, 2, 3), tree(10), Declared())


def page_dump(words: int) -> list[Block]:
    text = " ".join(["Home News Sport Weather", *[SENTENCE.strip()] * (words // 16), "Contact us Privacy"])
    return [Block("paragraph", text, text)]


def test_a_whole_page_in_one_block_is_a_dump_but_one_long_paragraph_of_a_result_is_not() -> None:
    assert is_page_dump(page_dump(400))
    assert not is_page_dump(kept(1))
    assert not is_page_dump(page_dump(400) + kept(1))


def test_the_full_cascade_replaces_a_dump_when_it_keeps_most_of_its_text() -> None:
    dump = page_dump(400)
    body = kept(7)
    assert body_or_dump(dump, body) == body


def test_a_dump_stays_when_the_full_cascade_lost_most_of_it() -> None:
    dump = page_dump(400)
    assert body_or_dump(dump, kept(2)) == dump
    assert body_or_dump(dump, []) == dump


def test_an_article_inside_an_unclosed_aside_is_found() -> None:
    story = "".join(f"<p>{SENTENCE * 2}Part {n}.</p>" for n in range(6))
    html = (
        '<html><body><aside class="popup"><p>Sign up.</p><header class="site">'
        f"<nav><a href='/'>Home</a></nav><article><h1>Budget</h1>{story}</article>"
    )
    article = scraper.extract(html)
    assert "Part 5." in article.text


def test_the_fast_path_leaves_the_page_as_it_found_it() -> None:
    """It reads the page with its asides and footers emptied and its menus flattened; they are all back,
    tails included, afterwards."""
    story = "".join(f"<p>{SENTENCE * 2}Part {n}.</p>" for n in range(6))
    menu = "<nav><ul><li><a href='/'><span>Home</span></a></li><li><a href='/news'>News</a></li></ul></nav>menu tail"
    html = (
        f"<html><body>{menu}<article>{story}<aside><p>Related</p><footer>Credits</footer>aside tail</aside>"
        "story tail</article><footer><select><option>English</option></select>Contact</footer>end</body></html>"
    )
    page = lxml_html.document_fromstring(html)
    before = lxml_html.tostring(page)
    blocks = extract_blocks(page, url=None, include_tables=True)
    assert "Part 5." in " ".join(block.text for block in blocks)
    assert lxml_html.tostring(page) == before


def test_the_fast_path_reads_a_figure_as_its_words_and_one_holding_a_table_as_it_is() -> None:
    """trafilatura deletes figures before it looks for the body; one holding a table it reads as text."""
    story = "".join(f"<p>{SENTENCE * 2}Part {n}.</p>" for n in range(6))
    pictured = "<figure><picture><img src='a.jpg'></picture><figcaption>Photo: <b>AP</b></figcaption></figure>"
    tabled = "<figure><table><tr><td>Rate</td><td>4 %</td></tr></table></figure>"
    page = lxml_html.document_fromstring(f"<html><body><article>{pictured}{story}{tabled}</article></body></html>")
    with lightened(page):
        flat, whole = page.findall(".//figure")
        assert flat.text_content().splitlines() == ["Photo:", "AP"]
        assert flat.xpath("*") == []
        assert whole.find("table/tr/td").text == "Rate"
    assert page.find(".//figure/picture/img") is not None


def test_the_fast_path_reads_a_menu_as_its_words_and_a_nav_holding_the_page_as_it_is() -> None:
    """A <nav> holding the headline and paragraphs is an unclosed one around the page, not a menu."""
    story = "".join(f"<p>{SENTENCE * 2}Part {n}.</p>" for n in range(6))
    menu = "<nav id='menu'><ul><li><a href='/'><span>Home</span></a></li><li><a href='/news'>News</a></li></ul></nav>"
    page = lxml_html.document_fromstring(f"<html><body>{menu}<nav class='top'><h1>Budget</h1>{story}")
    with lightened(page):
        flat, whole = page.findall(".//nav")
        assert flat.text_content().splitlines() == ["Home", "News"]
        assert flat.xpath("*") == []  # lines, with no element for trafilatura's per-element tests
        assert len(whole.findall("p")) == 6
    assert "Part 5." in scraper.extract(lxml_html.tostring(page, encoding="unicode")).text


def test_a_body_in_a_section_named_like_a_footer_is_read_without_the_names() -> None:
    """trafilatura deletes a section whose class names a footer; the page read without its names keeps it."""
    copy = "".join(f"<p>{SENTENCE}Part {n} of the guide to styling a desk.</p>" for n in range(4))
    html = (
        "<html><body><nav><a href='/'>Home</a> <a href='/shop'>Shop</a></nav><main><h1>Desks</h1>"
        f"<div class='grid'><a href='/d1'>Oak desk</a> <a href='/d2'>Pine desk</a></div>"
        f"<div class='field-seofootercopy'>{copy}</div></main></body></html>"
    )
    assert "Part 3 of the guide to styling a desk." in scraper.extract(html).text
    page = lxml_html.document_fromstring(html)
    assert unnamed(page).xpath("//@class") == []
    assert page.xpath("//@class") == ["grid", "field-seofootercopy"]


def _loose_page(middle: str) -> str:
    """Paragraphs in plain <div>s, where trafilatura's fast path finds no article container."""
    opening = f"<p>{SENTENCE * 4}</p>" * 3 + f"<p>{SENTENCE * 2}It opened the session.</p>"
    closing = f"<p>{SENTENCE * 2}It closed the session.</p>" + f"<p>{SENTENCE * 4}</p>" * 3
    columns = f"<div class='column'><div class='rich-text'>{opening}{middle}{closing}</div></div>"
    return f"<html><body>{columns}</body></html>"


def test_a_list_and_headings_skipped_between_kept_paragraphs_are_put_back_in_place() -> None:
    items = "<li>Two new bus lanes on the ring road.</li><li>Longer hours for trams.</li>"
    middle = f"<h3>What changes</h3><ul>{items}</ul>"
    text = scraper.extract(_loose_page(middle)).text
    assert "opened the session.\n\nWhat changes\n\n- Two new bus lanes on the ring road.\n- Longer hours" in text
    assert text.index("Longer hours for trams.") < text.index("It closed the session.")


def test_a_list_of_links_between_paragraphs_stays_out() -> None:
    items = "<li><a href='/a'>Budget row explained in full</a></li><li><a href='/b'>Who voted for what</a></li>"
    middle = f"<ul>{items}</ul>"
    assert "Budget row explained" not in scraper.extract(_loose_page(middle)).text


def test_a_list_far_from_the_kept_paragraphs_is_not_put_back() -> None:
    page = _loose_page("").replace(
        "</body>", "<div class='footer'><ul><li>Opening hours of the town hall.</li><li>Parking.</li></ul></div></body>"
    )
    assert "Opening hours" not in scraper.extract(page).text


def test_a_skipped_list_after_an_empty_paragraph_comes_back_once() -> None:
    items = "<li>Two new bus lanes on the ring road.</li><li>Longer hours for trams.</li>"
    text = scraper.extract(_loose_page(f"<ul>{items}</ul><p> </p><ol><li>Vote on Friday.</li></ol>")).text
    assert text.count("Longer hours for trams.") == 1 and text.count("Vote on Friday.") == 1


def test_a_short_result_gets_a_look_without_link_handling() -> None:
    # With links kept, trafilatura drops this chapter's paragraph, which follows an empty named
    # anchor (the <a name> of generated manuals), and keeps only the correction box beside it.
    page = """<html><body>
    <div class="outer"><div class="line"><div id="wrapper" class="inner">
          <div id="mainText">
<div class="chapter" id="x">
  <a id="id-4.2" class="term" name="id-4.2"></a>
  <p>Tables are stored in files of fixed-size pages. Each page holds a header, the line pointers and the
  tuples themselves, so that a new row finds free room quickly.</p>
</div>
          </div>
            <div id="docNotes">
              <p>
              If you find anything in this manual that is wrong, that does not agree
              with what you saw when using the feature or that needs more explanation,
              please use
              <a href="/account/notes/new/4/storage.html/" rel="nofollow">this page</a>
              to report the problem to us.
              </p>
            </div>
    </div></div></div>
</body></html>"""
    assert scraper.extract(page).text.startswith("Tables are stored in files of fixed-size pages.")


def test_comment_sections_holding_most_of_the_page_may_be_its_posts() -> None:
    posts = "".join(f"<div class='comment-body'><p>{SENTENCE}Reply {n}.</p></div>" for n in range(6))
    thread = f"<html><body><h1>Tank cycling</h1><p>{SENTENCE}</p><div id='comments'>{posts}</div></body></html>"
    assert may_hold_posts(lxml_html.document_fromstring(thread))


def test_a_comment_link_or_reply_box_under_an_article_is_not_posts() -> None:
    story = f"<p>{SENTENCE * 3}</p>" * 6
    footer = "<a class='comment-count' href='#c'>3 comments</a><form class='comment-form'><textarea></textarea></form>"
    article = f"<html><body><article>{story}{footer}</article></body></html>"
    assert not may_hold_posts(lxml_html.document_fromstring(article))
    assert not may_hold_posts(tree(4))


def _page_with_div_paragraphs() -> str:
    """A post whose later paragraphs are <div>s, on a page holding enough <p> text that trafilatura reads no <div>."""
    opening = "".join(f"<p>{SENTENCE * 3}Part {n}.</p>" for n in range(4))
    divs = (
        "<div>Students often start too late, before they pick <a href='/topics'>the right topic</a> for the essay"
        " and write about it.</div><div>&nbsp;</div>"
        "<div>My best advice is to keep a list of things about yourself and to add to it every week.</div>"
        "<div>Ask your parents for ideas too: <b>they remember what you forgot</b> about your childhood.</div>"
    )
    return f"<html><body><article><div class='post'>{opening}{divs}</div></article></body></html>"


def test_paragraphs_written_as_divs_are_kept_whole_when_a_piece_of_one_was_kept() -> None:
    text = scraper.extract(_page_with_div_paragraphs()).text
    assert "Students often start too late, before they pick the right topic for the essay and write about it." in text
    assert "My best advice is to keep a list of things about yourself" in text
    assert "Ask your parents for ideas too: they remember what you forgot about your childhood." in text


def test_a_kept_link_from_a_div_is_not_taken_for_a_piece_of_a_paragraph() -> None:
    """A linked line from a consent or disclosure <div> is chrome: reading its <div> whole adds the disclaimer."""
    page = lxml_html.document_fromstring(
        "<html><body><div>By signing up you agree to our <a href='/privacy'>Privacy Policy</a> and terms.</div>"
        "<div>Bold start <b>words in bold</b> and the rest of the sentence.</div></body></html>"
    )
    linked = Block("paragraph", "Privacy Policyand", "", link_chars=14)
    assert cut_div_paragraphs([linked], page) == []
    bold = Block("paragraph", "words in bold", "")
    assert [div.text for div in cut_div_paragraphs([bold], page)] == ["By signing up you agree to our ", "Bold start "]


def test_headings_skipped_beside_a_list_kept_item_by_item_are_put_back() -> None:
    """A section heading after a kept list, or before one, was skipped like one between two paragraphs."""
    page = lxml_html.document_fromstring(
        "<html><body><div><p>Why we group items together.</p><ul><li>Save time.</li><li>Keep it tidy.</li></ul>"
        "<h2>Categories you may have</h2><p>Every office is different.</p>"
        "<h3>Desk organizers</h3><ul><li>Pens in a cup.</li><li>Notes in a tray.</li></ul></div></body></html>"
    )
    lines = ["Why we group items together.", "Save time.", "Keep it tidy.", "Every office is different."]
    kept = [Block("paragraph" if line.startswith(("Why", "Every")) else "item", line, "") for line in lines]
    kept += [Block("item", "Pens in a cup.", ""), Block("item", "Notes in a tray.", "")]
    found = [(after, element.text_content()) for after, element in skipped_blocks(kept, page)]
    assert found == [(2, "Categories you may have"), (3, "Desk organizers")]


def test_headings_in_a_long_run_of_sections_of_a_heading_and_a_list_each_are_put_back() -> None:
    """The run after a paragraph is followed past any number of lists and headings, not the first eight."""
    sections = "".join(f"<h3>Spot {n}</h3><ul><li>Item {n} one.</li><li>Item {n} two.</li></ul>" for n in range(6))
    page = lxml_html.document_fromstring(f"<html><body><div><p>Here are the spots.</p>{sections}</div></body></html>")
    kept = [Block("paragraph", "Here are the spots.", "")]
    kept += [Block("item", f"Item {n} {which}.", "") for n in range(6) for which in ("one", "two")]
    found = [element.text_content() for _, element in skipped_blocks(kept, page)]
    assert found == [f"Spot {n}" for n in range(6)]


def test_an_h1_between_two_kept_paragraphs_is_a_section_heading_put_back() -> None:
    page = lxml_html.document_fromstring(
        "<html><body><div><p>It was the answer.</p><h1>Conclusions</h1><p>Nothing stretched me.</p></div></body></html>"
    )
    kept = [Block("paragraph", "It was the answer.", ""), Block("paragraph", "Nothing stretched me.", "")]
    assert [(after, element.text_content()) for after, element in skipped_blocks(kept, page)] == [(0, "Conclusions")]


def test_blocks_outside_the_pages_main_go_when_the_main_holds_most_of_the_result() -> None:
    page = lxml_html.document_fromstring(
        f"<html><body><main><p>{SENTENCE * 3}</p><table><tr><td>Roof</td><td>$8,000</td></tr></table></main>"
        "<div><p>Hey, I am the author of this blog.</p><p>Search</p></div></body></html>"
    )
    body = [Block("paragraph", (SENTENCE * 3).strip(), ""), Block("table", "Roof\t$8,000", "")]
    sidebar = [Block("paragraph", "Hey, I am the author of this blog.", ""), Block("paragraph", "Search", "")]
    assert inside_main([*body, *sidebar], page) == body


def test_blocks_outside_the_pages_main_stay_when_they_hold_most_of_the_result() -> None:
    page = lxml_html.document_fromstring(
        f"<html><body><main><p>Welcome</p></main><div><p>{SENTENCE * 3}</p></div></body></html>"
    )
    blocks = [Block("paragraph", "Welcome", ""), Block("paragraph", (SENTENCE * 3).strip(), "")]
    assert inside_main(blocks, page) == blocks


def test_the_share_of_posts_a_result_holds_counts_each_word_as_often_as_it_occurs() -> None:
    posts = lxml_html.fragments_fromstring("<div>Bake it twice, then bake it again.</div><div>Rest the dough.</div>")
    assert covered_share([Block("paragraph", "bake it twice", "")], posts) == 3 / 10
    assert covered_share([Block("paragraph", "Bake it twice, then bake it again. Rest the dough.", "")], posts) == 1.0
    assert covered_share([], []) == 1.0


def _card(n: int) -> str:
    return (
        f"<article><time>March {n}, 2026</time><a href='/posts/{n}'><img src='/p{n}.jpg'></a>"
        f"<a href='/posts/{n}'><h2>Title of post number {n}</h2></a>"
        f"<p>The teaser of post number {n} says what the post is about in a sentence or two.</p>"
        f"<a href='/authors/{n}'>Author {n}</a></article>"
    )


def test_the_linked_titles_of_cards_whose_teasers_were_kept_are_put_back_above_them() -> None:
    """A blog's index: trafilatura takes the first card, finds it short and gathers the page's paragraphs,
    which keeps each teaser and drops each title."""
    cards = "".join(_card(n) for n in range(8))
    html = f"<html><body><nav><a href='/'>Home</a></nav><main><h1>Blog</h1>{cards}</main></body></html>"
    text = scraper.extract(html).text
    for n in range(8):
        title, teaser = f"Title of post number {n}", f"The teaser of post number {n}"
        assert text.count(title) == 1 and text.index(title) < text.index(teaser)


def test_a_card_title_comes_back_from_either_linked_form_and_a_section_heading_does_not() -> None:
    page = lxml_html.document_fromstring(
        "<html><body><div><a href='/a'><h1>Card in an h1</h1></a><p>First teaser.</p></div>"
        "<div><h3><a href='/b'>Card with its link inside</a></h3><p> </p><p>Second teaser.</p></div>"
        "<div><h2>A section heading</h2><p>Third paragraph.</p></div>"
        "<div><a href='/d'><h2>Title already kept</h2></a><p>Fourth teaser.</p></div>"
        "<div><a href='/e'><h2>Whole card linked</h2><p>Fifth teaser.</p></a></div></body></html>"
    )
    lines = [
        "First teaser.",
        "Second teaser.",
        "Third paragraph.",
        "Title already kept",
        "Fourth teaser.",
        "Fifth teaser.",
    ]
    kept = [Block("paragraph", line, "") for line in lines]
    found = [(after, element.text_content()) for after, element in skipped_blocks(kept, page)]
    assert found == [(-1, "Card in an h1"), (0, "Card with its link inside"), (4, "Whole card linked")]


def _link_cards(count: int) -> lxml_html.HtmlElement:
    cards = "".join(
        f"<li><a href='/p/{n}'>Product {n}</a><div class='icon'></div><p>Teaser {n}.</p></li>" for n in range(count)
    )
    return lxml_html.document_fromstring(f"<html><body><ul>{cards}</ul></body></html>")


def test_bare_links_over_kept_paragraphs_are_card_titles_where_such_cards_repeat() -> None:
    kept = [Block("paragraph", f"Teaser {n}.", "") for n in range(3)]
    found = [(after, element.text_content()) for after, element in skipped_blocks(kept, _link_cards(3))]
    assert found == [(-1, "Product 0"), (0, "Product 1"), (1, "Product 2")]


def test_a_single_link_over_a_paragraph_is_not_a_card_title() -> None:
    """Alone it is a call to action over its pitch, or a citation."""
    kept = [Block("paragraph", "Teaser 0.", ""), Block("paragraph", "Teaser 1.", "")]
    assert skipped_blocks(kept, _link_cards(2)) == []


def test_a_few_short_marked_snippets_beside_a_discussion_do_not_replace_its_thread() -> None:
    posts = "".join(f"<article><p>Reply {n}: {SENTENCE * 4}</p></article>" for n in range(4))
    sidebar = "".join(f'<li><div itemprop="text">Newest answer from {who}</div></li>' for who in ("ines", "jun"))
    page = lxml_html.document_fromstring(
        f"<html><body><main>{posts}</main><aside><ul>{sidebar}</ul></aside></body></html>"
    )
    blocks = extract_blocks(page, url=None, include_tables=True, declared=Declared(discussion=True))
    assert all(any(f"Reply {n}:" in block.text for block in blocks) for n in range(4))


def _product_tiles() -> str:
    """A shop's product grid: each tile's brand, name, price and details in <div>s of a list item."""
    tiles = "".join(
        f"<li><div>Top rated</div><div>Brand{n}</div><div>Water Bottle number {n} with a screw cap</div>"
        f"<div>$1{n}.00</div><div>Capacity: <div> 3{n} fl. oz. </div></div></li>"
        for n in range(6)
    )
    intro = f"<p>{SENTENCE * 3}</p>"
    return f"<html><body><main><h1>Water bottles</h1>{intro}<ul>{tiles}</ul>{intro}</main></body></html>"


def test_the_lines_of_a_kept_list_item_written_as_divs_do_not_run_together() -> None:
    text = scraper.extract(_product_tiles()).text
    assert "Top rated Brand3 Water Bottle number 3 with a screw cap $13.00 Capacity: 33 fl. oz." in text


def test_posts_the_microdata_marks_replace_a_short_result_that_missed_them() -> None:
    """A thread that declares no discussion, its replies in a part of the page trafilatura drops whole."""
    opening = f'<article><h1>Will this work?</h1><div itemprop="text"><p>Opening post. {SENTENCE}</p></div></article>'
    replies = "".join(
        f'<div itemscope itemtype="https://schema.org/Comment"><div itemprop="text"><p>Reply {n}: {SENTENCE * 2}</p>'
        "</div></div>"
        for n in range(4)
    )
    page = lxml_html.document_fromstring(f"<html><body>{opening}<aside>{replies}</aside></body></html>")
    text = " ".join(block.text for block in extract_blocks(page, url=None, include_tables=True))
    assert "Opening post." in text
    assert all(f"Reply {n}:" in text for n in range(4))


@pytest.mark.parametrize("page_html", [_page_with_div_paragraphs, _product_tiles], ids=["div-paragraphs", "item-lines"])
def test_divs_are_read_as_paragraphs_only_for_the_second_run(page_html: Callable[[], str]) -> None:
    page = lxml_html.document_fromstring(page_html())
    before = lxml_html.tostring(page)
    extract_blocks(page, url=None, include_tables=True)
    assert lxml_html.tostring(page) == before


ZH_ITEM = [
    "北京市政府今天宣布，将在未来五年内投资建设新的地铁线路，以缓解城市交通拥堵问题。",
    "市交通委员会负责人表示，新线路将连接城市东部和西部的主要居住区，预计每天可运送乘客一百万人次。",
    "专家认为，这一计划将显著改善市民的出行体验，但也提醒政府注意控制建设成本。",
]


def test_a_short_news_item_in_chinese_is_read_as_its_paragraphs_not_as_the_page() -> None:
    """Under 250 characters trafilatura dumps the page; 160 Chinese characters are a whole news item."""
    menu = "".join(f"<li><a href='/{n}'>栏目{n}</a></li>" for n in range(6))
    related = "".join(f"<li><a href='/r/{n}'>上海发布新的住房补贴政策（{n}）</a></li>" for n in range(3))
    paragraphs = "".join(f"<p>{text}</p>" for text in ZH_ITEM)
    html = (
        "<html><head><title>北京将建设新的地铁线路</title></head><body>"
        f"<nav><ul>{menu}</ul></nav><article><h1>北京将建设新的地铁线路</h1>{paragraphs}"
        f"<h3>相关阅读</h3><ul>{related}</ul></article><footer>版权所有</footer></body></html>"
    )
    article = scraper.extract(html, url="https://news.example.cn/2026/04/14/ditie")
    assert article.text == "\n\n".join(ZH_ITEM)
