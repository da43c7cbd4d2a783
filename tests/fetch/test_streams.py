"""The asyncio streams under httpcore, over TLS: certificates checked against the name asked for."""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import Iterator, Sequence

import httpcore
import httpx
import pytest
import trustme

from scraper.errors import TransportError
from scraper.fetching.client import Client
from scraper.fetching.exchange import Document, exchange
from scraper.fetching.guard import AddressPolicy
from scraper.fetching.network import GuardedBackend
from scraper.fetching.transport import GuardedTransport, PoolLimits, Response
from tests.support.server import LocalServer, Reply, repeated

HOST = "news.test"
PAGE = b"<html><body><p>sealed</p></body></html>"
BIG = 2 * 1024 * 1024
"""Several times the streams' read buffer, so reading pauses and resumes through TLS."""


@pytest.fixture(scope="module")
def ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture
def secure(ca: trustme.CA) -> Iterator[LocalServer]:
    """A TLS server on 127.0.0.1 whose certificate names only news.test."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ca.issue_cert(HOST).configure_cert(context)
    with LocalServer(tls=context) as running:
        running.add("/page", Reply(body=PAGE))
        running.add("/big", Reply(body=repeated(b"<p>sealed</p>", BIG), chunked=True))
        yield running


async def on_loopback(host: str, port: int) -> Sequence[str]:
    return ["127.0.0.1"]


def trusting_transport(ca: trustme.CA, contexts_made: list[ssl.SSLContext] | None = None) -> GuardedTransport:
    """A transport whose TLS context trusts the test CA, connecting every name to 127.0.0.1."""

    def trusting_context() -> ssl.SSLContext:
        context = httpx.create_ssl_context()
        ca.configure_trust(context)
        if contexts_made is not None:
            contexts_made.append(context)
        return context

    return GuardedTransport(
        backend=GuardedBackend(AddressPolicy(allow_private=True), resolver=on_loopback),
        limits=PoolLimits(per_origin=2, kept_origins=8, keepalive_expiry=30.0),
        tls=trusting_context,
    )


async def read(response: Response) -> bytes:
    try:
        return b"".join([chunk async for chunk in response.aiter_raw()])
    finally:
        await response.aclose()


def test_pages_come_over_tls_on_one_kept_alive_connection(ca: trustme.CA, secure: LocalServer) -> None:
    url = httpx.URL(f"https://{HOST}:{secure.port}/page")

    async def run() -> list[tuple[int, bytes]]:
        transport = trusting_transport(ca)
        replies = []
        for _ in range(3):
            response = await transport.send(b"GET", url, [])
            replies.append((response.status, await read(response)))
        await transport.aclose()
        return replies

    assert asyncio.run(run()) == [(200, PAGE)] * 3
    assert len({request.client_port for request in secure.requests}) == 1
    assert secure.requests[0].headers["host"] == f"{HOST}:{secure.port}"


def test_the_tls_context_is_made_once_at_the_first_https_connection_and_never_for_plain_http(
    ca: trustme.CA, secure: LocalServer, server: LocalServer
) -> None:
    server.add("/plain", Reply(body=PAGE))
    contexts_made: list[ssl.SSLContext] = []

    async def run() -> tuple[int, int]:
        transport = trusting_transport(ca, contexts_made)
        for _ in range(2):
            await read(await transport.send(b"GET", httpx.URL(server.url("/plain")), []))
        before_tls = len(contexts_made)
        for path in ("/page", "/big"):
            await read(await transport.send(b"GET", httpx.URL(f"https://{HOST}:{secure.port}{path}"), []))
        await transport.aclose()
        return before_tls, len(contexts_made)

    assert asyncio.run(run()) == (0, 1)


def test_a_body_larger_than_the_read_buffer_arrives_whole_over_tls(ca: trustme.CA, secure: LocalServer) -> None:
    async def run() -> bytes:
        transport = trusting_transport(ca)
        response = await transport.send(b"GET", httpx.URL(f"https://{HOST}:{secure.port}/big"), [])
        chunks = response.aiter_raw()
        first = await anext(chunks)
        await asyncio.sleep(0.3)  # a slow reader: the server fills the buffer until reading pauses
        body = first + b"".join([chunk async for chunk in chunks])
        await response.aclose()
        await transport.aclose()
        return body

    assert asyncio.run(run()) == b"".join(repeated(b"<p>sealed</p>", BIG)())


def test_a_certificate_for_another_host_is_a_transport_error(ca: trustme.CA, secure: LocalServer) -> None:
    url = httpx.URL(f"https://elsewhere.test:{secure.port}/page")

    async def run() -> None:
        client = Client(trusting_transport(ca), user_agent="test", timeouts={"connect": 5.0, "read": 5.0})
        try:
            await exchange(client, url, headers={}, kind="html", limit=1024, deadline=5.0, timeout=5.0)
        finally:
            await client.aclose()

    with pytest.raises(TransportError, match="certificate verify failed.*elsewhere.test") as caught:
        asyncio.run(run())

    assert caught.value.url == str(url)
    assert isinstance(caught.value.__cause__, httpcore.ConnectError)
    assert secure.requests == []


def test_the_same_client_fetches_the_named_host(ca: trustme.CA, secure: LocalServer) -> None:
    """The control for the test above: only the name differs."""

    async def run() -> object:
        client = Client(trusting_transport(ca), user_agent="test", timeouts={"connect": 5.0, "read": 5.0})
        try:
            url = httpx.URL(f"https://{HOST}:{secure.port}/page")
            return await exchange(client, url, headers={}, kind="html", limit=1024, deadline=5.0, timeout=5.0)
        finally:
            await client.aclose()

    hop = asyncio.run(run())

    assert isinstance(hop, Document)
    assert hop.content == PAGE
