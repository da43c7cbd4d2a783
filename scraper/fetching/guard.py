"""The SSRF guard: which URLs may be fetched and which addresses may be connected to.

The address check runs where connections are opened (see `network`): in the
resolver aiohttp's connector asks, and again on the very address each socket
is about to connect to. So it covers every redirect hop and cannot be bypassed
by DNS answers that change between a check and the connect.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass

import httpx

from scraper.errors import ConfigError, FetchError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

ALLOWED_SCHEMES = frozenset({"http", "https"})
MAX_PORT = 65535

METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(address)
    for address in (
        "169.254.169.254",  # AWS, GCP, Azure, OpenStack, DigitalOcean
        "fd00:ec2::254",  # AWS over IPv6
        "100.100.100.200",  # Alibaba Cloud
        "192.0.0.192",  # Oracle Cloud
    )
)
"""Cloud metadata endpoints: most are already non-global, listed so none slips through."""

IPV4_COMPATIBLE = ipaddress.ip_network("::/96")
"""Deprecated IPv4-compatible IPv6 (RFC 4291 2.5.5.1): `::127.0.0.1` reaches 127.0.0.1 on some stacks."""
IPV4_TRANSLATED = ipaddress.ip_network("::ffff:0:0:0/96")
"""SIIT's IPv4-translated addresses (RFC 2765): `::ffff:0:7f00:1` carries 127.0.0.1."""
NAT64 = ipaddress.ip_network("64:ff9b::/96")
"""The well-known NAT64 prefix (RFC 6052): a NAT64 gateway connects to the IPv4 address in the last 32 bits."""
REFUSED_IPV6 = (
    ipaddress.ip_network("64:ff9b:1::/48"),  # local-use NAT64 (RFC 8215): whatever the operator maps it to
    ipaddress.ip_network("fec0::/10"),  # deprecated site-local (RFC 3879), still routed inside some networks
)
"""IPv6 networks that Python's `is_global` counts as global but that lead inside a network."""


@dataclass(frozen=True)
class AddressPolicy:
    """Which resolved addresses a connection may go to."""

    allow_private: bool = False
    allowed_networks: tuple[IPNetwork, ...] = ()

    def permits(self, address: IPAddress) -> bool:
        """True if connecting to `address` is allowed."""
        if self.allow_private:
            return True
        if any(address in network for network in self.allowed_networks if network.version == address.version):
            return True
        return is_public(address)


def is_public(address: IPAddress) -> bool:
    """True for globally routable unicast addresses that are not a cloud metadata endpoint.

    An IPv6 address that carries an IPv4 address is judged by that IPv4 address too.
    """
    if isinstance(address, ipaddress.IPv6Address):
        if any(address in network for network in REFUSED_IPV6):
            return False
        carried = embedded_ipv4(address)
        if carried is not None and not is_public(carried):
            return False
    return address.is_global and not address.is_multicast and address not in METADATA_ADDRESSES


def embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 transition form leads to: mapped, compatible, translated, NAT64 or 6to4."""
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address in IPV4_COMPATIBLE or address in IPV4_TRANSLATED or address in NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def build_policy(allow_private: bool, networks: Iterable[str]) -> AddressPolicy:
    """Parse the configured CIDR exceptions; a malformed one is a ConfigError naming it."""
    parsed = []
    for text in networks:
        try:
            parsed.append(ipaddress.ip_network(text, strict=False))
        except ValueError:
            raise ConfigError(f"'fetch.allowed_networks' holds {text!r}, which is not an address or network") from None
    return AddressPolicy(allow_private=allow_private, allowed_networks=tuple(parsed))


def check_url(url: httpx.URL) -> None:
    """Refuse anything but absolute http(s) URLs with a real port before a request is built."""
    if url.scheme not in ALLOWED_SCHEMES:
        raise FetchError(f"only http and https URLs can be fetched, not {url.scheme or 'a relative URL'}", url=str(url))
    if not url.host:
        raise FetchError("the URL has no host", url=str(url))
    if url.port is not None and not 0 < url.port <= MAX_PORT:
        raise FetchError(f"port {url.port} does not exist", url=str(url))
