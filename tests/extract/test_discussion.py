"""A page that declares itself a discussion thread is read with trafilatura's full cascade."""

from __future__ import annotations

from lxml import html as lxml_html

from scraper.extraction.discussion import declared_posts, declares_discussion
from scraper.extraction.structured import read_structured_data


def declared(head: str, body: str = "<p>Post</p>") -> bool:
    tree = lxml_html.document_fromstring(f"<html><head>{head}</head><body>{body}</body></html>")
    return declares_discussion(read_structured_data(tree), tree)


def test_a_forum_posting_in_json_ld_is_a_discussion() -> None:
    graph = '{"@graph": [{"@type": "WebPage"}, {"@type": ["DiscussionForumPosting"], "headline": "New tank"}]}'
    assert declared(f'<script type="application/ld+json">{graph}</script>')


def test_a_question_page_in_microdata_is_a_discussion() -> None:
    assert declared("", '<div itemscope itemtype="https://schema.org/QAPage"><p>How do I?</p></div>')


def test_an_article_with_reader_comments_is_not_a_discussion() -> None:
    article = '{"@type": "NewsArticle", "headline": "Vote"}'
    comments = '<div itemscope itemtype="https://schema.org/Comment"><p>Great piece.</p></div>'
    assert not declared(f'<script type="application/ld+json">{article}</script>', comments)


def test_the_posts_are_the_elements_microdata_marks_as_their_words() -> None:
    tree = lxml_html.document_fromstring(
        "<html><body>"
        '<div itemscope itemtype="https://schema.org/Comment"><div itemprop="text"><p>First post</p>'
        '<blockquote itemprop="text">A quote marked inside it</blockquote></div></div>'
        "<p>Not a post</p>"
        '<div itemscope itemtype="https://schema.org/DiscussionForumPosting"><div itemprop="articleBody">Second post'
        "</div></div></body></html>"
    )
    posts = [post.text_content() for post in declared_posts(tree)]
    assert posts == ["First postA quote marked inside it", "Second post"]
