"""`kind = "site"` sources: feeds and sitemaps found from a homepage, news sitemaps, `scraper discover`,
and following links; end to end against a real server on loopback, the CLI run as a subprocess."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from scraper.cli import exit_codes
from scraper.config import SourceConfig
from scraper.errors import ConfigError
from scraper.sources import parse_sitemap
from scraper.sources.site import feed_links, page_links, robots_sitemaps, same_site
from tests.run.conftest import RSS, XML, article_html, query, rss, run_scraper, sitemap_index, urlset, write_config
from tests.support.server import LocalServer, Reply

NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
TEXT = "text/plain"


def news_sitemap(entries: list[tuple[str, str, str]]) -> bytes:
    """A Google News sitemap: (loc, publication date, title) per story, in English."""
    urls = "".join(
        f"<url><loc>{loc}</loc><news:news><news:publication><news:name>Example News</news:name>"
        f"<news:language>en</news:language></news:publication>"
        f"<news:publication_date>{published}</news:publication_date><news:title>{title}</news:title>"
        f"</news:news></url>"
        for loc, published, title in entries
    )
    return (
        f"<?xml version='1.0' encoding='UTF-8'?><urlset xmlns='{SITEMAP_NS}' xmlns:news='{NEWS_NS}'>{urls}</urlset>"
    ).encode()


def homepage(links: list[str], *, feed: str | None = None) -> bytes:
    """A front page: a list of linked headlines (a hub), and a feed announced in its head if given."""
    announced = f'<link rel="alternate" type="application/rss+xml" title="News" href="{feed}">' if feed else ""
    items = "".join(f"<li><a href='{link}'>Headline of the story at {link}</a></li>" for link in links)
    return (
        f"<!doctype html><html><head><title>Example News</title>{announced}</head>"
        f"<body><h1>Example News</h1><ul>{items}</ul></body></html>"
    ).encode()


def site_source(url: str, extra: str = "") -> str:
    return textwrap.dedent(
        f"""
        [[sources]]
        name = "example"
        kind = "site"
        url = "{url}"
        """
    ) + textwrap.dedent(extra)


def write_daily_config(directory: Path, sources: str) -> Path:
    """The tests' config, with known pages checked again only after a day: a second run fetches only new ones."""
    path = write_config(directory, sources)
    path.write_text(path.read_text().replace("recheck_interval_minutes = 0.0", "recheck_interval_minutes = 1440.0"))
    return path


def stored(database: Path) -> list[str]:
    return sorted(str(row[0]) for row in query(database, "SELECT canonical_url FROM articles"))


def article_fetches(server: LocalServer) -> int:
    return sum(1 for request in server.requests if request.path.startswith("/news/"))


# parsing


def test_a_news_sitemap_gives_publication_date_title_and_language() -> None:
    content = news_sitemap([("https://a.example/news/1", "2026-11-03T08:30:00+01:00", "Ferry  timetable\n changes")])
    content = content.replace(b"</news:news>", b"</news:news><lastmod>2026-11-20</lastmod>")

    (entry,) = parse_sitemap(content, url="https://a.example/news-sitemap.xml")

    assert entry.url == "https://a.example/news/1"
    assert entry.dated == datetime(2026, 11, 3, 7, 30, tzinfo=UTC), "the publication date wins over <lastmod>"
    assert entry.lastmod == "2026-11-20"
    assert (entry.title, entry.language) == ("Ferry timetable changes", "en")


def test_a_plain_sitemap_entry_has_no_news_fields() -> None:
    (entry,) = parse_sitemap(urlset([("https://a.example/1", "2026-11-02")]), url="https://a.example/s.xml")

    assert entry.dated == datetime(2026, 11, 2, tzinfo=UTC)
    assert (entry.title, entry.language) == (None, None)


def test_feed_links_are_the_announced_rss_and_atom_feeds_made_absolute() -> None:
    page = (
        "<html><head><base href='/section/'>"
        "<link rel='alternate' type='application/rss+xml' href='feed.xml'>"
        "<link rel='Alternate' type='application/atom+xml; charset=utf-8' href='https://feeds.example/atom'>"
        "<link rel='alternate' type='application/json' href='/feed.json'>"
        "<link rel='alternate' hreflang='de' href='/de/'>"
        "<link rel='stylesheet' type='application/rss+xml' href='/not-a-feed.xml'></head></html>"
    )

    assert feed_links(page, url="https://a.example/") == [
        "https://a.example/section/feed.xml",
        "https://feeds.example/atom",
    ]


def test_robots_sitemap_lines_are_read_whatever_their_case_and_made_absolute() -> None:
    robots = "User-agent: *\nDisallow: /private\nSitemap: https://a.example/index.xml\nsitemap: /news.xml\n"

    assert robots_sitemaps(robots, url="https://a.example/robots.txt") == [
        "https://a.example/index.xml",
        "https://a.example/news.xml",
    ]


