"""A real HTTP/1.1 server on loopback for tests, with canned replies and injected faults.

    with LocalServer() as server:
        server.add("/article", Reply(body=b"<html>…</html>"))
        server.add("/flaky", Reply(status=503), Reply(status=503), Reply(body=b"ok"))
        server.redirect("/old", "/article", status=301)
        httpx.get(server.url("/flaky"))   # 503; the next two requests get 503, then 200
        server.hits("/flaky")             # how many requests the server saw

A route holds a sequence of replies served in order; the last one repeats.
Every request is recorded, and each reply records how many body bytes it
managed to write before the client hung up, so a test can prove that a
size limit stopped a download early. Nothing here touches the internet.
"""

from __future__ import annotations

import email.utils
import socket
import socketserver
import ssl
import struct
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from enum import Enum
from http.server import BaseHTTPRequestHandler
from types import TracebackType
from typing import Any

LOOPBACK = "127.0.0.1"
CHUNK_SIZE = 64 * 1024
STALL_LIMIT = 30.0
"""A stalled reply gives up after this many seconds even if the test forgot to stop the server."""

SHUTDOWN_POLL = 0.02
"""Seconds between the serving loop's checks for shutdown; short so each test's teardown is quick."""

BodyFactory = Callable[[], Iterable[bytes]]


class Fault(Enum):
    """Ways a reply can misbehave on purpose."""

    RESET_MID_BODY = "reset-mid-body"
    """Send the headers and half the body, then reset the connection (RST)."""
    STALL = "stall"
    """Accept the request and never answer."""
    STALL_MID_BODY = "stall-mid-body"
    """Send the headers and half the body, then go silent."""
    TRICKLE = "trickle"
    """Send the body one byte per `trickle_interval` seconds."""
    GARBAGE = "garbage"
    """Answer with bytes that are not HTTP at all."""


@dataclass(frozen=True)
class Reply:
    """One canned response; `body` may be a factory of chunks for bodies too large to hold."""

    status: int = 200
    body: bytes | BodyFactory = b""
    content_type: str | None = "text/html; charset=utf-8"
    headers: Mapping[str, str] = field(default_factory=dict)
    etag: str | None = None
    last_modified: str | None = None
    chunked: bool = False
    """Send the body with chunked transfer encoding and no Content-Length."""
    delay: float = 0.0
    """Seconds to wait before answering, to simulate network latency."""
    fault: Fault | None = None
    trickle_interval: float = 0.05


@dataclass(frozen=True)
class Request:
    """What the server received."""

    method: str
    path: str
    headers: Mapping[str, str]
    at: float
    """time.monotonic() when the request arrived."""
    client_port: int
    """The client's port: requests sharing one came over one kept-alive connection."""


@dataclass
class Delivery:
    """How much of a reply's body went out, and whether the client hung up first.

    Recorded when the reply starts and updated as it goes: call
    `LocalServer.wait_idle()` before reading the final counts.
    """

    path: str
    status: int
    body_bytes: int = 0
    aborted: bool = False


