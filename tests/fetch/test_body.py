"""The body limit applies to decoded bytes and stops a download as soon as it is passed."""

from __future__ import annotations

import time
import tracemalloc
import zlib
from collections.abc import Callable

import brotli
import pytest
from backports.zstd import CompressionParameter, ZstdCompressor
from backports.zstd import compress as zstd_compress

from scraper.errors import TooLargeError, TransportError
from scraper.fetching.body import content_decoders
from scraper.session import Scraper
from tests.fetch.conftest import OpenSession
from tests.support.bodies import brotli_bomb, gzip_bomb, gzipped, zstd_bomb
from tests.support.server import LocalServer, Reply, repeated

MIB = 1024 * 1024
GIB = 1024 * MIB
PAGE = b"<html><body>" + b"<p>news</p>" * 1000 + b"</body></html>"
FIFTY_MB = 50 * 1000 * 1000
LIMIT = MIB


@pytest.fixture
def limited(open_session: OpenSession) -> Scraper:
    return open_session(max_body_bytes=LIMIT)


def test_a_50_mb_body_with_a_content_length_is_refused_before_reading(server: LocalServer, limited: Scraper) -> None:
    server.add("/big", Reply(body=repeated(b"<p>filler</p>" * 100, FIFTY_MB)))

    with pytest.raises(TooLargeError, match=str(LIMIT)):
        limited.fetch(server.url("/big"))

    server.wait_idle()  # until the server notices the hang-up
    (delivery,) = server.deliveries_for("/big")
    assert delivery.aborted
    assert delivery.body_bytes < FIFTY_MB // 2
    assert server.hits("/big") == 1


def test_a_50_mb_chunked_body_stops_at_the_limit(server: LocalServer, limited: Scraper) -> None:
    server.add("/big", Reply(body=repeated(b"<p>filler</p>" * 100, FIFTY_MB), chunked=True))

    with pytest.raises(TooLargeError):
        limited.fetch(server.url("/big"))

    server.wait_idle()
    (delivery,) = server.deliveries_for("/big")
    assert delivery.aborted
    assert delivery.body_bytes < FIFTY_MB // 2


def test_a_gzip_bomb_is_stopped_early(server: LocalServer, limited: Scraper) -> None:
    bomb, compressed_size = gzip_bomb(50 * 1024 * MIB)  # 50 GiB of zeros in about 53 MB
    server.add("/bomb", Reply(body=bomb, headers={"Content-Encoding": "gzip"}, chunked=True))

    started = time.monotonic()
    with pytest.raises(TooLargeError):
        limited.fetch(server.url("/bomb"))

    assert time.monotonic() - started < 2
    server.wait_idle()
    (delivery,) = server.deliveries_for("/bomb")
    assert delivery.aborted
    assert delivery.body_bytes < compressed_size // 2


def test_a_gzipped_page_within_the_limit_is_decoded(server: LocalServer, limited: Scraper) -> None:
    page = b"<html><body>" + b"<p>news</p>" * 1000 + b"</body></html>"
    server.add("/page", Reply(body=gzipped(page), headers={"Content-Encoding": "gzip"}))

    result = limited.fetch(server.url("/page"))

    assert result.content == page


def test_a_deflate_page_is_decoded_whether_zlib_wrapped_or_raw(server: LocalServer, limited: Scraper) -> None:
    page = b"<html><body><p>deflated</p></body></html>"
    raw = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    server.add("/zlib", Reply(body=zlib.compress(page), headers={"Content-Encoding": "deflate"}))
    server.add("/raw", Reply(body=raw.compress(page) + raw.flush(), headers={"Content-Encoding": "deflate"}))

    assert limited.fetch(server.url("/zlib")).content == page
    assert limited.fetch(server.url("/raw")).content == page


def test_a_body_exactly_at_the_limit_is_accepted(server: LocalServer, limited: Scraper) -> None:
    server.add("/exact", Reply(body=b"a" * LIMIT, chunked=True))

    assert len(limited.fetch(server.url("/exact")).content) == LIMIT


def test_a_damaged_gzip_body_is_a_transport_error(server: LocalServer, open_session: OpenSession) -> None:
    server.add("/broken", Reply(body=b"\x1f\x8b\x08\x00garbage-not-deflate", headers={"Content-Encoding": "gzip"}))

    with pytest.raises(TransportError, match="damaged"):
        open_session().fetch(server.url("/broken"))

    assert server.hits("/broken") == 1  # the same bytes would come back: not retried


