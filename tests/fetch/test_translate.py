"""Whatever goes wrong on the wire, callers only ever see the scraper's own errors."""

from __future__ import annotations

import shutil
import socket
import ssl
import subprocess
from collections.abc import Sequence
from pathlib import Path

import aiohttp
import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scraper.errors import FetchError, ScraperError, TransportError
from scraper.session import Scraper
from tests.fetch.conftest import OpenSession, SleepRecorder, make_config
from tests.support.server import Fault, LocalServer, Reply

THIRD_PARTY = (
    httpx.HTTPError,
    httpx.InvalidURL,
    httpx.StreamError,
    aiohttp.ClientError,
)


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def assert_translated(error: BaseException) -> None:
    assert isinstance(error, FetchError)
    assert not isinstance(error, THIRD_PARTY)
    assert error.url


@pytest.mark.parametrize(
    "reply",
    [
        Reply(fault=Fault.GARBAGE),
        Reply(body=b"x" * 10_000, fault=Fault.RESET_MID_BODY),
        Reply(fault=Fault.STALL),
        Reply(body=b"<p>x</p>", headers={"Content-Encoding": "gzip"}),
        Reply(status=302, headers={"Location": "http://[::1"}),
        Reply(status=302, headers={"Location": "http://a:port/"}),
    ],
    ids=["garbage", "reset", "stall", "bad-gzip", "bad-location", "bad-port-in-location"],
)
def test_wire_faults_become_fetch_errors_caused_by_the_original(
    server: LocalServer, open_session: OpenSession, reply: Reply
) -> None:
    server.add("/page", reply)

    with pytest.raises(ScraperError) as caught:
        open_session(retries=0).fetch(server.url("/page"))

    assert_translated(caught.value)
    assert caught.value.__cause__ is not None


def test_a_refused_connection_is_a_transport_error(open_session: OpenSession) -> None:
    with pytest.raises(TransportError) as caught:
        open_session(retries=1, obey_robots=False).fetch(f"http://127.0.0.1:{closed_port()}/page")

    assert_translated(caught.value)


@pytest.mark.parametrize("url", ["", "http://", "http://exa mple.com/", "http://[::1", "ht tp://x/", "mailto:a@b.c"])
def test_unusable_urls_are_fetch_errors(session: Scraper, url: str) -> None:
    with pytest.raises(FetchError) as caught:
        session.fetch(url)

    assert not isinstance(caught.value, THIRD_PARTY)


def test_arbitrary_urls_end_in_a_result_or_a_scraper_error(server: LocalServer, sleeps: SleepRecorder) -> None:
    server.add("/", Reply(body=b"<p>home</p>"))

    async def everything_is_local(host: str, port: int) -> Sequence[str]:
        return ["127.0.0.1"]

    with Scraper(make_config(retries=0, obey_robots=False), sleep=sleeps, resolver=everything_is_local) as session:

        @settings(max_examples=150, deadline=None)
        @given(st.text(max_size=40), st.sampled_from(["http://", "https://", f"http://127.0.0.1:{server.port}", ""]))
        def check(tail: str, prefix: str) -> None:
            try:
                session.fetch(prefix + tail)
            except ScraperError as error:
                assert not isinstance(error, THIRD_PARTY)

        check()


def test_tls_to_a_plain_http_server_is_a_transport_error(server: LocalServer, open_session: OpenSession) -> None:
    with pytest.raises(TransportError) as caught:
        open_session(retries=0, obey_robots=False).fetch(f"https://127.0.0.1:{server.port}/page")

    assert_translated(caught.value)


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs openssl to make a certificate")
def test_a_certificate_that_does_not_verify_is_refused(tmp_path: Path, open_session: OpenSession) -> None:
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)

    with LocalServer(tls=context) as secure:
        secure.add("/page", Reply(body=b"<p>secret</p>"))
        with pytest.raises(TransportError, match="CERTIFICATE_VERIFY_FAILED|certificate verify failed"):
            open_session(retries=0, obey_robots=False).fetch(secure.url("/page"))

        assert secure.requests == []
