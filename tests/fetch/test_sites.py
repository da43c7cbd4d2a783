"""Headers and cookies: [fetch] headers on every request, [[fetch.sites]] tables for one host and its subdomains."""

from __future__ import annotations

import pickle
from collections.abc import Iterator

import pytest

from scraper.config import FetchSite, Table, config_from_mapping
from scraper.errors import ConfigError
from scraper.fetching.sites import site_for
from tests.fetch.conftest import OpenSession
from tests.support.server import LocalServer, Reply

PAGE = b"<html><body><p>news</p></body></html>"


@pytest.fixture
def second() -> Iterator[LocalServer]:
    with LocalServer(host="127.0.0.2") as running:
        yield running


def test_fetch_headers_go_with_every_request_robots_txt_included(
    server: LocalServer, open_session: OpenSession
) -> None:
    server.add("/page", Reply(body=PAGE))
    session = open_session(headers=Table({"X-Team": "newsroom", "Accept-Language": "de"}))

    session.fetch(server.url("/page"))

    seen = {
        (request.path, request.headers["x-team"], request.headers["accept-language"]) for request in server.requests
    }
    assert seen == {("/robots.txt", "newsroom", "de"), ("/page", "newsroom", "de")}


def test_a_site_table_adds_its_headers_cookies_and_user_agent_to_its_host_only(
    server: LocalServer, second: LocalServer, open_session: OpenSession
) -> None:
    server.add("/page", Reply(body=PAGE))
    second.add("/page", Reply(body=PAGE))
    site = FetchSite(
        host="127.0.0.2",
        headers=Table({"Authorization": "Basic cmVhZGVyOnMzY3JldA=="}),
        cookies=Table({"consent": "yes", "edition": "uk"}),
        user_agent="intranet-mirror/1.0",
    )
    session = open_session(sites=(site,), obey_robots=False)

    session.fetch(server.url("/page"))
    session.fetch(second.url("/page"))

    (elsewhere,) = server.requests_for("/page")
    (there,) = second.requests_for("/page")
    assert there.headers["authorization"] == "Basic cmVhZGVyOnMzY3JldA=="
    assert there.headers["cookie"] == "consent=yes; edition=uk"
    assert there.headers["user-agent"] == "intranet-mirror/1.0"
    assert "authorization" not in elsewhere.headers and "cookie" not in elsewhere.headers
    assert elsewhere.headers["user-agent"].startswith("scraper/")


def test_site_headers_win_over_fetch_headers_and_accept_encoding_is_never_replaced(
    server: LocalServer, open_session: OpenSession
) -> None:
    server.add("/page", Reply(body=PAGE))
    site = FetchSite(host="127.0.0.1", headers=Table({"X-Team": "sport", "Accept-Encoding": "identity"}))
    session = open_session(headers=Table({"X-Team": "newsroom"}), sites=(site,), obey_robots=False)

    session.fetch(server.url("/page"))

    headers = server.requests_for("/page")[0].headers
    assert headers["x-team"] == "sport"
    assert headers["accept-encoding"] == "gzip, deflate, br, zstd"  # the body reader decodes only these


def test_a_site_table_sets_its_own_politeness_delay(server: LocalServer, open_session: OpenSession) -> None:
    server.add("/page", Reply(body=PAGE))
    site = FetchSite(host="127.0.0.1", per_host_delay=0.3)
    session = open_session(sites=(site,), obey_robots=False, per_host_delay=0.0)

    session.fetch(server.url("/page"))
    session.fetch(server.url("/page"))

    first, second_request = server.requests_for("/page")
    assert second_request.at - first.at >= 0.28


def test_the_most_specific_site_table_applies_to_subdomains() -> None:
    sites = (FetchSite(host="example.com", user_agent="a"), FetchSite(host="news.example.com", user_agent="b"))

    assert site_for(sites, "news.example.com") is sites[1]
    assert site_for(sites, "www.news.example.com") is sites[1]
    assert site_for(sites, "example.com") is sites[0]
    assert site_for(sites, "notexample.com") is None


def test_sites_and_headers_load_from_toml_tables() -> None:
    config = config_from_mapping(
        {
            "fetch": {
                "headers": {"Accept-Language": "en"},
                "sites": [{"host": "intranet.local", "cookies": {"sid": "42"}, "proxy": "", "per_host_delay": 0}],
            }
        }
    )

    assert dict(config.fetch.headers) == {"Accept-Language": "en"}
    (site,) = config.fetch.sites
    assert (site.host, dict(site.cookies), site.proxy, site.per_host_delay) == (
        "intranet.local",
        {"sid": "42"},
        "",
        0.0,
    )


@pytest.mark.parametrize(
    ("fetch", "named"),
    [
        ({"headers": {"Bad Name": "x"}}, "fetch.headers"),
        ({"headers": {"X-Split": "one\r\nInjected: two"}}, "fetch.headers.X-Split"),
        ({"headers": {"X-Number": 5}}, "fetch.headers.X-Number"),
        ({"sites": [{"host": "a.example", "cookies": {"sid": "a; b"}}]}, "cookies.sid"),
        ({"sites": [{"host": ""}]}, "host"),
        ({"sites": [{"host": "a.example", "colour": "red"}]}, "fetch.sites[0].colour"),
    ],
)
def test_bad_headers_cookies_and_site_tables_are_config_errors_naming_the_key(
    fetch: dict[str, object], named: str
) -> None:
    with pytest.raises(ConfigError, match=named.replace(".", r"\.").replace("[", r"\[").replace("]", r"\]")):
        config_from_mapping({"fetch": fetch})


def test_a_config_with_headers_and_site_tables_survives_the_trip_to_a_crawler_process() -> None:
    config = config_from_mapping(
        {"fetch": {"headers": {"X-Team": "a"}, "sites": [{"host": "a.example", "cookies": {"sid": "1"}}]}}
    )

    assert pickle.loads(pickle.dumps(config)) == config


def test_a_site_table_that_keeps_cookies_sends_back_what_its_host_set(
    server: LocalServer, second: LocalServer, open_session: OpenSession
) -> None:
    for running in (server, second):
        running.add("/login", Reply(body=PAGE, headers={"Set-Cookie": "session=abc; Path=/"}))
        running.add("/page", Reply(body=PAGE))
    site = FetchSite(host="127.0.0.2", keep_cookies=True, cookies=Table({"consent": "yes"}))
    session = open_session(sites=(site,), obey_robots=False)

    for running in (server, second):
        session.fetch(running.url("/login"))
        session.fetch(running.url("/page"))

    assert second.requests_for("/page")[0].headers["cookie"] == "consent=yes; session=abc"
    assert "cookie" not in server.requests_for("/page")[0].headers  # no table asked: nothing kept