def test_a_coding_we_did_not_ask_for_is_refused() -> None:
    with pytest.raises(TransportError, match="compress"):
        content_decoders("compress", "http://example.com/")


def test_the_decoder_never_produces_more_than_the_budget_plus_one() -> None:
    (stage,) = content_decoders("gzip", "http://example.com/")
    bomb, _ = gzip_bomb(64 * MIB)
    stream = b"".join(bomb())[:-8]

    output = stage.feed(stream, 1000)

    assert len(output) == 1001


def test_concatenated_gzip_members_are_all_decoded() -> None:
    (stage,) = content_decoders("gzip", "http://example.com/")

    assert stage.feed(gzipped(b"one,") + gzipped(b"two"), 100) == b"one,two"


def test_bytes_after_the_end_of_a_gzip_stream_are_ignored() -> None:
    (stage,) = content_decoders("gzip", "http://example.com/")

    first = stage.feed(gzipped(b"the page") + b"trailing junk", 100)
    later = stage.feed(b"more junk" * 1000, 100)

    assert (first, later) == (b"the page", b"")


@pytest.mark.parametrize(
    ("coding", "encode"),
    [("br", brotli.compress), ("zstd", zstd_compress), ("gzip, br", lambda data: brotli.compress(gzipped(data)))],
)
def test_brotli_and_zstd_pages_within_the_limit_are_decoded(
    server: LocalServer, limited: Scraper, coding: str, encode: Callable[[bytes], bytes]
) -> None:
    server.add("/page", Reply(body=encode(PAGE), headers={"Content-Encoding": coding}))

    assert limited.fetch(server.url("/page")).content == PAGE


@pytest.mark.parametrize(("coding", "bomb"), [("br", brotli_bomb), ("zstd", zstd_bomb)])
def test_brotli_and_zstd_bombs_stop_at_the_limit_without_decoding_the_rest(
    server: LocalServer, limited: Scraper, coding: str, bomb: Callable[[int], bytes]
) -> None:
    server.add("/bomb", Reply(body=bomb(GIB), headers={"Content-Encoding": coding}, chunked=True))

    tracemalloc.start()
    started = time.monotonic()
    try:
        with pytest.raises(TooLargeError):
            limited.fetch(server.url("/bomb"))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert time.monotonic() - started < 2  # decoding the whole gibibyte takes longer than that
    assert peak < 16 * MIB


@pytest.mark.parametrize(("coding", "bomb"), [("br", brotli_bomb), ("zstd", zstd_bomb)])
def test_a_brotli_or_zstd_stage_never_produces_much_more_than_its_budget(
    coding: str, bomb: Callable[[int], bytes]
) -> None:
    (stage,) = content_decoders(coding, "http://example.com/")

    output = stage.feed(bomb(64 * MIB), 1000)

    assert 1000 < len(output) <= 1000 + 64 * 1024


def test_zstd_frames_one_after_another_are_all_decoded() -> None:
    (stage,) = content_decoders("zstd", "http://example.com/")

    assert stage.feed(zstd_compress(b"one,") + zstd_compress(b"two"), 100) == b"one,two"


def test_a_zstd_frame_asking_for_a_window_over_8_mib_is_refused_as_damaged(
    server: LocalServer, limited: Scraper
) -> None:
    compressor = ZstdCompressor(options={CompressionParameter.window_log: 24})
    frame = compressor.compress(bytes(16 * MIB), ZstdCompressor.FLUSH_FRAME)
    server.add("/wide", Reply(body=frame, headers={"Content-Encoding": "zstd"}))

    with pytest.raises(TransportError, match="damaged"):
        limited.fetch(server.url("/wide"))


@pytest.mark.parametrize("coding", ["br", "zstd"])
def test_damaged_brotli_or_zstd_bodies_are_transport_errors(
    server: LocalServer, open_session: OpenSession, coding: str
) -> None:
    server.add("/broken", Reply(body=b"\x00\xffnot compressed at all" * 10, headers={"Content-Encoding": coding}))

    with pytest.raises(TransportError, match="damaged"):
        open_session().fetch(server.url("/broken"))
