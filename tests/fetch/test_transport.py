"""The transport: one small connection pool per origin, made on first use, with bounded idle sockets."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import httpx
import pytest

from scraper.errors import BlockedAddressError
from scraper.fetching.guard import AddressPolicy
from scraper.fetching.network import GuardedBackend
from scraper.fetching.transport import GuardedTransport, Headers, PoolLimits, Response
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


async def read(response: Response) -> bytes:
    try:
        return b"".join([chunk async for chunk in response.aiter_raw()])
    finally:
        await response.aclose()


async def get(transport: GuardedTransport, url: str) -> tuple[int, bytes]:
    """GET `url` and read the whole body, handing the connection back."""
    response = await transport.send(b"GET", httpx.URL(url), [])
    return response.status, await read(response)


def test_each_origin_keeps_its_own_connection_alive(servers: list[LocalServer]) -> None:
    async def run() -> int:
        transport = make_transport()
        for _ in range(3):
            for server in servers:
                assert await get(transport, server.url("/page")) == (200, PAGE)
        origins = transport.origins
        await transport.aclose()
        return origins

    assert asyncio.run(run()) == 3
    assert all(len(set(ports(server))) == 1 for server in servers)


def test_past_kept_origins_the_least_recently_used_idle_pool_is_closed(servers: list[LocalServer]) -> None:
    first, second, third = servers

    async def run() -> int:
        transport = make_transport(kept_origins=2)
        for server in (first, second, first, third, first, second):
            await get(transport, server.url("/page"))
        origins = transport.origins
        await transport.aclose()
        return origins

    assert asyncio.run(run()) == 2
    assert len(set(ports(first))) == 1  # used most recently each time a pool was made: kept
    assert len(set(ports(second))) == 2  # the oldest when the third origin came: closed, then opened anew


def test_a_pool_with_a_request_in_flight_is_never_closed(servers: list[LocalServer]) -> None:
    first, second, _ = servers

    async def run() -> tuple[int, int]:
        transport = make_transport(kept_origins=1)
        streaming = await transport.send(b"GET", httpx.URL(first.url("/page")), [])
        await get(transport, second.url("/page"))
        during = transport.origins
        assert await read(streaming) == PAGE
        await get(transport, second.url("/page"))
        after = transport.origins
        await transport.aclose()
        return during, after

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
        await get(transport, first.url("/page"))
        clock.now = 4.0
        await get(transport, second.url("/page"))
        clock.now = 6.0
        await get(transport, third.url("/page"))  # the first origin's pool expired at 5
        origins = transport.origins
        await transport.aclose()
        return origins

    assert asyncio.run(run()) == 2


def test_per_origin_caps_the_connections_to_one_origin(servers: list[LocalServer]) -> None:
    server = servers[0]

    async def run() -> None:
        transport = make_transport(per_origin=1)
        await asyncio.gather(*(get(transport, server.url("/slow")) for _ in range(3)))
        await transport.aclose()

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
        for server in servers:
            with pytest.raises(BlockedAddressError):
                await get(transport, server.url("/page"))
        assert transport.origins == len(servers)
        await transport.aclose()

    asyncio.run(run())

    assert all(not server.requests for server in servers)


def test_a_refused_request_leaves_its_pool_free_to_close(servers: list[LocalServer]) -> None:
    transport = GuardedTransport(
        backend=GuardedBackend(AddressPolicy(allow_private=False)),
        limits=PoolLimits(per_origin=2, kept_origins=1, keepalive_expiry=30.0),
        ssl_context=httpx.create_ssl_context(),
    )
    first, second, _ = servers

    async def run() -> int:
        for server in (first, second):
            with pytest.raises(BlockedAddressError):
                await get(transport, server.url("/page"))
        return transport.origins

    assert asyncio.run(run()) == 1  # the first pool counted no user after its failure, so it was swept


def test_the_host_header_names_the_origin_and_the_request_headers_follow(servers: list[LocalServer]) -> None:
    server = servers[0]

    async def run() -> None:
        transport = make_transport()
        response = await transport.send(b"GET", httpx.URL(server.url("/page")), [(b"If-None-Match", b'"v1"')])
        await read(response)
        await transport.aclose()

    asyncio.run(run())

    (request,) = server.requests
    assert request.headers["host"] == f"127.0.0.1:{server.port}"
    assert request.headers["if-none-match"] == '"v1"'


def test_response_headers_are_found_by_any_case_and_repeats_are_joined() -> None:
    headers = Headers([(b"Content-Type", b"text/html"), (b"Set-Cookie", b"a=1"), (b"set-cookie", b"b=2")])

    assert headers["content-type"] == headers["CONTENT-TYPE"] == "text/html"
    assert "Set-Cookie" in headers
    assert dict(headers) == {"content-type": "text/html", "set-cookie": "a=1, b=2"}


def test_header_values_that_are_not_utf8_are_read_as_latin1() -> None:
    headers = Headers([(b"ETag", '"café"'.encode()), (b"X-Legacy", "café".encode("latin-1"))])

    assert headers["etag"] == '"café"'
    assert headers["x-legacy"] == "café"
