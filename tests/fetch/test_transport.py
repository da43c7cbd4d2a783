"""The transport: one small connection pool per origin, made on first use, with bounded idle sockets."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import httpx
import pytest

from scraper.errors import BlockedAddressError
from scraper.fetching.guard import AddressPolicy
from scraper.fetching.network import GuardedBackend
from scraper.fetching.transport import GuardedTransport, PoolLimits
from tests.support.server import LocalServer, Reply

PAGE = b"<html><body><p>news</p></body></html>"


@pytest.fixture
def servers() -> Iterator[list[LocalServer]]:
    """Three origins (ports) on loopback, each serving /page and a slow /slow."""
    running = [LocalServer().start() for _ in range(3)]
    for server in running:
        server.add("/page", Reply(body=PAGE))
        server.add("/slow", Reply(body=PAGE, delay=0.2))
    yield running
    for server in running:
        server.stop()


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def make_transport(
    *, per_origin: int = 2, kept_origins: int = 8, expiry: float = 30.0, clock: FakeClock | None = None
) -> GuardedTransport:
    return GuardedTransport(
        backend=GuardedBackend(AddressPolicy(allow_private=True)),
        limits=PoolLimits(per_origin=per_origin, kept_origins=kept_origins, keepalive_expiry=expiry),
        ssl_context=httpx.create_ssl_context(),
        clock=clock or FakeClock(),
    )


def ports(server: LocalServer) -> list[int]:
    return [request.client_port for request in server.requests]


def test_each_origin_keeps_its_own_connection_alive(servers: list[LocalServer]) -> None:
    async def run() -> int:
        transport = make_transport()
        async with httpx.AsyncClient(transport=transport) as client:
            for _ in range(3):
                for server in servers:
                    assert (await client.get(server.url("/page"))).status_code == 200
            return transport.origins

    assert asyncio.run(run()) == 3
    assert all(len(set(ports(server))) == 1 for server in servers)


def test_past_kept_origins_the_least_recently_used_idle_pool_is_closed(servers: list[LocalServer]) -> None:
    first, second, third = servers

    async def run() -> int:
        transport = make_transport(kept_origins=2)
        async with httpx.AsyncClient(transport=transport) as client:
            for server in (first, second, first, third, first, second):
                await client.get(server.url("/page"))
            return transport.origins

    assert asyncio.run(run()) == 2
    assert len(set(ports(first))) == 1  # used most recently each time a pool was made: kept
    assert len(set(ports(second))) == 2  # the oldest when the third origin came: closed, then opened anew


def test_a_pool_with_a_request_in_flight_is_never_closed(servers: list[LocalServer]) -> None:
    first, second, _ = servers

    async def run() -> tuple[int, int]:
        transport = make_transport(kept_origins=1)
        async with httpx.AsyncClient(transport=transport) as client:
            async with client.stream("GET", first.url("/page")) as streaming:
                await client.get(second.url("/page"))
                during = transport.origins
                body = await streaming.aread()
            assert body == PAGE
            await client.get(second.url("/page"))
            return during, transport.origins

    during, after = asyncio.run(run())

    assert during == 2  # over the limit rather than cutting a response off
    assert after == 2  # nothing new was made, so nothing was swept


def test_idle_pools_past_the_keepalive_expiry_are_closed_when_a_new_origin_comes(
    servers: list[LocalServer],
) -> None:
    first, second, third = servers
    clock = FakeClock()

    async def run() -> int:
        transport = make_transport(expiry=5.0, clock=clock)
        async with httpx.AsyncClient(transport=transport) as client:
            await client.get(first.url("/page"))
            clock.now = 4.0
            await client.get(second.url("/page"))
            clock.now = 6.0
            await client.get(third.url("/page"))  # the first origin's pool expired at 5
            return transport.origins

    assert asyncio.run(run()) == 2


def test_per_origin_caps_the_connections_to_one_origin(servers: list[LocalServer]) -> None:
    server = servers[0]

    async def run() -> None:
        async with httpx.AsyncClient(transport=make_transport(per_origin=1)) as client:
            await asyncio.gather(*(client.get(server.url("/slow")) for _ in range(3)))

    asyncio.run(run())

    assert server.max_in_flight == 1
    assert len(set(ports(server))) == 1


def test_every_pool_connects_through_the_guard(servers: list[LocalServer]) -> None:
    transport = GuardedTransport(
        backend=GuardedBackend(AddressPolicy(allow_private=False)),
        limits=PoolLimits(per_origin=2, kept_origins=8, keepalive_expiry=30.0),
        ssl_context=httpx.create_ssl_context(),
    )

    async def run() -> None:
        async with httpx.AsyncClient(transport=transport) as client:
            for server in servers:
                with pytest.raises(BlockedAddressError):
                    await client.get(server.url("/page"))

    asyncio.run(run())

    assert all(not server.requests for server in servers)
