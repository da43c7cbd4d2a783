"""The DOM chrome stage: widgets named by their attributes go, the article never does."""

from __future__ import annotations

from lxml import html as lxml_html

import scraper
from scraper.extraction.dom_chrome import labelled_elements, remove_dom_chrome

PROSE = "<p>" + "The council approved the budget after a long debate about road repairs and libraries. " * 3 + "</p>"


def page(body: str) -> lxml_html.HtmlElement:
    return lxml_html.fromstring(f"<html><body>{body}</body></html>")


def kinds(body: str) -> list[str]:
    return [kind for _, kind, _ in labelled_elements(page(body))]


def test_widgets_are_named_by_class_id_role_aria_and_data_attributes() -> None:
    assert kinds('<div class="newsletter-signup">x</div>') == ["newsletter"]
    assert kinds('<div id="paywall">x</div>') == ["paywall"]
    assert kinds('<section aria-label="Support our journalism" class="box">x</section>') == ["donation"]
    assert kinds('<div data-component="CookieBanner">x</div>') == ["consent"]
    assert kinds('<div class="c-ShareBar">x</div>') == ["share"]
    assert kinds('<ul class="related-articles">x</ul>') == ["teaser"]


def test_short_names_match_only_as_whole_tokens() -> None:
    assert kinds('<div class="ad">x</div>') == ["ad-notice"]
    assert kinds('<div class="header loading">x</div>') == []


def test_embedded_posts_are_content_even_inside_social_markup() -> None:
    assert kinds('<blockquote class="twitter-tweet social-media-embed">x</blockquote>') == []


def test_urls_in_data_attributes_say_nothing() -> None:
    assert kinds('<a class="quote" data-link="https://twitter.com/share?text=x">A quotable line</a>') == []


def test_widgets_are_removed_and_listed() -> None:
    tree = page(PROSE + '<div class="donate-box"><p>Give now to keep us going.</p></div>' + PROSE)
    result = remove_dom_chrome(tree, max_share=0.5)
    assert [(block.kind, block.text) for block in result.removed] == [("donation", "Give now to keep us going.")]
    assert "Give now" not in tree.text_content()


def test_an_element_holding_most_of_the_prose_is_the_article_whatever_its_class() -> None:
    tree = page(f'<div class="entry-content read-more-wrapper">{PROSE}{PROSE}</div><div class="related">x</div>')
    result = remove_dom_chrome(tree, max_share=0.9)
    assert [block.kind for block in result.removed] == ["teaser"]
    assert "council approved" in tree.text_content()


def test_the_safety_net_undoes_removals_that_would_take_most_of_the_page() -> None:
    widget = '<div class="share-tools">' + "Share this with everyone you know today. " * 20 + "</div>"
    tree = page(widget + "<p>Short note.</p>")
    result = remove_dom_chrome(tree, max_share=0.5)
    assert result.undone
    assert result.removed == []
    assert "Share this" in tree.text_content()


def test_keep_selectors_protect_an_element_and_its_ancestors() -> None:
    tree = page('<div class="related"><p class="keep-me">Kept.</p></div>' + PROSE)
    result = remove_dom_chrome(tree, keep_selectors=[".keep-me"], max_share=0.5)
    assert result.removed == []
    assert "Kept." in tree.text_content()


def test_keep_selectors_protect_only_what_they_match() -> None:
    # Many kept nodes and many widgets: any bookkeeping by the id() of lxml's short-lived proxies, which
    # later proxies of other nodes reuse, protects widgets at random.
    kept = '<div class="keep-me">' + "<span>Kept words.</span>" * 300 + "</div>"
    widgets = "".join(f'<div class="share-tools"><a href="/s{n}">Share this</a></div>' for n in range(30))
    tree = page(kept + PROSE + widgets)
    result = remove_dom_chrome(tree, keep_selectors=[".keep-me"], max_share=0.5)
    assert len(result.removed) == 30
    assert "Share this" not in tree.text_content()
    assert "Kept words." in tree.text_content()


def test_drop_selectors_remove_what_the_user_names() -> None:
    tree = page('<div class="house-promo">Buy the mug.</div>' + PROSE)
    result = remove_dom_chrome(tree, drop_selectors=[".house-promo"], max_share=0.5)
    assert [(block.rule, block.text) for block in result.removed] == [("selector:.house-promo", "Buy the mug.")]


def test_an_invalid_selector_matches_nothing_instead_of_failing() -> None:
    result = remove_dom_chrome(page(PROSE), drop_selectors=["div[["], max_share=0.5)
    assert result.removed == []


def test_front_matter_beside_the_headline_is_lifted_out() -> None:
    tree = page(f'<header><h1>Title</h1><p class="byline">By Ann Lee</p></header><div class="body">{PROSE}</div>')
    result = remove_dom_chrome(tree, max_share=0.5)
    assert [(block.rule, block.text) for block in result.removed] == [("front-matter", "By Ann Lee")]


def test_a_standfirst_beside_the_headline_is_article_text() -> None:
    standfirst = "The council voted at last, after a year of delays."
    html = f'<header><h1>Title</h1><p class="dek">{standfirst}</p></header><div class="body">{PROSE}</div>'
    assert remove_dom_chrome(page(html), max_share=0.5).removed == []
    article = scraper.extract(
        f"<html><head><meta name='description' content='{standfirst}'></head><body>{html}</body></html>"
    )
    assert article.text.startswith(standfirst)