def test_page_links_are_absolute_web_links_without_fragments() -> None:
    page = (
        "<html><body><a href='/news/1#comments'>1</a><a href='#top'>top</a><a href='mailto:a@a.example'>m</a>"
        "<a href='javascript:void(0)'>j</a><a href='2'>2</a><a>none</a></body></html>"
    )

    assert list(page_links(page, url="https://a.example/news/")) == [
        "https://a.example/news/1",
        "https://a.example/news/2",
    ]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://a.example/x", True),
        ("http://www.a.example/x", True),
        ("https://A.EXAMPLE./x", True),
        ("https://cdn.a.example/x", False),
        ("https://b.example/x", False),
    ],
)
def test_same_site_means_the_same_host_with_or_without_www(url: str, expected: bool) -> None:
    assert same_site(url, "https://www.a.example/") is expected


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"kind": "feed", "url": "https://a.example/rss", "follow": True}, "for kind 'site'"),
        ({"kind": "sitemap", "url": "https://a.example/s.xml", "max_depth": 2}, "for kind 'site'"),
        ({"kind": "site", "url": "https://a.example/", "max_depth": 0}, "at least 1"),
        ({"kind": "site"}, "needs 'url'"),
    ],
)
def test_site_settings_are_checked(fields: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        SourceConfig(name="s", **fields)  # type: ignore[arg-type]


# a whole site


@pytest.fixture
def news_site() -> Iterator[LocalServer]:
    """A homepage announcing its feed (a, b, c), a robots.txt naming a sitemap index that lists a news
    sitemap (c, d, e: e published long ago) and a plain sitemap (f)."""
    with LocalServer() as server:
        for slug in "abcdef":
            server.add(f"/news/{slug}.html", Reply(body=article_html(slug), etag=f'"{slug}"'))
        server.add("/", Reply(body=homepage(["/news/a.html"], feed="/feed.xml")))
        server.add(
            "/feed.xml",
            Reply(body=rss([server.url(f"/news/{slug}.html") for slug in "abc"]), content_type=RSS, etag='"f"'),
        )
        server.add(
            "/robots.txt",
            Reply(
                body=f"User-agent: *\nAllow: /\nSitemap: {server.url('/sitemap-index.xml')}\n".encode(),
                content_type=TEXT,
            ),
        )
        server.add(
            "/sitemap-index.xml",
            Reply(
                body=sitemap_index([(server.url("/news-sitemap.xml"), ""), (server.url("/pages.xml"), "")]),
                content_type=XML,
                etag='"i"',
            ),
        )
        now = datetime.now(UTC)
        server.add(
            "/news-sitemap.xml",
            Reply(
                body=news_sitemap(
                    [
                        (server.url("/news/c.html"), (now - timedelta(hours=2)).isoformat(), "C"),
                        (server.url("/news/d.html"), (now - timedelta(hours=30)).isoformat(), "D"),
                        (server.url("/news/e.html"), (now - timedelta(days=40)).isoformat(), "E"),
                    ]
                ),
                content_type=XML,
                etag='"n"',
            ),
        )
        server.add("/pages.xml", Reply(body=urlset([(server.url("/news/f.html"), "")]), content_type=XML, etag='"p"'))
        yield server


def test_a_site_source_finds_its_feed_and_sitemaps_and_stores_every_article_once(
    news_site: LocalServer, tmp_path: Path
) -> None:
    config = write_daily_config(tmp_path, site_source(news_site.url("/"), "max_age_days = 7\n"))

    done = run_scraper("run", "--config", str(config), cwd=tmp_path)

    assert done.returncode == exit_codes.OK, done.stderr
    database = tmp_path / "scraper.sqlite3"
    # e's publication date is 40 days old: max_age_days applies to news sitemaps' dates.
    assert stored(database) == [news_site.url(f"/news/{slug}.html") for slug in "abcdf"]
    assert news_site.hits("/news/c.html") == 1, "listed by the feed and the news sitemap, fetched once"
    assert news_site.hits("/news/e.html") == 0
    assert news_site.hits("/") == 1, "the homepage is read for its offers, not stored"
    offers = query(database, "SELECT kind, url, found_via FROM site_offers ORDER BY kind, url")
    assert offers == [
        ("feed", news_site.url("/feed.xml"), f"<link rel=alternate> on {news_site.url('/')}"),
        ("sitemap", news_site.url("/sitemap-index.xml"), "robots.txt"),
    ]


def test_a_second_run_with_nothing_new_fetches_no_article(news_site: LocalServer, tmp_path: Path) -> None:
    config = write_daily_config(tmp_path, site_source(news_site.url("/")))
    assert run_scraper("run", "--config", str(config), cwd=tmp_path).returncode == exit_codes.OK
    before = article_fetches(news_site)

    again = run_scraper("run", "--config", str(config), cwd=tmp_path)

    assert again.returncode == exit_codes.OK, again.stderr
    assert article_fetches(news_site) == before
    assert news_site.hits("/") == 2, "refresh_minutes = 0: the site is discovered again every run"
    feed_requests = news_site.requests_for("/feed.xml")
    assert feed_requests[-1].headers.get("if-none-match") == '"f"', "the feed is read with a conditional GET"


def test_a_site_is_not_discovered_again_before_its_refresh_interval(news_site: LocalServer, tmp_path: Path) -> None:
    config = write_config(tmp_path, site_source(news_site.url("/"), "refresh_minutes = 60\n"))
    assert run_scraper("run", "--config", str(config), cwd=tmp_path).returncode == exit_codes.OK

    assert run_scraper("run", "--config", str(config), cwd=tmp_path).returncode == exit_codes.OK

    assert news_site.hits("/") == 1
    assert news_site.hits("/feed.xml") == 1


def test_status_shows_what_a_site_offers_and_where_it_was_found(news_site: LocalServer, tmp_path: Path) -> None:
    config = write_config(tmp_path, site_source(news_site.url("/")))
    assert run_scraper("run", "--config", str(config), cwd=tmp_path).returncode == exit_codes.OK

    text = run_scraper("status", "--config", str(config), cwd=tmp_path)
    as_json = run_scraper("status", "--config", str(config), "--format", "json", cwd=tmp_path)

    assert text.returncode == exit_codes.OK, text.stderr
    assert f"example: sitemap {news_site.url('/sitemap-index.xml')} (from robots.txt" in text.stdout
    assert f"example: feed {news_site.url('/feed.xml')} (from <link rel=alternate> on" in text.stdout
    offers = json.loads(as_json.stdout)["site_offers"]
    assert [(offer["kind"], offer["found_via"]) for offer in offers] == [
        ("feed", f"<link rel=alternate> on {news_site.url('/')}"),
        ("sitemap", "robots.txt"),
    ]


def test_scraper_discover_lists_the_offers_and_a_sources_table(news_site: LocalServer, tmp_path: Path) -> None:
    done = run_scraper("discover", news_site.url("/"), "--allow-private", cwd=tmp_path)

    assert done.returncode == exit_codes.OK, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == f"{news_site.url('/')} offers:"
    assert lines[1].split() == [
        "feed",
        news_site.url("/feed.xml"),
        "from",
        "<link",
        "rel=alternate>",
        "on",
        news_site.url("/"),
    ]
    assert lines[2].split() == ["sitemap", news_site.url("/sitemap-index.xml"), "from", "robots.txt"]
    # The index and its two sitemaps: c, d, e in the news sitemap (c published 2 hours ago), f in the other.
    newest = (datetime.now(UTC) - timedelta(hours=2)).strftime("%Y-%m-%d")
    assert lines[3].strip().startswith(f"3 sitemaps: 4 pages, 3 news stories (en), the newest {newest} ")
    assert 'kind = "site"' in lines and f'url = "{news_site.url("/")}"' in lines
    assert article_fetches(news_site) == 0


def test_scraper_discover_refuses_what_is_not_a_url_and_reports_a_page_it_cannot_fetch(tmp_path: Path) -> None:
    not_url = run_scraper("discover", "example.com", cwd=tmp_path)
    with LocalServer() as server:
        server.add("/", Reply(status=500))
        failing = run_scraper("discover", server.url("/"), "--allow-private", cwd=tmp_path)

    assert (not_url.returncode, not_url.stderr) == (
        exit_codes.USAGE,
        "scraper: error: not an http(s) URL: example.com\n",
    )
    assert failing.returncode == exit_codes.FETCH_FAILED
    assert failing.stderr.startswith("scraper: error:") and failing.stderr.count("\n") == 1


def test_usual_paths_are_tried_when_nothing_is_announced_and_only_real_feeds_count(tmp_path: Path) -> None:
    with LocalServer() as server:
        server.add("/", Reply(body=homepage(["/news/a.html"])))
        # Sites that answer any path with their homepage: a 200 that is no feed.
        server.add("/feed", Reply(body=homepage([])))
        server.add("/rss", Reply(body=rss([server.url("/news/a.html")]), content_type=RSS))
        server.add("/sitemap.xml", Reply(body=urlset([(server.url("/news/b.html"), "")]), content_type=XML))

        done = run_scraper("discover", server.url("/"), "--allow-private", "--format", "json", cwd=tmp_path)

    assert done.returncode == exit_codes.OK, done.stderr
    assert json.loads(done.stdout)["offers"] == [
        {"kind": "feed", "url": server.url("/rss"), "found_via": "common path"},
        {"kind": "sitemap", "url": server.url("/sitemap.xml"), "found_via": "common path"},
    ]
    (summary,) = json.loads(done.stdout)["sitemaps"]
    assert (summary["url"], summary["pages"], summary["news_stories"]) == (server.url("/sitemap.xml"), 1, 0)


def test_a_site_that_offers_nothing_is_a_failed_source_with_a_reason(tmp_path: Path) -> None:
    with LocalServer() as server:
        server.add("/", Reply(body=homepage(["/news/a.html"])))
        config = write_config(tmp_path, site_source(server.url("/")))

        done = run_scraper("run", "--config", str(config), "--summary", cwd=tmp_path)

    assert done.returncode == exit_codes.PARTIAL
    errors = query(
        tmp_path / "scraper.sqlite3", "SELECT last_error FROM source_documents WHERE url = ?", server.url("/")
    )
    assert errors == [(f"found no feed or sitemap on {server.url('/')}",)]


# following links


def section_page(links: list[str]) -> bytes:
    """A section front: nothing but linked headlines, each with its age."""
    items = "".join(
        f"<li><a href='{link}'><h3>Council votes on housing plan {index}</h3></a><span>2 hours ago</span></li>"
        for index, link in enumerate(links)
    )
    return (
        "<!doctype html><html><head><title>Section</title></head>"
        f"<body><main><h1>Section</h1><ul>{items}</ul></main></body></html>"
    ).encode()


@pytest.fixture
def linked_site() -> Iterator[LocalServer]:
    """Home → two sections (hubs) and one article; each section → five articles; plus pages the patterns skip.
    robots.txt keeps crawlers out of the local section."""
    with LocalServer() as server:
        server.add("/robots.txt", Reply(body=b"User-agent: *\nDisallow: /section/local\n", content_type=TEXT))
        sections = {name: [f"/news/{name}-{index}.html" for index in range(5)] for name in ("world", "local")}
        for paths in sections.values():
            for path in paths:
                server.add(path, Reply(body=article_html(path.removeprefix("/news/").removesuffix(".html"))))
        server.add("/news/top.html", Reply(body=article_html("top")))
        for name, paths in sections.items():
            server.add(f"/section/{name}", Reply(body=section_page(paths)))
        server.add("/about", Reply(body=article_html("about")))
        server.add(
            "/",
            Reply(
                body=homepage(
                    ["/section/world", "/section/local", "/news/top.html", "/about", "https://elsewhere.example/news/x"]
                )
            ),
        )
        yield server


FOLLOW_INCLUDE = 'follow = true\ninclude = ["/section/", "/news/"]\n'


def test_following_links_at_depth_1_tracks_the_linked_pages_that_match_include(
    linked_site: LocalServer, tmp_path: Path
) -> None:
    config = write_config(tmp_path, site_source(linked_site.url("/"), FOLLOW_INCLUDE))

    done = run_scraper("run", "--config", str(config), cwd=tmp_path)

    assert done.returncode == exit_codes.OK, done.stderr
    database = tmp_path / "scraper.sqlite3"
    assert stored(database) == [linked_site.url("/news/top.html")]
    tracked = sorted(str(row[0]) for row in query(database, "SELECT url FROM urls"))
    assert tracked == sorted(linked_site.url(path) for path in ("/news/top.html", "/section/local", "/section/world"))
    assert linked_site.hits("/about") == 0, "include leaves /about out"
    assert linked_site.hits("/news/world-0.html") == 0, "depth 1 stops at the home page's links"
    assert linked_site.hits("/section/local") == 0, "robots.txt is obeyed"


def test_following_links_at_depth_2_stores_the_articles_and_not_the_hubs(
    linked_site: LocalServer, tmp_path: Path
) -> None:
    config = write_config(tmp_path, site_source(linked_site.url("/"), FOLLOW_INCLUDE + "max_depth = 2\n"))

    done = run_scraper("run", "--config", str(config), cwd=tmp_path)

    assert done.returncode == exit_codes.OK, done.stderr
    database = tmp_path / "scraper.sqlite3"
    articles = [f"/news/world-{index}.html" for index in range(5)]
    assert stored(database) == sorted(linked_site.url(path) for path in [*articles, "/news/top.html"])
    tracked = {str(row[0]) for row in query(database, "SELECT url FROM urls")}
    assert linked_site.url("/section/world") not in tracked, "a hub is visited for its links, not tracked"
    assert linked_site.hits("/section/world") == 1
    assert linked_site.hits("/about") == 0
    assert linked_site.hits("/section/local") == 0, "robots.txt keeps the follower out of the local section"