class LocalServer:
    """A threaded HTTP server on a loopback address; use as a context manager."""

    def __init__(self, host: str = LOOPBACK, port: int = 0, *, tls: ssl.SSLContext | None = None) -> None:
        self._routes: dict[str, list[Reply]] = {}
        self._served: dict[str, int] = {}
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self.requests: list[Request] = []
        self.deliveries: list[Delivery] = []
        self.in_flight = 0
        self.max_in_flight = 0
        """The most requests this server was answering at the same moment."""
        self._httpd = _ThreadingServer((host, port), _Handler)
        self._httpd.owner = self
        self._scheme = "https" if tls else "http"
        if tls:
            self._httpd.socket = tls.wrap_socket(self._httpd.socket, server_side=True)
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, args=(SHUTDOWN_POLL,), name="local-http", daemon=True
        )

    @property
    def host(self) -> str:
        return str(self._httpd.server_address[0])

    @property
    def port(self) -> int:
        return int(self._httpd.server_address[1])

    @property
    def base_url(self) -> str:
        return f"{self._scheme}://{self.host}:{self.port}"

    def url(self, path: str = "/") -> str:
        """The absolute URL of `path` on this server."""
        return f"{self.base_url}{path}"

    def start(self) -> LocalServer:
        """Start serving in a background thread."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and release stalled replies."""
        self._stopping.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join()

    def __enter__(self) -> LocalServer:
        return self.start()

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self.stop()

    def add(self, path: str, *replies: Reply) -> None:
        """Serve `replies` at `path` in order, repeating the last one."""
        if not replies:
            raise ValueError("a route needs at least one reply")
        with self._lock:
            self._routes[path] = list(replies)
            self._served[path] = 0

    def redirect(self, path: str, location: str, *, status: int = 302) -> None:
        """Answer `path` with a redirect to `location` (relative or absolute)."""
        self.add(path, Reply(status=status, content_type=None, headers={"Location": location}))

    def hits(self, path: str) -> int:
        """How many requests for `path` arrived."""
        with self._lock:
            return sum(1 for request in self.requests if request.path == path)

    def requests_for(self, path: str) -> list[Request]:
        """The requests for `path`, oldest first."""
        with self._lock:
            return [request for request in self.requests if request.path == path]

    def deliveries_for(self, path: str) -> list[Delivery]:
        """What went out for `path`, one entry per reply."""
        with self._lock:
            return [delivery for delivery in self.deliveries if delivery.path == path]

    def _next_reply(self, request: Request) -> Reply | None:
        path = request.path
        with self._lock:
            self.requests.append(request)
            replies = self._routes.get(path)
            if replies is None:
                return None
            index = min(self._served[path], len(replies) - 1)
            self._served[path] += 1
            return replies[index]

    def wait_idle(self, timeout: float = 5.0) -> None:
        """Wait until no request is being answered, e.g. for the server to notice a client hung up."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if not self.in_flight:
                    return
            time.sleep(0.01)
        raise TimeoutError(f"the server was still answering after {timeout} s")

    def _enter(self) -> None:
        with self._lock:
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)

    def _leave(self) -> None:
        with self._lock:
            self.in_flight -= 1

    def _record(self, delivery: Delivery) -> None:
        with self._lock:
            self.deliveries.append(delivery)

    def _wait(self, seconds: float) -> bool:
        """Sleep unless the server stops first; True if it is stopping."""
        return self._stopping.wait(seconds)


class _ThreadingServer(socketserver.ThreadingMixIn, socketserver.TCPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128
    owner: LocalServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients hanging up is what many tests are about; anything else still prints."""
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _ThreadingServer

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class names it so
        """Keep test output quiet."""

    def do_GET(self) -> None:
        self._serve(send_body=True)

    def do_HEAD(self) -> None:
        self._serve(send_body=False)

    def _serve(self, *, send_body: bool) -> None:
        self.server.owner._enter()
        try:
            self._answer(send_body=send_body)
        finally:
            self.server.owner._leave()

    def _answer(self, *, send_body: bool) -> None:
        owner = self.server.owner
        path = self.path.split("?", 1)[0]
        headers = {key.lower(): value for key, value in self.headers.items()}
        reply = owner._next_reply(Request(self.command, path, headers, time.monotonic(), self.client_address[1]))
        if reply is None:
            reply = Reply(status=404, body=b"<html><body>not found</body></html>")
        if reply.delay and owner._wait(reply.delay):
            return
        if reply.fault is Fault.STALL:
            owner._wait(STALL_LIMIT)
            self.close_connection = True
            return
        if reply.fault is Fault.GARBAGE:
            self.wfile.write(b"\x00\x01 this is not HTTP\r\n\r\n")
            self.wfile.flush()
            self.close_connection = True
            return
        if _is_not_modified(reply, self.headers):
            owner._record(Delivery(path, 304))
            self._send_head(304, reply, length=None, chunked=False)
            return
        delivery = Delivery(path, reply.status)
        owner._record(delivery)
        try:
            self._send_reply(reply, delivery, send_body=send_body)
        except (BrokenPipeError, ConnectionResetError):
            delivery.aborted = True
            self.close_connection = True

    def _send_reply(self, reply: Reply, delivery: Delivery, *, send_body: bool) -> None:
        chunks = [reply.body] if isinstance(reply.body, bytes) else reply.body()
        length = len(reply.body) if isinstance(reply.body, bytes) and not reply.chunked else None
        self._send_head(reply.status, reply, length=length, chunked=length is None)
        if not send_body:
            return
        if reply.fault in (Fault.RESET_MID_BODY, Fault.STALL_MID_BODY):
            self._send_half_then_fail(reply, _join(chunks), delivery)
            return
        for chunk in _split(chunks, 1 if reply.fault is Fault.TRICKLE else CHUNK_SIZE):
            if reply.fault is Fault.TRICKLE and self.server.owner._wait(reply.trickle_interval):
                return
            self._write(chunk, chunked=length is None)
            delivery.body_bytes += len(chunk)
        if length is None:
            self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()

    def _send_half_then_fail(self, reply: Reply, body: bytes, delivery: Delivery) -> None:
        half = body[: len(body) // 2]
        self.wfile.write(half)
        self.wfile.flush()
        delivery.body_bytes = len(half)
        if reply.fault is Fault.STALL_MID_BODY:
            self.server.owner._wait(STALL_LIMIT)
        else:
            # SO_LINGER with a zero timeout makes close() send RST instead of FIN.
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.close_connection = True
        self.connection.close()

    def _send_head(self, status: int, reply: Reply, *, length: int | None, chunked: bool) -> None:
        self.send_response(status)
        if reply.content_type and status != 304:
            self.send_header("Content-Type", reply.content_type)
        if reply.etag:
            self.send_header("ETag", reply.etag)
        if reply.last_modified:
            self.send_header("Last-Modified", reply.last_modified)
        for name, value in reply.headers.items():
            self.send_header(name, value)
        if length is not None:
            self.send_header("Content-Length", str(length))
        elif chunked:
            self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()

    def _write(self, chunk: bytes, *, chunked: bool) -> None:
        if chunked:
            self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        else:
            self.wfile.write(chunk)
        self.wfile.flush()


def _is_not_modified(reply: Reply, headers: Any) -> bool:
    """Answer a conditional GET the way RFC 9110 says: If-None-Match wins over If-Modified-Since."""
    if reply.status != 200:
        return False
    if_none_match = headers.get("If-None-Match")
    if if_none_match is not None:
        return reply.etag is not None and reply.etag in [tag.strip() for tag in if_none_match.split(",")]
    if_modified_since = headers.get("If-Modified-Since")
    if if_modified_since is not None and reply.last_modified is not None:
        since = email.utils.parsedate_to_datetime(if_modified_since)
        modified = email.utils.parsedate_to_datetime(reply.last_modified)
        return modified <= since
    return False


def _join(chunks: Iterable[bytes]) -> bytes:
    return b"".join(chunks)


def _split(chunks: Iterable[bytes], size: int) -> Iterator[bytes]:
    for chunk in chunks:
        for start in range(0, len(chunk), size):
            yield chunk[start : start + size]


def repeated(block: bytes, total: int) -> BodyFactory:
    """A body factory yielding `total` bytes made of `block`, without holding them all."""

    def chunks() -> Iterator[bytes]:
        remaining = total
        while remaining > 0:
            piece = block[: min(len(block), remaining)]
            remaining -= len(piece)
            yield piece

    return chunks