def test_front_matter_words_far_from_the_headline_are_left_alone() -> None:
    tree = page(
        f'<header><h1>Title</h1></header><main><div><div><div><p class="date">{PROSE}</p></div></div></div></main>'
    )
    assert remove_dom_chrome(tree, max_share=0.9).removed == []


def test_with_attribute_rules_off_only_the_named_selectors_go() -> None:
    tree = page('<div class="newsletter">Sign up.</div><div class="house-promo">Buy the mug.</div>' + PROSE)
    result = remove_dom_chrome(tree, drop_selectors=[".house-promo"], max_share=0.5, attribute_rules=False)
    assert [block.text for block in result.removed] == ["Buy the mug."]
    assert "Sign up." in tree.text_content()


def test_a_heading_is_not_removed_for_its_class_name_alone() -> None:
    tree = page(PROSE + '<h3 class="kt-adv-heading">Adjustable lumbar support</h3>' + PROSE)
    assert remove_dom_chrome(tree, max_share=0.5).removed == []
    assert "Adjustable lumbar support" in tree.text_content()


def test_a_link_inside_a_sentence_is_not_removed_for_its_class_name_alone() -> None:
    sentence = (
        '<p>Feed them every three weeks. Avoid the urge to <a class="recommendation-inline-link" href="/feed">'
        "overfertilize</a>; you will get lots of leaves but fewer vegetables.</p>"
    )
    tree = page(PROSE + sentence + '<a class="recommendation-card" href="/more">More garden guides</a>' + PROSE)
    assert [block.text for block in remove_dom_chrome(tree, max_share=0.5).removed] == ["More garden guides"]
    assert "Avoid the urge to overfertilize; you will" in tree.text_content()


def test_a_text_element_whose_words_are_chrome_too_is_removed() -> None:
    tree = page(PROSE + '<p class="subscribe-prompt">Subscribe now for unlimited access.</p>' + PROSE)
    assert [block.kind for block in remove_dom_chrome(tree, max_share=0.5).removed] == ["subscription"]


def test_a_container_of_prose_needs_a_chrome_cue_in_its_words() -> None:
    story = "<p>" + "The river rose overnight and the ferry stopped running until the water fell again. " * 3 + "</p>"
    tree = page(PROSE + f'<div class="promo-wrapper">{story}</div>' + PROSE)
    assert remove_dom_chrome(tree, max_share=0.9).removed == []
    appeal = "<p>" + "Our reporting is free to read, and we rely on readers. Donate now to keep it going. " * 2 + "</p>"
    tree = page(PROSE + f'<div class="promo-wrapper">{appeal}</div>' + PROSE)
    assert [block.kind for block in remove_dom_chrome(tree, max_share=0.9).removed] == ["teaser"]


def test_a_byline_class_after_the_body_has_begun_is_body_text() -> None:
    quote = '<blockquote><p>It saved our season.</p><div class="author">Maria Lopez, Lopez Farms</div></blockquote>'
    tree = page(f'<div class="head"><h1>Harvest</h1><div class="byline">By Ann Lee</div></div>{PROSE}{quote}{PROSE}')
    removed = [block.text for block in remove_dom_chrome(tree, max_share=0.5).removed]
    assert removed == ["By Ann Lee"]
    assert "Maria Lopez" in tree.text_content()


def test_stems_open_a_word_of_the_name_and_never_sit_inside_one() -> None:
    assert kinds('<div class="leadblock">x</div>') == []
    assert kinds('<div class="adblock-notice">x</div>') == ["ad-notice"]
    assert kinds('<div class="articlePaywall">x</div>') == ["paywall"]


def test_a_short_prefix_shared_by_many_class_names_is_a_namespace() -> None:
    components = "".join(f'<div class="cmp-{name}">x</div>' for name in ("text", "image", "title", "teaser"))
    assert kinds(components) == []
    assert kinds('<div class="qc-cmp2-container cmp">x</div>') == ["consent"]


def test_expand_and_collapse_toggles_are_not_teasers() -> None:
    assert kinds('<div class="read-more-toggle">x</div>') == []
    assert kinds('<div class="read-more collapse">x</div>') == []


def test_a_related_section_of_unlinked_prose_is_not_a_teaser() -> None:
    instructions = (
        "<p>If you are looking for help with a civil legal problem, enter an address or city below to find "
        "an organization near you.</p><p>You can also call the helpline, which answers on weekdays between "
        "nine and five, and ask for the office that serves your county.</p>"
    )
    tree = page(f'<div class="body">{PROSE}</div><div id="map-and-related">{instructions}</div>')
    assert remove_dom_chrome(tree, max_share=0.9).removed == []


def test_a_related_box_of_links_is_a_teaser() -> None:
    links = "".join(f'<li><a href="/story/{n}">Another story about the council, part {n}</a></li>' for n in range(5))
    tree = page(f'<div class="body">{PROSE}</div><div class="related-stories"><ul>{links}</ul></div>')
    assert [block.kind for block in remove_dom_chrome(tree, max_share=0.9).removed] == ["teaser"]
