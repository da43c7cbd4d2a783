"""Hostile bodies for tests, generated lazily so none has to fit in memory."""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterator

import brotli
from backports.zstd import ZstdCompressor

from tests.support.server import BodyFactory

_GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"
_BLOCK = 1024 * 1024


def gzip_bomb(decoded_bytes: int) -> tuple[BodyFactory, int]:
    """A gzip stream of `decoded_bytes` zeros, and its compressed size.

    One megabyte of zeros is compressed once and ended with a full flush, which
    makes the segment independent of what came before, so repeating it builds
    an arbitrarily large valid stream at no cost. The trailer's CRC is not
    computed: a client that honours its size limit never gets that far.
    """
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    segment = compressor.compress(bytes(_BLOCK)) + compressor.flush(zlib.Z_FULL_FLUSH)
    ending = compressor.flush(zlib.Z_FINISH) + b"\x00" * 8
    count = max(1, decoded_bytes // _BLOCK)

    def chunks() -> Iterator[bytes]:
        yield _GZIP_HEADER
        for _ in range(count):
            yield segment
        yield ending

    return chunks, len(_GZIP_HEADER) + count * len(segment) + len(ending)


def gzipped(data: bytes) -> bytes:
    """`data` as a complete gzip file."""
    return gzip.compress(data)


def brotli_bomb(decoded_bytes: int) -> bytes:
    """`decoded_bytes` zeros as one brotli stream (1 GiB comes to about 190 KB, made in a third of a second)."""
    compressor = brotli.Compressor(quality=1)
    block = bytes(_BLOCK)
    parts = [compressor.process(block) for _ in range(max(1, decoded_bytes // _BLOCK))]
    return b"".join([*parts, compressor.finish()])


def zstd_bomb(decoded_bytes: int) -> bytes:
    """`decoded_bytes` zeros as one zstd frame (1 GiB comes to about 33 KB)."""
    compressor = ZstdCompressor(level=1)
    block = bytes(_BLOCK)
    parts = [compressor.compress(block) for _ in range(max(1, decoded_bytes // _BLOCK))]
    return b"".join([*parts, compressor.flush()])
