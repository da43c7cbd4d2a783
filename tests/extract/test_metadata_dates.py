"""Dates: declared ones with their offset, corroborated by the date shown beside the headline."""

from __future__ import annotations

import json

from lxml import html as lxml_html

from scraper.extraction.dates import ArticleDates, parse_date, read_dates
from scraper.extraction.structured import read_structured_data


def dates(head: str = "", body: str = "", url: str | None = None) -> ArticleDates:
    tree = lxml_html.fromstring(f"<html><head>{head}</head><body>{body}</body></html>")
    return read_dates(tree, read_structured_data(tree), url)


def published(head: str = "", body: str = "", url: str | None = None) -> tuple[str, str]:
    found = dates(head, body, url).published
    assert found is not None
    return found.value, found.source


def json_ld(**fields: str) -> str:
    return f'<script type="application/ld+json">{json.dumps({"@type": "NewsArticle", **fields})}</script>'


def test_a_declared_date_keeps_its_offset_and_says_where_it_came_from() -> None:
    found = dates(json_ld(datePublished="2024-05-14T09:30:00+02:00", dateModified="2024-05-15T08:00:00Z"))
    assert found.published is not None and found.modified is not None
    assert found.published.value == "2024-05-14T09:30:00+02:00"
    assert found.published.source == "json-ld datePublished"
    assert found.modified.value == "2024-05-15T08:00:00+00:00"


def test_a_declared_date_without_an_offset_gets_none_invented() -> None:
    meta = '<meta property="article:published_time" content="2024-05-14T09:30:00">'
    assert published(meta) == ("2024-05-14T09:30:00", "meta article:published_time")


def test_the_shown_date_corroborates_the_declared_one() -> None:
    body = "<h1>Harbour reopens</h1><p>By Ann Lee, 14 May 2024</p><p>The harbour reopened on Tuesday.</p>"
    shown = published(json_ld(datePublished="2024-05-14T09:30:00+02:00"), body)
    assert shown == ("2024-05-14T09:30:00+02:00", "json-ld datePublished, shown")


def test_a_date_shown_by_the_headline_is_used_when_none_is_declared_with_its_zone() -> None:
    body = "<h1>Harbour reopens</h1><div>By Ann Lee · 2019-11-19 23:46:00 UTC</div><p>The harbour reopened.</p>"
    assert published(body=body) == ("2019-11-19T23:46:00+00:00", "visible text by the headline")


def test_a_time_element_by_the_headline_is_read_from_its_datetime_attribute() -> None:
    body = '<h1>Harbour reopens</h1><p><time datetime="2023-03-02T07:15:00-05:00">March 2</time></p>'
    assert published(body=body) == ("2023-03-02T07:15:00-05:00", "<time> by the headline")


def test_a_year_in_the_headline_is_not_a_date() -> None:
    found = dates(body="<h1>The best laptops of 2025</h1><p>We tested forty laptops for this guide.</p>")
    assert found.published is None


def test_the_url_gives_a_date_when_the_page_gives_none() -> None:
    body = "<h1>Harbour reopens</h1><p>The harbour reopened.</p>"
    assert published(body=body, url="https://example.com/2021/06/03/harbour") == ("2021-06-03", "url")


def test_a_date_shown_without_a_time_comes_back_as_a_day() -> None:
    body = "<h1>Harbour reopens</h1><p>By Ann Lee, November 19, 2019</p><p>The harbour reopened on Tuesday.</p>"
    assert published(body=body) == ("2019-11-19", "visible text by the headline")


def test_the_urls_day_wins_over_a_declared_utc_time_that_falls_on_the_next_day() -> None:
    meta = '<meta property="article:published_time" content="2025-12-19T02:41:41+00:00">'
    body = '<h1>Comfort watches</h1><p><time datetime="2025-12-18T20:41:41-06:00">December 18</time></p>'
    url = "https://example.com/2025/12/18/comfort-watches/"
    assert published(meta, body, url) == ("2025-12-18T20:41:41-06:00", "<time> by the headline, as the url")


