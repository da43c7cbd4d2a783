"""Reading a response body under a size limit that applies to the decoded bytes.

The client asks only for the content codings decoded here (gzip, deflate,
brotli, zstd) and reads the raw stream, so decompression happens in bounded
steps: a stage never produces much more than the bytes still allowed (each
decoder is given that many as its output limit), and a bomb is stopped as
soon as it passes the limit, without ever holding more than the limit in memory.
"""

from __future__ import annotations

import sys
import zlib
from collections.abc import Mapping, Sequence
from typing import Protocol

import brotli
import httpx

if sys.version_info >= (3, 14):
    from compression.zstd import DecompressionParameter, ZstdDecompressor, ZstdError
else:
    from backports.zstd import DecompressionParameter, ZstdDecompressor, ZstdError

from scraper.errors import TooLargeError, TransportError

GZIP_MAGIC = b"\x1f\x8b"
_GZIP_WBITS = 16 + zlib.MAX_WBITS
_ZLIB_WBITS = zlib.MAX_WBITS
_RAW_DEFLATE_WBITS = -zlib.MAX_WBITS
_IDENTITY_CODINGS = frozenset({"", "identity"})
_GZIP_CODINGS = frozenset({"gzip", "x-gzip"})
_DAMAGED = (zlib.error, brotli.error, ZstdError)

ZSTD_WINDOW_LOG_MAX = 23
"""Largest zstd window accepted, 8 MiB (2**23): what RFC 9659 lets an HTTP sender use. libzstd's own
limit is 128 MiB, which a hostile frame could make a decoder allocate before writing a byte."""


class Stage(Protocol):
    """One decoding step: never returns more than `budget` bytes plus a little, which means the limit was passed."""

    def feed(self, data: bytes, budget: int) -> bytes: ...


class _Inflate:
    """One zlib decoding stage that never yields more than the budget it is given."""

    def __init__(self, wbits: int) -> None:
        self._wbits = wbits
        self._decoder = zlib.decompressobj(wbits)
        self._started = False
        self._ended = False

    def feed(self, data: bytes, budget: int) -> bytes:
        """Decode `data`; a result longer than `budget` means the limit was passed."""
        output = bytearray()
        while data and not self._ended:
            try:
                output += self._decoder.decompress(data, budget - len(output) + 1)
            except zlib.error:
                if self._started or self._wbits != _ZLIB_WBITS:
                    raise
                # "deflate" is meant to be zlib-wrapped, but some servers send raw deflate.
                self._wbits = _RAW_DEFLATE_WBITS
                self._decoder = zlib.decompressobj(_RAW_DEFLATE_WBITS)
                continue
            self._started = True
            if len(output) > budget:
                return bytes(output)
            data = self._decoder.unconsumed_tail
            if self._decoder.eof:
                data = self._next_member(self._decoder.unused_data)
        return bytes(output)

    def _next_member(self, trailing: bytes) -> bytes:
        """Start on the next gzip member (concatenated .gz files are valid); ignore anything else after the end."""
        if self._wbits == _GZIP_WBITS and trailing.startswith(GZIP_MAGIC):
            self._decoder = zlib.decompressobj(self._wbits)
            return trailing
        # Stop feeding the decoder: it would keep whatever follows, without limit.
        self._ended = True
        return b""


class _Brotli:
    """A brotli decoding stage held to its budget through brotli's own output limit."""

    def __init__(self) -> None:
        self._decoder = brotli.Decompressor()

    def feed(self, data: bytes, budget: int) -> bytes:
        output = bytearray(self._decoder.process(data, output_buffer_limit=budget + 1))
        # Past the output limit brotli keeps the rest of the input; it must be drained with empty input.
        while len(output) <= budget and not self._decoder.can_accept_more_data():
            output += self._decoder.process(b"", output_buffer_limit=budget - len(output) + 1)
        return bytes(output)


