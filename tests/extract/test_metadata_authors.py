"""Authors: clean names from JSON-LD, the visible byline and <meta>; a real byline beats the site's name."""

from __future__ import annotations

import json

import pytest
from lxml import html as lxml_html

from scraper.extraction.authors import FoundAuthors, clean_byline, read_authors
from scraper.extraction.structured import read_structured_data, site_names


def authors(head: str = "", body: str = "", url: str = "https://news.example.com/a") -> FoundAuthors:
    tree = lxml_html.fromstring(f"<html><head>{head}</head><body>{body}</body></html>")
    data = read_structured_data(tree)
    return read_authors(tree, data, site_names(data, "Example News", url))


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        ("Roger Gonzalez @rgonzalezcbs Nov 19, 2019 at 6:46 pm ET • 2 min read", ["Roger Gonzalez"]),
        (
            "Martin Untersinger (avec Damien Leloup, Morgane Tual)",
            ["Martin Untersinger", "Damien Leloup", "Morgane Tual"],
        ),
        ("Analysis by Chris Cillizza, CNN Editor-at-large", ["Chris Cillizza"]),
        ("By Jane Doe and John Roe", ["Jane Doe", "John Roe"]),
        ("Von Katrin Albers", ["Katrin Albers"]),
        ("بقلم أحمد سالم", ["أحمد سالم"]),
        ("מאת דנה כהן", ["דנה כהן"]),
        ("Oleh: Budi Santoso", ["Budi Santoso"]),
        ("Yazar: Ayşe Demir", ["Ayşe Demir"]),
        ("Autor: Jan Nowak", ["Jan Nowak"]),
        ("लेखक: राहुल शर्मा", ["राहुल शर्मा"]),
        ("김민수 기자", ["김민수"]),
        ("Written by Meghan Neville Content Marketing Coordinator", ["Meghan Neville"]),
        ("Genevieve Carlton, Ph.D.", ["Genevieve Carlton, Ph.D."]),
        ("Dylan Bailey, MS, RD and Ann Lee", ["Dylan Bailey, MS, RD", "Ann Lee"]),
        ("Jane Doe, AP", ["Jane Doe"]),
        ("Maria &amp; Katerina", ["Maria", "Katerina"]),
        ("Dr Marna van der Merwe, Erik van Vulpen", ["Dr Marna van der Merwe", "Erik van Vulpen"]),
        ("China Daily / Reuters", ["China Daily / Reuters"]),
        ("Podium Staff", ["Podium Staff"]),
        ("98 Buck Social", ["98 Buck Social"]),
        ("20 Nov 2019 08: 00 GMT", []),
        ("ridwan123 May 27, 2025", ["ridwan123"]),
        ("Tom May", ["Tom May"]),
        ("Dec. 19, 2025 · Niko Matsakis", ["Niko Matsakis"]),
        ("https://example.com/authors/jane", []),
        ("Paramita (Guha) Ghosh", ["Paramita (Guha) Ghosh"]),
        ("Jean-Luc Aufranc (CNXSoft)", ["Jean-Luc Aufranc (CNXSoft)"]),
        ("Jane Doe (AP)", ["Jane Doe"]),
        ('"David Kim"', ["David Kim"]),
    ],
)
def test_a_byline_keeps_the_names_only(byline: str, names: list[str]) -> None:
    assert clean_byline(byline) == names


def test_text_read_off_the_page_must_look_like_a_name() -> None:
    assert clean_byline("Ellen O'Brien Ellen is an editor", strict=True) == []
    assert clean_byline("of this article", strict=True) == []
    assert clean_byline("Marna van der Merwe", strict=True) == ["Marna van der Merwe"]


def test_a_byline_label_alone_is_no_name() -> None:
    assert clean_byline("The Author", strict=True) == []
    assert clean_byline("About the Author") == []
    assert clean_byline("Jane Doe, Author") == ["Jane Doe"]


def test_a_json_ld_author_reference_is_followed_into_the_graph() -> None:
    graph = {
        "@graph": [
            {"@type": "BlogPosting", "headline": "H", "author": {"@id": "https://news.example.com/#/person/1"}},
            {"@type": "Person", "@id": "https://news.example.com/#/person/1", "name": "Ann Lee"},
        ]
    }
    found = authors(f'<script type="application/ld+json">{json.dumps(graph)}</script>')
    assert found == FoundAuthors(("Ann Lee",), "json-ld author")


def test_a_byline_beats_an_author_that_is_the_site_itself() -> None:
    head = '<meta name="author" content="Example News">'
    body = '<h1>Harbour reopens</h1><div class="story-author">By <a href="/staff/ann-lee">Ann Lee</a></div>'
    assert authors(head, body) == FoundAuthors(("Ann Lee",), "byline markup")
    assert authors(head, "<h1>Harbour reopens</h1><p>No byline.</p>").names == ("Example News",)


