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
import socket
import sys
from collections.abc import Iterator, Sequence

import httpx
import pytest

from scraper.errors import BlockedAddressError, ConfigError, FetchError
from scraper.fetching.guard import build_policy, check_url, is_public
from scraper.fetching.network import Resolver, guarded_socket_factory
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
        ("::", False),
        ("::127.0.0.1", False),  # IPv4-compatible (deprecated)
        ("::a00:1", False),  # IPv4-compatible 10.0.0.1
        ("::ffff:0:7f00:1", False),  # IPv4-translated (SIIT) loopback
        ("::ffff:0:a9fe:a9fe", False),  # IPv4-translated metadata endpoint
        ("64:ff9b::7f00:1", False),  # NAT64 of 127.0.0.1
        ("64:ff9b::a9fe:a9fe", False),  # NAT64 of the metadata endpoint
        ("64:ff9b::5db8:d822", True),  # NAT64 of a public address
        ("64:ff9b:1::5db8:d822", False),  # local-use NAT64: leads wherever the operator maps it
        ("2002:7f00:1::1", False),  # 6to4 of 127.0.0.1
        ("2002:c0a8:101::1", False),  # 6to4 of 192.168.1.1
        ("2002:5db8:d822::1", True),  # 6to4 of a public address
        ("fec0::1", False),  # deprecated site-local
        ("fefe::1", False),  # site-local too (fec0::/10)
        ("2001:0:4136:e378:8000:63bf:3fff:fdd2", False),  # Teredo
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


IPV6_FORMS_OF_PRIVATE = [
    "::127.0.0.1",
    "::ffff:0:7f00:1",
    "::ffff:127.0.0.1",
    "64:ff9b::7f00:1",
    "64:ff9b:1::7f00:1",
    "2002:7f00:1::1",
    "fec0::1",
    "::",
]


class ConnectAttempts:
    """Every socket connect this process attempts while recording, seen through the `socket.connect` audit event.

    Audit hooks cannot be removed, so one is added per process and only records while a test asks it to.
    """

    installed: ConnectAttempts | None = None

    def __init__(self) -> None:
        self.addresses: list[str] = []
        self.recording = False
        sys.addaudithook(self._hook)

    def _hook(self, event: str, args: tuple[object, ...]) -> None:
        if self.recording and event == "socket.connect":
            address = args[1]
            self.addresses.append(str(address[0] if isinstance(address, tuple) else address))


@pytest.fixture
def connect_attempts() -> Iterator[list[str]]:
    if ConnectAttempts.installed is None:
        ConnectAttempts.installed = ConnectAttempts()
    attempts = ConnectAttempts.installed
    attempts.addresses.clear()
    attempts.recording = True
    try:
        yield attempts.addresses
    finally:
        attempts.recording = False


@pytest.mark.parametrize("address", IPV6_FORMS_OF_PRIVATE)
def test_names_resolving_to_ipv6_forms_of_private_addresses_are_refused_without_connecting(
    sleeps: SleepRecorder, connect_attempts: list[str], address: str
) -> None:
    resolve = resolver_for({"evil.test": [address]})
    config = make_config(allow_private_addresses=False, allowed_networks=ONLY_FIRST_LOOPBACK, obey_robots=False)

    with Scraper(config, sleep=sleeps, resolver=resolve) as session, pytest.raises(BlockedAddressError) as caught:
        session.fetch("http://evil.test/")

    assert address in str(caught.value)
    assert connect_attempts == []


@pytest.mark.parametrize("address", IPV6_FORMS_OF_PRIVATE)
def test_ipv6_literals_carrying_private_addresses_are_refused_without_connecting(
    server: LocalServer, open_session: OpenSession, connect_attempts: list[str], address: str
) -> None:
    session = open_session(allow_private_addresses=False, allowed_networks=ONLY_FIRST_LOOPBACK, obey_robots=False)

    with pytest.raises(BlockedAddressError):
        session.fetch(f"http://[{address}]:{server.port}/page")

    assert connect_attempts == []
    assert server.requests == []


def test_the_ipv4_mapped_literal_is_connected_to_once_allowed(
    server: LocalServer, open_session: OpenSession, connect_attempts: list[str]
) -> None:
    server.add("/page", Reply(body=PAGE))

    result = open_session(allow_private_addresses=True, obey_robots=False).fetch(
        f"http://[::ffff:127.0.0.1]:{server.port}/page"
    )

    # The refusals above are the guard's: the same address is reachable, and the attempt is seen.
    assert result.status == 200
    assert [ipaddress.ip_address(address) for address in connect_attempts] == [ipaddress.ip_address("::ffff:127.0.0.1")]


def test_the_socket_factory_refuses_a_blocked_address_before_making_a_socket() -> None:
    create = guarded_socket_factory(build_policy(False, []))
    address_info = (socket.AF_INET6, socket.SOCK_STREAM, 6, "", ("::ffff:0:7f00:1", 80, 0, 0))

    with pytest.raises(BlockedAddressError, match="::ffff:0:7f00:1"):
        create(address_info)