class _Zstd:
    """A zstd decoding stage; frames one after another are all decoded (RFC 8878 allows them)."""

    def __init__(self) -> None:
        self._decoder = _zstd_decoder()

    def feed(self, data: bytes, budget: int) -> bytes:
        output = bytearray()
        while len(output) <= budget:
            if self._decoder.eof:
                if not data:
                    break
                self._decoder = _zstd_decoder()  # the next frame
            output += self._decoder.decompress(data, max_length=budget - len(output) + 1)
            data = self._decoder.unused_data if self._decoder.eof else b""
            if not self._decoder.eof and self._decoder.needs_input:
                break
        return bytes(output)


def _zstd_decoder() -> ZstdDecompressor:
    return ZstdDecompressor(options={DecompressionParameter.window_log_max: ZSTD_WINDOW_LOG_MAX})


class _SniffGzip:
    """Gunzips a body that turns out to be gzip (a .gz sitemap), passes anything else through."""

    def __init__(self) -> None:
        self._head = b""
        self._inflate: _Inflate | None = None
        self._decided = False

    def feed(self, data: bytes, budget: int) -> bytes:
        if not self._decided:
            self._head += data
            if len(self._head) < len(GZIP_MAGIC):
                return b""
            data, self._head, self._decided = self._head, b"", True
            if data.startswith(GZIP_MAGIC):
                self._inflate = _Inflate(_GZIP_WBITS)
        return self._inflate.feed(data, budget) if self._inflate else data

    def flush(self) -> bytes:
        """The bytes held back while too few had arrived to decide."""
        head, self._head = self._head, b""
        return head


def content_decoders(content_encoding: str | None, url: str) -> list[Stage]:
    """Decoding stages for a Content-Encoding header, in the order they must run."""
    codings = [coding.strip().lower() for coding in (content_encoding or "").split(",")]
    stages: list[Stage] = []
    for coding in reversed(codings):
        if coding in _IDENTITY_CODINGS:
            continue
        if coding in _GZIP_CODINGS:
            stages.append(_Inflate(_GZIP_WBITS))
        elif coding == "deflate":
            stages.append(_Inflate(_ZLIB_WBITS))
        elif coding == "br":
            stages.append(_Brotli())
        elif coding == "zstd":
            stages.append(_Zstd())
        else:
            raise TransportError(f"the server used content coding {coding!r}, which was not asked for", url=url)
    return stages


async def read_body(
    response: httpx.Response, headers: Mapping[str, str], *, limit: int, url: str, sniff_gzip: bool = False
) -> bytes:
    """Read and decode the body, raising TooLargeError as soon as it passes `limit` bytes.

    `headers` are the response's, with lower-case names.
    """
    stages: Sequence[Stage] = content_decoders(headers.get("content-encoding"), url)
    sniffer = _SniffGzip() if sniff_gzip else None
    if sniffer:
        stages = [*stages, sniffer]
    declared = headers.get("content-length", "")
    if not stages and declared.isdigit() and int(declared) > limit:
        raise TooLargeError(f"the body is {int(declared)} bytes, over the limit of {limit}", url=url)
    # Chunks joined once at the end: a page that arrives in one chunk (most do) is never copied.
    chunks: list[bytes] = []
    received = 0
    async for raw in response.aiter_raw():
        chunk = _decode(stages, raw, limit - received, url) if stages else raw
        chunks.append(chunk)
        received += len(chunk)
        if received > limit:
            raise TooLargeError(f"the decoded body passed the limit of {limit} bytes", url=url)
    if sniffer:
        chunks.append(sniffer.flush())
        received += len(chunks[-1])
    if received > limit:
        raise TooLargeError(f"the decoded body passed the limit of {limit} bytes", url=url)
    return b"".join(chunks)


def _decode(stages: Sequence[Stage], data: bytes, budget: int, url: str) -> bytes:
    """Run `data` through every stage; each stage is held to the same budget."""
    try:
        for stage in stages:
            data = stage.feed(data, budget)
            if len(data) > budget:
                return data
    except _DAMAGED as exc:
        raise TransportError(f"the compressed body is damaged: {exc}", url=url) from exc
    return data
