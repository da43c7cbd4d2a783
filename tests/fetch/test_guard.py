"""The SSRF guard: private addresses are refused at every hop, before any byte is sent.

The loopback servers make this testable for real: 127.0.0.1 is exempted with
`allowed_networks`, and a redirect to a second server on 127.0.0.2 must then
be refused although that server is up (the control test proves it is
reachable once allowed). Host names are pointed at addresses with an
injected resolver, so DNS answers that are private, or mixed, are tested
without any DNS.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator, Sequence

import httpx
import pytest

from scraper.errors import BlockedAddressError, ConfigError, FetchError
from scraper.fetching.guard import build_policy, check_url, is_public
from scraper.fetching.network import Resolver
from scraper.session import Scraper
from tests.fetch.conftest import OpenSession, SleepRecorder, make_config
from tests.support.server import LocalServer, Reply

PAGE = b"<html><body><p>news</p></body></html>"
ONLY_FIRST_LOOPBACK = ["127.0.0.1/32"]


@pytest.fixture
def second() -> Iterator[LocalServer]:
    with LocalServer(host="127.0.0.2") as running:
        yield running


def resolver_for(table: dict[str, Sequence[str]]) -> Resolver:
    async def resolve(host: str, port: int) -> Sequence[str]:
        return table[host]

    return resolve


def test_a_redirect_to_a_private_address_is_refused_before_connecting(
    server: LocalServer, second: LocalServer, open_session: OpenSession
) -> None:
    server.redirect("/start", second.url("/internal"))
    second.add("/internal", Reply(body=PAGE))
    session = open_session(allow_private_addresses=False, allowed_networks=ONLY_FIRST_LOOPBACK)

    with pytest.raises(BlockedAddressError, match="127.0.0.2") as caught:
        session.fetch(server.url("/start"))

    assert caught.value.url == second.url("/internal")
    assert server.hits("/start") == 1
    assert second.requests == []  # not even robots.txt


def test_the_same_redirect_is_followed_once_that_address_is_allowed(
    server: LocalServer, second: LocalServer, open_session: OpenSession
) -> None:
    server.redirect("/start", second.url("/internal"))
    second.add("/internal", Reply(body=PAGE))
    session = open_session(allow_private_addresses=False, allowed_networks=["127.0.0.0/30"])

    assert session.fetch(server.url("/start")).final_url == second.url("/internal")
    assert second.hits("/internal") == 1


def test_by_default_loopback_is_refused_at_the_first_hop(server: LocalServer, open_session: OpenSession) -> None:
    server.add("/page", Reply(body=PAGE))

    with pytest.raises(BlockedAddressError) as caught:
        open_session(allow_private_addresses=False).fetch(server.url("/page"))

    assert caught.value.url == server.url("/page")
    assert server.requests == []


def test_a_name_is_checked_by_the_addresses_it_resolves_to(server: LocalServer, sleeps: SleepRecorder) -> None:
    server.add("/page", Reply(body=PAGE))
    resolve = resolver_for({"news.test": ["127.0.0.1"]})
    config = make_config(allow_private_addresses=False, allowed_networks=ONLY_FIRST_LOOPBACK)

    with Scraper(config, sleep=sleeps, resolver=resolve) as session:
        result = session.fetch(f"http://news.test:{server.port}/page")

    assert result.status == 200
    assert server.requests_for("/page")[0].headers["host"] == f"news.test:{server.port}"


@pytest.mark.parametrize(
    "addresses",
    [
        ["169.254.169.254"],  # cloud metadata
        ["10.0.0.5"],
        ["192.168.1.1"],
        ["127.0.0.1", "10.0.0.5"],  # one private answer among allowed ones: a rebinding attempt
        ["::1"],
        ["fe80::1"],
    ],
)
def test_names_resolving_to_private_addresses_are_refused(sleeps: SleepRecorder, addresses: list[str]) -> None:
    resolve = resolver_for({"evil.test": addresses})
    config = make_config(allow_private_addresses=False, allowed_networks=ONLY_FIRST_LOOPBACK, obey_robots=False)

    with Scraper(config, sleep=sleeps, resolver=resolve) as session, pytest.raises(BlockedAddressError):
        session.fetch("http://evil.test/latest/meta-data/")


@pytest.mark.parametrize("target", ["file:///etc/passwd", "ftp://example.com/file", "gopher://127.0.0.1:11211/"])
def test_a_redirect_to_another_scheme_is_refused(server: LocalServer, session: Scraper, target: str) -> None:
    server.redirect("/start", target)

    with pytest.raises(FetchError, match="only http and https"):
        session.fetch(server.url("/start"))


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("93.184.216.34", True),
        ("2606:2800:220:1:248:1893:25c8:1946", True),
        ("127.0.0.1", False),
        ("10.1.2.3", False),
        ("172.16.0.1", False),
        ("192.168.0.1", False),
        ("100.64.0.1", False),  # carrier-grade NAT
        ("169.254.169.254", False),
        ("0.0.0.0", False),
        ("224.0.0.1", False),
        ("::1", False),
        ("fc00::1", False),
        ("fd00:ec2::254", False),
        ("::ffff:127.0.0.1", False),  # IPv4-mapped loopback
        ("::ffff:93.184.216.34", True),
    ],
)
def test_only_global_unicast_addresses_are_public(address: str, public: bool) -> None:
    assert is_public(ipaddress.ip_address(address)) is public


def test_allowed_networks_exempt_only_what_they_name() -> None:
    policy = build_policy(False, ["10.1.2.0/24"])

    assert policy.permits(ipaddress.ip_address("10.1.2.9"))
    assert not policy.permits(ipaddress.ip_address("10.1.3.9"))
    assert not policy.permits(ipaddress.ip_address("::1"))


def test_a_malformed_allowed_network_is_a_config_error_naming_the_key() -> None:
    with pytest.raises(ConfigError, match="allowed_networks"):
        build_policy(False, ["10.1.2.0/33"])


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "javascript:alert(1)", "/relative/path", "http:///nohost", "http://a:99999/"]
)
def test_only_absolute_http_urls_pass(url: str) -> None:
    with pytest.raises(FetchError):
        check_url(httpx.URL(url))