def test_a_shown_local_time_takes_its_offset_from_the_same_instant_declared_in_utc() -> None:
    meta = '<meta property="article:published_time" content="2019-11-20T02:59:46+00:00">'
    body = '<h1>Wild beat Sabres</h1><p><time datetime="2019-11-19T20:59:46">November 19</time></p>'
    url = "https://example.com/2019/11/19/wild-beat-sabres/"
    assert published(meta, body, url) == (
        "2019-11-19T20:59:46-06:00",
        "<time> by the headline, as the url, offset from meta article:published_time",
    )


def test_a_declared_instant_that_may_fall_on_the_urls_day_keeps_its_offset() -> None:
    meta = '<meta property="article:published_time" content="2025-12-19T02:41:41+00:00">'
    body = "<h1>Comfort watches</h1><p>Text.</p>"
    assert published(meta, body, "https://example.com/2025/12/18/watches/") == (
        "2025-12-19T02:41:41+00:00",
        "meta article:published_time",
    )
    assert published(meta, body, "https://example.com/2025/12/10/watches/") == ("2025-12-10", "url")


def test_a_json_ld_date_alone_loses_to_the_date_the_page_shows() -> None:
    declared = json_ld(datePublished="2025-01-29T20:47:55+00:00", dateModified="2025-08-19T09:00:00+00:00")
    body = "<h1>Photography trends</h1><p>Last updated: August 19, 2025</p><p>Trends change.</p>"
    assert published(declared, body) == ("2025-08-19T09:00:00+00:00", "visible text by the headline")


def test_a_json_ld_date_a_meta_tag_restates_stays_against_another_shown_date() -> None:
    meta = '<meta property="article:published_time" content="2025-01-29T20:47:55+00:00">'
    declared = json_ld(datePublished="2025-01-29T20:47:55+00:00") + meta
    body = "<h1>Photography trends</h1><p>Last updated: August 19, 2025</p><p>Trends change.</p>"
    assert published(declared, body) == ("2025-01-29T20:47:55+00:00", "json-ld datePublished")


def test_the_same_day_declared_twice_keeps_the_time_and_offset_of_the_more_precise() -> None:
    meta = '<meta property="article:published_time" content="2014-09-15T14:22:02+00:00">'
    assert published(json_ld(datePublished="2014-09-15") + meta) == (
        "2014-09-15T14:22:02+00:00",
        "meta article:published_time",
    )


def test_a_declared_date_in_words_with_a_zone_name_gets_that_zones_offset() -> None:
    meta = '<meta property="article:published_time" content="November 19, 2019, 07:47 PM EST">'
    assert published(meta) == ("2019-11-19T19:47:00-05:00", "meta article:published_time")


def test_dates_are_iso_8601_or_none() -> None:
    assert parse_date("2024-05-14") == "2024-05-14"
    assert parse_date("2024-05-14T00:00:00") == "2024-05-14T00:00:00"
    assert parse_date("Tue, 14 May 2024 09:30:00 GMT") == "2024-05-14T09:30:00+00:00"
    assert parse_date("2024-02-26T00:00:00+0000") == "2024-02-26T00:00:00+00:00"
    assert parse_date("last Tuesday") is None
    assert parse_date(None) is None


def test_comments_beside_the_headline_are_stepped_over() -> None:
    body = "<h1>Harbour reopens</h1><!-- byline --><p>By Ann Lee · 2019-11-19 23:46:00 UTC</p><!-- end -->"
    assert published(body=body) == ("2019-11-19T23:46:00+00:00", "visible text by the headline")


def test_a_declared_time_without_an_offset_takes_the_zone_the_page_shows_for_that_instant() -> None:
    meta = '<meta itemprop="datePublished" content="2019-11-19T23:46:00">'
    body = "<h1>Euro 2020 qualifying</h1><p>by Roger Gonzalez @rgonzalezcbs Nov 19, 2019 at 6:46 pm ET • 2 min read</p>"
    assert published(meta, body) == ("2019-11-19T18:46:00-05:00", "meta datepublished, offset shown, shown")
    same_local_time = '<meta itemprop="datePublished" content="2019-11-19T18:46:00">'
    assert published(same_local_time, body)[0] == "2019-11-19T18:46:00-05:00"
    other_time = '<meta itemprop="datePublished" content="2019-11-19T10:00:00">'
    assert published(other_time, body)[0] == "2019-11-19T10:00:00"


