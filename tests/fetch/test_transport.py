"""The transport: a few kept-alive connections per origin, made on first use, with bounded idle sockets."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Iterator

import httpcore
import httpx
import pytest
from httpcore._synchronization import AsyncLock

from scraper.errors import BlockedAddressError
from scraper.fetching.guard import AddressPolicy
from scraper.fetching.network import GuardedBackend
from scraper.fetching.transport import GuardedTransport, Headers, PoolLimits, Response
from tests.support.server import Fault, LocalServer, Reply

PAGE = b"<html><body><p>news</p></body></html>"


@pytest.fixture
def servers() -> Iterator[list[LocalServer]]:
    """Three origins (ports) on loopback, each serving /page, a slow /slow and a /trickle of one byte at a time."""
    running = [LocalServer().start() for _ in range(3)]
    for server in running:
        server.add("/page", Reply(body=PAGE))
        server.add("/slow", Reply(body=PAGE, delay=0.2))
        server.add("/trickle", Reply(body=PAGE, fault=Fault.TRICKLE, trickle_interval=0.05))
    yield running
    for server in running:
        server.stop()


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class CountedStream(httpcore.AsyncNetworkStream):
    """A plain TCP stream that tells its backend when it is closed."""

    def __init__(self, inner: httpcore.AsyncNetworkStream, backend: CountingBackend) -> None:
        self._inner = inner
        self._backend = backend
        self._closed = False

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return await self._inner.read(max_bytes, timeout)

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        await self._inner.write(buffer, timeout)

    async def aclose(self) -> None:
        if not self._closed:
            self._closed = True
            self._backend.open -= 1
        await self._inner.aclose()

    def get_extra_info(self, info: str) -> object:
        return self._inner.get_extra_info(info)


class CountingBackend(httpcore.AsyncNetworkBackend):
    """The guarded backend, counting the connections it opened and those still open (plain TCP only)."""

    def __init__(self) -> None:
        self._inner = GuardedBackend(AddressPolicy(allow_private=True))
        self.opened = 0
        self.open = 0

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        stream = await self._inner.connect_tcp(host, port, timeout, local_address, socket_options)
        self.opened += 1
        self.open += 1
        return CountedStream(stream, self)


def make_transport(
    *,
    per_origin: int = 2,
    kept_origins: int = 8,
    expiry: float = 30.0,
    clock: FakeClock | None = None,
    backend: httpcore.AsyncNetworkBackend | None = None,
) -> GuardedTransport:
    return GuardedTransport(
        backend=backend or GuardedBackend(AddressPolicy(allow_private=True)),
        limits=PoolLimits(per_origin=per_origin, kept_origins=kept_origins, keepalive_expiry=expiry),
        tls=httpx.create_ssl_context,
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


async def get_within(transport: GuardedTransport, url: str, seconds: float) -> None:
    """GET `url` under a time limit that cuts it short, closing the response as `exchange` does."""
    with pytest.raises(TimeoutError):
        async with asyncio.timeout(seconds):
            response = await transport.send(b"GET", httpx.URL(url), [])
            await read(response)


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


def test_requests_never_take_httpcores_anyio_lock_which_yields_even_when_free(
    servers: list[LocalServer], monkeypatch: pytest.MonkeyPatch
) -> None:
    taken = []
    enter = AsyncLock.__aenter__

    async def recorded(lock: AsyncLock) -> AsyncLock:
        taken.append(lock)
        return await enter(lock)

    monkeypatch.setattr(AsyncLock, "__aenter__", recorded)

    async def run() -> None:
        transport = make_transport()
        for _ in range(3):
            assert await get(transport, servers[0].url("/page")) == (200, PAGE)
        await transport.aclose()

    asyncio.run(run())

    assert taken == []


def test_past_kept_origins_the_least_recently_used_idle_origin_is_closed(servers: list[LocalServer]) -> None:
    first, second, third = servers

    async def run() -> int:
        transport = make_transport(kept_origins=2)
        for server in (first, second, first, third, first, second):
            await get(transport, server.url("/page"))
        origins = transport.origins
        await transport.aclose()
        return origins

    assert asyncio.run(run()) == 2
    assert len(set(ports(first))) == 1  # used most recently each time an origin was made: kept
    assert len(set(ports(second))) == 2  # the oldest when the third origin came: closed, then opened anew


def test_an_origin_with_a_request_in_flight_is_never_closed(servers: list[LocalServer]) -> None:
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


def test_idle_origins_past_the_keepalive_expiry_are_closed_when_a_new_origin_comes(
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
        await get(transport, third.url("/page"))  # the first origin expired at 5
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


def test_every_connection_goes_through_the_guard(servers: list[LocalServer]) -> None:
    transport = GuardedTransport(
        backend=GuardedBackend(AddressPolicy(allow_private=False)),
        limits=PoolLimits(per_origin=2, kept_origins=8, keepalive_expiry=30.0),
        tls=httpx.create_ssl_context,
    )

    async def run() -> None:
        for server in servers:
            with pytest.raises(BlockedAddressError):
                await get(transport, server.url("/page"))
        assert transport.origins == len(servers)
        await transport.aclose()

    asyncio.run(run())

    assert all(not server.requests for server in servers)


def test_a_refused_request_leaves_its_origin_free_to_close(servers: list[LocalServer]) -> None:
    transport = GuardedTransport(
        backend=GuardedBackend(AddressPolicy(allow_private=False)),
        limits=PoolLimits(per_origin=2, kept_origins=1, keepalive_expiry=30.0),
        tls=httpx.create_ssl_context,
    )
    first, second, _ = servers

    async def run() -> int:
        for server in (first, second):
            with pytest.raises(BlockedAddressError):
                await get(transport, server.url("/page"))
        return transport.origins

    assert asyncio.run(run()) == 1  # the first origin counted no user after its failure, so it was swept


def test_the_per_origin_cap_holds_under_concurrent_requests(servers: list[LocalServer]) -> None:
    server = servers[0]
    backend = CountingBackend()

    async def run() -> None:
        transport = make_transport(per_origin=2, backend=backend)
        results = await asyncio.gather(*(get(transport, server.url("/slow")) for _ in range(6)))
        assert results == [(200, PAGE)] * 6
        await transport.aclose()

    asyncio.run(run())

    assert server.max_in_flight == 2
    assert backend.opened == len(set(ports(server))) == 2


def test_waiting_longer_than_the_pool_timeout_for_a_connection_is_a_pool_timeout(servers: list[LocalServer]) -> None:
    url = httpx.URL(servers[0].url("/page"))

    async def run() -> None:
        transport = make_transport(per_origin=1)
        holding = await transport.send(b"GET", url, [])
        with pytest.raises(httpcore.PoolTimeout):
            await transport.send(b"GET", url, [], extensions={"timeout": {"pool": 0.05}})
        assert await read(holding) == PAGE
        assert await get(transport, str(url)) == (200, PAGE)
        await transport.aclose()

    asyncio.run(run())


def test_a_connection_whose_response_was_not_read_to_its_end_is_not_reused(servers: list[LocalServer]) -> None:
    server = servers[0]
    backend = CountingBackend()

    async def run() -> None:
        transport = make_transport(backend=backend)
        response = await transport.send(b"GET", httpx.URL(server.url("/page")), [])
        await response.aclose()
        assert backend.open == 0
        assert await get(transport, server.url("/page")) == (200, PAGE)
        await transport.aclose()

    asyncio.run(run())

    assert len(set(ports(server))) == 2


def test_a_request_cancelled_before_its_answer_frees_its_slot_and_closes_its_connection(
    servers: list[LocalServer],
) -> None:
    server = servers[0]
    backend = CountingBackend()

    async def run() -> None:
        transport = make_transport(per_origin=1, backend=backend)
        await get_within(transport, server.url("/slow"), 0.05)
        assert backend.open == 0
        async with asyncio.timeout(2.0):  # a slot still held would make this wait for ever
            assert await get(transport, server.url("/page")) == (200, PAGE)
        assert backend.open == 1  # the new connection, idle
        await transport.aclose()

    asyncio.run(run())

    assert backend.opened == len(set(ports(server))) == 2


def test_a_request_cancelled_halfway_through_its_body_frees_its_slot_and_closes_its_connection(
    servers: list[LocalServer],
) -> None:
    server = servers[0]
    backend = CountingBackend()

    async def run() -> None:
        transport = make_transport(per_origin=1, backend=backend)
        await get_within(transport, server.url("/trickle"), 0.2)
        assert backend.open == 0
        async with asyncio.timeout(2.0):
            assert await get(transport, server.url("/page")) == (200, PAGE)
        await transport.aclose()

    asyncio.run(run())

    assert backend.opened == len(set(ports(server))) == 2


def test_a_server_that_says_connection_close_gets_a_new_connection_next_time(servers: list[LocalServer]) -> None:
    server = servers[0]
    server.add("/once", Reply(body=PAGE, headers={"Connection": "close"}))

    async def run() -> None:
        transport = make_transport()
        for _ in range(2):
            assert await get(transport, server.url("/once")) == (200, PAGE)
        await transport.aclose()

    asyncio.run(run())

    assert len(set(ports(server))) == 2


def test_an_idle_connection_the_server_closed_is_replaced_by_a_new_one() -> None:
    client_ports: list[int] = []
    closed = asyncio.Event()

    async def answer_once_then_hang_up(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        """Keep-alive by every header, then closed the way a server's idle timeout closes it."""
        client_ports.append(writer.get_extra_info("peername")[1])
        await reader.readuntil(b"\r\n\r\n")
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n%s" % (len(PAGE), PAGE))
        await writer.drain()
        writer.close()
        await writer.wait_closed()
        closed.set()

    async def run() -> None:
        server = await asyncio.start_server(answer_once_then_hang_up, "127.0.0.1", 0)
        url = f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}/page"
        transport = make_transport()
        assert await get(transport, url) == (200, PAGE)
        await closed.wait()
        await asyncio.sleep(0.05)  # for the client's side of the connection to see the FIN
        assert await get(transport, url) == (200, PAGE)
        await transport.aclose()
        server.close()
        await server.wait_closed()

    asyncio.run(run())

    assert len(set(client_ports)) == 2


def test_an_idle_connection_past_the_keepalive_expiry_is_replaced(servers: list[LocalServer]) -> None:
    server = servers[0]

    async def run() -> None:
        transport = make_transport(expiry=0.05)
        assert await get(transport, server.url("/page")) == (200, PAGE)
        await asyncio.sleep(0.1)
        assert await get(transport, server.url("/page")) == (200, PAGE)
        await transport.aclose()

    asyncio.run(run())

    assert len(set(ports(server))) == 2


def test_closing_the_transport_closes_connections_in_use_too(servers: list[LocalServer]) -> None:
    backend = CountingBackend()

    async def run() -> None:
        transport = make_transport(backend=backend)
        streaming = await transport.send(b"GET", httpx.URL(servers[0].url("/slow")), [])
        await get(transport, servers[1].url("/page"))
        await transport.aclose()
        assert backend.open == 0
        await streaming.aclose()
        assert backend.open == 0
        assert transport.origins == 0

    asyncio.run(run())


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
