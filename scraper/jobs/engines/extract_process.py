"""The extraction worker process itself (see `extract_worker`, the side that starts and stops it).

It imports no event loop and no HTTP stack: only the extractor and what carries pages in and
articles out.
"""

from __future__ import annotations

import contextlib
import os
import resource
import socket
import sys

from scraper.jobs.engines.extracting import extract_page, init_worker_process
from scraper.jobs.engines.framing import ChannelClosed, receive_blocking, send_blocking
from scraper.logs import configure_process_logging

BYTES_PER_MB = 1024 * 1024

OUT_OF_MEMORY = 3
"""The exit code of a worker that could not receive a page or send its article back under the ceiling."""

READY = "ready"
"""Worker → crawler once the extractor is imported: the start-up (about a second) is not a page's time."""


def serve() -> None:
    """The worker's entry point: argv[1] is its end of the channel, argv[2] the ceiling in MB (0: none),
    argv[3] the log level."""
    init_worker_process()
    configure_process_logging(int(sys.argv[3]))
    # Imported before READY (extract_page imports it lazily, for processes that never extract), and
    # before the ceiling, which is a page's: one below the extractor's own needs fails the page.
    import scraper.extraction  # noqa: F401

    ceiling = int(sys.argv[2]) * BYTES_PER_MB
    if ceiling:
        resource.setrlimit(resource.RLIMIT_AS, (ceiling, ceiling))
    sock = socket.socket(fileno=int(sys.argv[1]))

    try:
        with contextlib.suppress(ChannelClosed):  # the crawler is gone (killed, or it gave up on a page and stopped us)
            _serve_pages(sock)
    except MemoryError:  # outside the extractor: receiving the page or sending its article back
        os._exit(OUT_OF_MEMORY)
    os._exit(0)


def _serve_pages(sock: socket.socket) -> None:
    send_blocking(sock, READY)
    with sock.makefile("rb") as stream:
        while True:
            html, url, config = receive_blocking(stream)
            extracted = extract_page(html, url, config)
            send_blocking(sock, extracted)
            if extracted.error_kind == "extraction-memory":
                return  # what failed to allocate may have left the interpreter short; the next page gets a new one