def test_a_shown_day_takes_the_time_and_offset_another_json_ld_object_gives_it() -> None:
    claim = json.dumps({"@type": "ClaimReview", "datePublished": "2019-11-18T10:15:00Z"})
    claim = f'<script type="application/ld+json">{claim}</script>'
    body = "<h1>Net worth rumour</h1><p>Dan Evon Published 18 November 2019</p><p>A rumour circulated.</p>"
    assert published(claim, body) == ("2019-11-18T10:15:00+00:00", "visible text by the headline")


def test_a_time_element_counts_only_where_the_page_shows_it_by_the_headline() -> None:
    declared = json_ld(datePublished="2023-10-11T11:47:02-05:00")
    filler = "<p>" + "Music is a universal language that weaves through ages and stages. " * 12 + "</p>"
    comment = '<footer><time datetime="2025-12-20">December 20, 2025</time></footer>'
    body = f"<h1>Music lessons</h1><p><time>October 11, 2023</time> by Autumn Huerter</p>{filler}{comment}"
    assert published(declared, body) == ("2023-10-11T11:47:02-05:00", "json-ld datePublished, shown")


def test_a_time_element_above_the_headline_is_shown_by_it() -> None:
    kicker = '<div>All posts · <time datetime="2023-10-12T19:38:01Z">10/12/2023 7:38 PM</time></div>'
    filler = "<p>" + "Airfare can cost a pretty decent chunk of money for a relocating family. " * 12 + "</p>"
    teaser = '<aside><time datetime="2025-12-18T16:00:05Z">12/18/2025</time></aside>'
    body = f"{kicker}<h1>Skiplagging</h1>{filler}{teaser}"
    assert published(body=body) == ("2023-10-12T19:38:01+00:00", "<time> by the headline")


def test_a_time_element_further_on_is_read_when_the_headline_shows_no_date() -> None:
    filler = "<p>" + "Filing is due in spring and most forms are online now for everyone. " * 12 + "</p>"
    body = f'<h1>Guide to filing</h1>{filler}<p>Page last modified <time datetime="2025-01-17">Jan. 17</time></p>'
    assert published(body=body) == ("2025-01-17", "<time> after the headline")


def test_a_time_element_by_the_headline_overrules_a_declared_day_far_from_it() -> None:
    meta = '<meta property="article:published_time" content="2013-03-11T11:11:07-07:00">'
    body = '<h1>Food myths</h1><p><time datetime="2023-03-20T00:00:00-07:00">March 20, 2023</time></p>'
    assert published(meta, body) == ("2023-03-20T00:00:00-07:00", "<time> by the headline")


def test_a_date_shown_before_the_declared_one_overrules_it() -> None:
    meta = '<meta property="article:published_time" content="2024-08-07T12:01:51Z">'
    body = "<h1>Startup lessons</h1><p>Sérgio Schüler</p><p>7 min read</p><p>Dec 30, 2013</p>"
    assert published(meta, body) == ("2013-12-30", "visible text by the headline")


def test_a_shown_update_does_not_overrule_the_declared_publication() -> None:
    meta = '<meta property="article:published_time" content="2016-02-25T10:00:00Z">'
    body = "<h1>Camping hammocks</h1><p>Last Updated: April 1, 2025</p>"
    assert published(meta, body) == ("2016-02-25T10:00:00+00:00", "meta article:published_time")
    modified = '<meta property="article:modified_time" content="2025-04-01T08:00:00Z">'
    in_time = '<h1>Camping hammocks</h1><p><time datetime="2025-04-01">April 1, 2025</time></p>'
    assert published(meta + modified, in_time)[0] == "2016-02-25T10:00:00+00:00"


