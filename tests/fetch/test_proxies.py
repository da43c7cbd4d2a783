"""Proxies: http and SOCKS5, from config.toml, from the environment, per site; the guard still checks the target.

Every proxy here is a real one on 127.0.0.1 (tests/support/proxies.py) that
resolves `news.test` to the loopback page server; the scraper's own resolver
maps the same name for the guard, so each test also proves that the request
went through the proxy: nothing else could reach `news.test`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence

import pytest

from scraper.config import Config, FetchSite
from scraper.errors import BlockedAddressError, ConfigError, FetchError
from scraper.fetching.network import Resolver
from scraper.session import Scraper
from tests.fetch.conftest import FAST_FETCH, SleepRecorder
from tests.support.proxies import HttpProxy, Socks5Proxy
from tests.support.server import LocalServer, Reply

PAGE = b"<html><body><p>through the proxy</p></body></html>"
NAMES = {"news.test": "127.0.0.1"}
PROXY_VARIABLES = ("http_proxy", "https_proxy", "all_proxy", "no_proxy")


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No proxy variable from the machine running the tests leaks into them."""
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)


@pytest.fixture
def http_proxy() -> Iterator[HttpProxy]:
    with HttpProxy(NAMES) as running:
        yield running


@pytest.fixture
def socks_proxy() -> Iterator[Socks5Proxy]:
    with Socks5Proxy(NAMES) as running:
        yield running


def resolver_for(table: dict[str, Sequence[str]]) -> Resolver:
    async def resolve(host: str, port: int) -> Sequence[str]:
        return table[host]

    return resolve


def open_session(sleeps: SleepRecorder, **fetch: object) -> Scraper:
    settings = {"obey_robots": False, "retries": 0, **fetch}
    config = Config(fetch=dataclasses.replace(FAST_FETCH, **settings))  # type: ignore[arg-type]
    return Scraper(config, sleep=sleeps, resolver=resolver_for({"news.test": ["127.0.0.1"], "evil.test": ["10.0.0.1"]}))


def news_url(server: LocalServer, path: str = "/page") -> str:
    return f"http://news.test:{server.port}{path}"


def test_an_http_proxy_from_the_config_forwards_the_request(
    server: LocalServer, http_proxy: HttpProxy, sleeps: SleepRecorder
) -> None:
    server.add("/page", Reply(body=PAGE))

    with open_session(sleeps, proxy=http_proxy.url()) as session:
        result = session.fetch(news_url(server))

    assert result.content == PAGE
    assert http_proxy.log.targets == [news_url(server)]
    assert server.requests_for("/page")[0].headers["host"] == f"news.test:{server.port}"


@pytest.mark.parametrize(
    ("variable", "kind"), [("HTTP_PROXY", HttpProxy), ("http_proxy", Socks5Proxy), ("ALL_PROXY", Socks5Proxy)]
)
def test_a_proxy_from_the_environment_is_used_when_trust_env_is_on(
    server: LocalServer,
    sleeps: SleepRecorder,
    monkeypatch: pytest.MonkeyPatch,
    variable: str,
    kind: type[HttpProxy | Socks5Proxy],
) -> None:
    server.add("/page", Reply(body=PAGE))

    with kind(NAMES) as proxy:
        monkeypatch.setenv(variable, proxy.url())
        with open_session(sleeps) as session:
            assert session.fetch(news_url(server)).content == PAGE

    (target,) = proxy.log.targets
    assert target.removeprefix("http://").startswith(f"news.test:{server.port}")


