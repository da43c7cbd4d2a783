"""Where the SSRF guard meets aiohttp's connector: the resolver it asks, and the sockets it connects.

aiohttp's `TCPConnector` takes both through its public API (`resolver=` and
`socket_factory=`). The resolver refuses a name if any of its addresses is
blocked, and hands aiohttp only the numeric addresses it checked, which aiohttp
connects to without looking the name up again (no DNS rebinding). The socket
factory sees the very address each connection is about to be made to, IP
literals included (aiohttp never asks the resolver about those), and refuses
a blocked one before any packet is sent.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from aiohttp.abc import AbstractResolver, ResolveResult

from scraper.errors import BlockedAddressError
from scraper.fetching.guard import AddressPolicy

Resolver = Callable[[str, int], Awaitable[Sequence[str]]]
"""Maps a host name and port to the IP addresses to try, in order."""

BLOCKED = "a loopback, private, link-local, site-local or metadata address, or one carrying such an address"


async def system_resolver(host: str, port: int) -> list[str]:
    """Resolve with the operating system's resolver, without blocking the event loop."""
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


async def checked_addresses(policy: AddressPolicy, resolver: Resolver, host: str, port: int) -> list[str]:
    """Every address `host` resolves to, if the policy permits all of them; BlockedAddressError otherwise.

    All of them, not just the first: a mixed answer is how DNS rebinding attacks start.
    An IP literal is checked as it is, without a lookup.
    """
    literal = host.strip("[]")
    try:
        addresses: Sequence[str] = [str(ipaddress.ip_address(literal))]
    except ValueError:
        addresses = await resolver(host, port)
    if not addresses:
        raise OSError(f"{host} has no addresses")
    for address in addresses:
        if not policy.permits(ipaddress.ip_address(address.split("%", 1)[0])):
            raise BlockedAddressError(f"{host} resolves to {address}, {BLOCKED}")
    return list(addresses)


class GuardedResolver(AbstractResolver):
    """An aiohttp resolver that returns a name's addresses only if the policy permits every one."""

    def __init__(self, policy: AddressPolicy, resolver: Resolver = system_resolver) -> None:
        self._policy = policy
        self._resolver = resolver

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        addresses = await checked_addresses(self._policy, self._resolver, host, port)
        return [
            ResolveResult(
                hostname=host,
                host=address,
                port=port,
                family=socket.AF_INET6 if ":" in address else socket.AF_INET,
                proto=0,
                flags=socket.AI_NUMERICHOST,
            )
            for address in addresses
        ]

    async def close(self) -> None:
        """Nothing to release: lookups go through the event loop's resolver."""


def guarded_socket_factory(policy: AddressPolicy) -> Callable[[Any], socket.socket]:
    """An aiohttp `socket_factory` that refuses to create a socket for a blocked address."""

    def create(addr_info: Any) -> socket.socket:
        family, kind, proto, _, sockaddr = addr_info
        address = ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])
        if not policy.permits(address):
            raise BlockedAddressError(f"refusing to connect to {address}, {BLOCKED}")
        return socket.socket(family=family, type=kind, proto=proto)  # aiohappyeyeballs makes it non-blocking

    return create