def test_a_day_and_month_a_page_may_write_either_way_agrees_with_the_declared_day() -> None:
    meta = '<meta property="article:published_time" content="2025-12-10T23:00:00+00:00">'
    body = "<h1>Tech conferences</h1><p>Rachel MacDonald</p><p>12/11/25</p>"
    assert published(meta, body) == ("2025-12-10T23:00:00+00:00", "meta article:published_time")


def test_a_shown_day_and_its_clock_time_in_the_next_piece_take_the_offset_of_the_declared_instant() -> None:
    declared = json_ld(datePublished="2019-11-20T01:50:59.403Z")
    body = "<h1>Disney+ glitch</h1><p>By Meg James</p><p>Nov. 19, 2019</p><p>5:50 PM</p>"
    url = "https://example.com/story/2019-11-19/disney-plus"
    assert published(declared, body, url) == (
        "2019-11-19T17:50:00-08:00",
        "visible text by the headline, as the url, offset from json-ld datePublished",
    )


def test_json_ld_written_as_javascript_with_trailing_commas_is_still_read() -> None:
    script = """<script type="application/ld+json">{
      "@type": "NewsArticle", "datePublished": "2019-11-18T16:06:51-05:00",
      "keywords": ["Smart News", "Science", ], // the CMS leaves a comma
    }</script>"""
    assert published(script) == ("2019-11-18T16:06:51-05:00", "json-ld datePublished")


def test_an_earlier_date_above_the_headline_does_not_overrule_the_declared_one() -> None:
    meta = '<meta name="dc.date" content="2019-06-25">'
    body = "<p>Preprints are available, first published <b>04.Apr.2019</b>.</p><h1>Calm app trial</h1><p>Text.</p>"
    assert published(meta, body) == ("2019-06-25", "meta dc.date")


def test_a_date_in_the_prose_under_the_headline_is_not_the_articles_date() -> None:
    prose = "The end of the 2025 tax season for most Americans is April 15, 2025. If you cannot file by then, ask."
    prose += " You still have options."
    filler = "<p>" + "Most forms can be filed online, and free help is offered to many. " * 10 + "</p>"
    modified = '<p>Page last modified <time datetime="2025-01-17">Jan</time></p>'
    assert published(body=f"<h1>Filing your taxes</h1><p>{prose}</p>{filler}{modified}") == (
        "2025-01-17",
        "<time> after the headline",
    )


def test_a_date_written_the_east_asian_way_is_read_by_the_headline() -> None:
    for shown in ("2019年6月12日 10:35", "2023년 10월 15일", "2023 年 10 月 15 日"):
        day = "2019-06-12" if shown.startswith("2019") else "2023-10-15"
        assert published(body=f"<h1>市政府召开防汛工作会议</h1><div>{shown}</div><p>…</p>") == (
            day,
            "visible text by the headline",
        ), shown
    assert dates(body="<h1>市政府召开防汛工作会议</h1><div>2023年2月30日</div>").published is None


def test_without_an_h1_the_heading_the_title_holds_is_the_headline() -> None:
    head = "<title>週末の山歩き：高尾山から陣馬山へ | やまのぼり日記</title>"
    body = "<h2>最新記事</h2><h2>週末の山歩き：高尾山から陣馬山へ</h2><div>2023年10月15日</div>"
    assert published(head, body) == ("2023-10-15", "visible text by the headline")
    assert dates("<title>News | The Daily Example</title>", "<h2>News</h2><div>2023年10月15日</div>").published is None


def test_a_date_on_a_line_of_its_own_dates_a_page_that_declares_none() -> None:
    prose = "<p>" + "Webcams show the valley in 2025 as it was in 1925, from four points along the river. " * 4 + "</p>"
    body = f"<div><h2>Webcams</h2>{prose}<p>Last updated: November 13, 2025</p></div>"
    assert published(body=body) == ("2025-11-13", "htmldate (url, markup and text)")


def test_a_date_in_words_in_a_meta_tag_dates_a_page_that_declares_none_otherwise() -> None:
    head = '<meta name="published" content="July 17, 2025">'
    assert published(head, "<div><h2>Twelve tools</h2><p>The tools to use in 2025.</p></div>")[0] == "2025-07-17"