def test_the_byline_nearest_the_headline_wins_over_teasers_and_comments() -> None:
    body = (
        '<aside><span class="author">Tom Teaser</span></aside>'
        "<h1>Harbour reopens</h1>"
        '<p class="post-author">Ann Lee</p>'
        '<div class="comment-author">Carl Commenter</div>'
        '<div class="related"><span class="author">Rita Related</span></div>'
    )
    assert authors(body=body).names == ("Ann Lee",)


def test_a_by_line_printed_as_text_below_the_headline_is_read() -> None:
    body = "<h1>Harbour reopens</h1><p>Written by</p><p>Edzel Tabing</p><p>The harbour reopened on Tuesday.</p>"
    assert authors(body=body) == FoundAuthors(("Edzel Tabing",), "byline text by the headline")


def test_a_link_to_an_author_page_is_a_byline_but_other_links_are_not() -> None:
    body = '<h1>Harbour reopens</h1><a href="/news/harbour">Harbour News</a> <a href="/authors/ann-lee">Ann Lee</a>'
    assert authors(body=body).names == ("Ann Lee",)
    account = '<a href="https://members.example.com/s/#/profile/my_info">Member Login</a><h1>Harbour reopens</h1>'
    assert authors(body=account).names == ()  # a single-page app's route after '#' is no author page
    topic = '<h1>Harbour reopens</h1><div class="byline"><span class="byline__tag"><a href="/tag/port">Port</a></span>'
    assert authors(body=topic + "</div>").names == ()  # a topic link set in the byline's box
    assert authors(body=topic + ' By <a href="/authors/ann-lee">Ann Lee</a></div>').names == ("Ann Lee",)


def test_a_posted_by_line_below_the_article_names_the_author_when_nothing_else_does() -> None:
    body = "<h1>Harbour reopens</h1>" + "<p>The harbour reopened on Tuesday after repairs.</p>" * 20
    body += "<p>Posted by Colin Watson</p>"
    assert authors(body=body) == FoundAuthors(("Colin Watson",), "byline text after the article")


def test_a_labelled_written_by_pair_beats_the_visible_byline() -> None:
    head = '<meta name="twitter:label1" content="Written by"><meta name="twitter:data1" content="Erica Needham">'
    body = '<h1>Headline</h1><div class="byline">By Brian Stormont</div>'
    assert authors(head, body) == FoundAuthors(("Erica Needham",), "meta twitter:label1 written by")
    head = '<meta name="twitter:label1" content="Est. reading time"><meta name="twitter:data1" content="4 minutes">'
    assert authors(head, body).names == ("Brian Stormont",)


def test_marked_up_authors_may_be_user_names() -> None:
    assert authors(body='<h1>Headline</h1><span class="author vcard"><a rel="author">whova</a></span>').names == (
        "whova",
    )
    assert authors(body='<h1>Headline</h1><div class="author">whova is an events app</div>').names == ()
    post = (
        '<h1>Which GPU?</h1><section itemprop="author" class="message-user"><a itemprop="name">ridwan123</a>'
        "<dl><dt>Joined</dt><dd>May 27, 2025</dd><dt>Messages</dt><dd>10</dd></dl>"
        + "<p>Member since the early days of the forum, posting about graphics cards.</p>" * 3
        + "</section>"
    )
    assert authors(body=post).names == ("ridwan123",)


def test_a_joint_byline_printed_one_author_per_element_is_read_whole() -> None:
    body = (
        '<h1>Efficacy of a meditation app</h1><p><span class="info__authors">Jennifer Huberty <sup>1</sup>;</span>'
        '<span class="info__authors">Jeni Green <sup>1</sup>;</span> <span class="info__authors">Chong Lee</span></p>'
    )
    assert authors(body=body).names == ("Jennifer Huberty", "Jeni Green", "Chong Lee")
    edited = (
        '<h1>Cloud stocks</h1><p><a class="name" href="/authors/scott-levine/">Scott Levine</a> Edited by '
        '<a class="name" href="/authors/frank-bass/">Frank Bass</a></p>'
    )
    assert authors(body=edited).names == ("Scott Levine",)


def test_a_role_in_its_own_element_after_the_name_is_not_part_of_the_name() -> None:
    body = (
        "<h1>The best smart home hubs</h1>"
        '<div class="author-card"><p class="name">Harry Rabinowitz</p><p class="job">Tech Reporter</p></div>'
    )
    assert authors(body=body).names == ("Harry Rabinowitz",)