def test_the_environment_is_ignored_when_trust_env_is_off(
    server: LocalServer, http_proxy: HttpProxy, sleeps: SleepRecorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    server.add("/page", Reply(body=PAGE))
    monkeypatch.setenv("HTTP_PROXY", http_proxy.url())

    with open_session(sleeps, trust_env=False) as session:
        assert session.fetch(server.url("/page")).content == PAGE

    assert http_proxy.log.targets == []


@pytest.mark.parametrize("no_proxy", ["127.0.0.1", "127.0.0.0/8", "localhost,127.0.0.1", "*", "127.0.0.1:{port}"])
def test_no_proxy_sends_matching_hosts_directly(
    server: LocalServer, http_proxy: HttpProxy, sleeps: SleepRecorder, monkeypatch: pytest.MonkeyPatch, no_proxy: str
) -> None:
    server.add("/page", Reply(body=PAGE))
    monkeypatch.setenv("http_proxy", http_proxy.url())
    monkeypatch.setenv("no_proxy", no_proxy.format(port=server.port))

    with open_session(sleeps) as session:
        assert session.fetch(server.url("/page")).content == PAGE

    assert http_proxy.log.targets == []


def test_no_proxy_names_match_their_subdomains_only(
    server: LocalServer, http_proxy: HttpProxy, sleeps: SleepRecorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    server.add("/page", Reply(body=PAGE))
    monkeypatch.setenv("HTTP_PROXY", http_proxy.url())
    monkeypatch.setenv("NO_PROXY", ".test.example,ws.test")  # neither is news.test

    with open_session(sleeps) as session:
        session.fetch(news_url(server))

    assert http_proxy.log.targets == [news_url(server)]


def test_a_socks5_proxy_from_the_config_relays_the_connection(
    server: LocalServer, socks_proxy: Socks5Proxy, sleeps: SleepRecorder
) -> None:
    server.add("/page", Reply(body=PAGE))

    with open_session(sleeps, proxy=socks_proxy.url()) as session:
        assert session.fetch(news_url(server)).content == PAGE

    assert socks_proxy.log.targets == [f"news.test:{server.port}"]  # the name, resolved by the proxy


@pytest.mark.parametrize("kind", [HttpProxy, Socks5Proxy])
def test_credentials_in_the_proxy_url_go_to_the_proxy_only(
    server: LocalServer, sleeps: SleepRecorder, kind: type[HttpProxy | Socks5Proxy]
) -> None:
    server.add("/page", Reply(body=PAGE))

    with kind(NAMES, credentials=("reader", "s3cret")) as proxy:
        with open_session(sleeps, proxy=proxy.url(userinfo="reader:s3cret")) as session:
            assert session.fetch(news_url(server)).content == PAGE
        assert proxy.log.credentials == ["reader:s3cret"]

    assert "proxy-authorization" not in server.requests_for("/page")[0].headers


def test_a_site_table_can_send_one_host_through_a_proxy(
    server: LocalServer, http_proxy: HttpProxy, sleeps: SleepRecorder
) -> None:
    server.add("/page", Reply(body=PAGE))
    sites = (FetchSite(host="news.test", proxy=http_proxy.url()),)

    with open_session(sleeps, sites=sites) as session:
        session.fetch(news_url(server))
        session.fetch(server.url("/page"))

    assert http_proxy.log.targets == [news_url(server)]
    assert server.hits("/page") == 2


def test_a_site_table_with_an_empty_proxy_goes_direct(
    server: LocalServer, http_proxy: HttpProxy, sleeps: SleepRecorder
) -> None:
    server.add("/page", Reply(body=PAGE))
    sites = (FetchSite(host="127.0.0.1", proxy=""),)

    with open_session(sleeps, proxy=http_proxy.url(), sites=sites) as session:
        session.fetch(server.url("/page"))

    assert http_proxy.log.targets == []


@pytest.mark.parametrize("proxy_kind", [HttpProxy, Socks5Proxy])
def test_through_a_proxy_the_guard_checks_the_target_before_the_request(
    sleeps: SleepRecorder, proxy_kind: type[HttpProxy | Socks5Proxy]
) -> None:
    with proxy_kind({"evil.test": "127.0.0.1"}) as proxy:
        with (
            open_session(sleeps, proxy=proxy.url(), allow_private_addresses=False) as session,
            pytest.raises(BlockedAddressError, match="10.0.0.1"),
        ):
            session.fetch("http://evil.test/latest/meta-data/")
        assert proxy.log.targets == []


def test_proxy_credentials_never_appear_in_errors(sleeps: SleepRecorder) -> None:
    with HttpProxy(NAMES) as proxy:
        port = proxy.port  # closed below: connecting to it is refused
    with (
        open_session(sleeps, proxy=f"http://reader:s3cret@127.0.0.1:{port}") as session,
        pytest.raises(FetchError) as caught,
    ):
        session.fetch("http://news.test/page")

    assert "s3cret" not in str(caught.value)


def test_a_proxy_url_with_another_scheme_is_a_config_error_without_its_password(sleeps: SleepRecorder) -> None:
    with pytest.raises(ConfigError, match="fetch.proxy") as caught:
        open_session(sleeps, proxy="ftp://reader:s3cret@proxy.example:21")

    assert "s3cret" not in str(caught.value)
