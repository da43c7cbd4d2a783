"""Real proxies on loopback for tests: a forward HTTP proxy and a SOCKS5 proxy, each recording what it was asked.

    with HttpProxy(names={"news.test": "127.0.0.1"}) as proxy:
        ...  # fetch through proxy.url; proxy.requests lists the absolute URLs it forwarded

Both resolve host names through `names` only (an unknown name is refused), so a
test can use names that mean nothing outside it. The HTTP proxy forwards plain
http requests in absolute form (RFC 9112 3.2.2), one per connection; the SOCKS5
proxy relays any TCP stream after a CONNECT (RFC 1928), with an optional
user name and password (RFC 1929).
"""

from __future__ import annotations

import base64
import select
import socket
import socketserver
import struct
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import TracebackType
from urllib.parse import urlsplit

LOOPBACK = "127.0.0.1"
RELAY_CHUNK = 64 * 1024
IDLE_LIMIT = 10.0
"""Seconds a relay waits for either side before giving up, so a forgotten connection ends."""


@dataclass
class ProxyLog:
    """What a proxy saw: the targets it was asked for, and the credentials offered."""

    targets: list[str] = field(default_factory=list)
    credentials: list[str] = field(default_factory=list)


class _Server(socketserver.ThreadingMixIn, socketserver.TCPServer):
    daemon_threads = True
    allow_reuse_address = True
    owner: _Proxy


class _Proxy:
    handler: type[socketserver.BaseRequestHandler]
    scheme = ""

    def __init__(self, names: Mapping[str, str] | None = None, *, credentials: tuple[str, str] | None = None) -> None:
        self.names = dict(names or {})
        self.required = credentials
        self.log = ProxyLog()
        self._server = _Server((LOOPBACK, 0), self.handler)
        self._server.owner = self
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.02,), daemon=True)

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    def url(self, *, userinfo: str = "") -> str:
        return f"{self.scheme}://{userinfo + '@' if userinfo else ''}{LOOPBACK}:{self.port}"

    def resolve(self, host: str) -> str | None:
        return host if _is_address(host) else self.names.get(host)

    def __enter__(self) -> _Proxy:
        self._thread.start()
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()


class _HttpHandler(socketserver.StreamRequestHandler):
    server: _Server

    def handle(self) -> None:
        owner = self.server.owner
        head = self._read_head()
        if head is None:
            return
        request_line, *header_lines = head.decode("latin-1").split("\r\n")
        method, target, version = request_line.split(" ", 2)
        headers = dict(line.split(": ", 1) for line in header_lines if ": " in line)
        owner.log.targets.append(target)
        offered = headers.get("Proxy-Authorization", "")
        if offered:
            owner.log.credentials.append(base64.b64decode(offered.removeprefix("Basic ")).decode())
        if owner.required and offered != "Basic " + base64.b64encode(":".join(owner.required).encode()).decode():
            self.wfile.write(b"HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n")
            return
        parts = urlsplit(target)
        address = owner.resolve(parts.hostname or "")
        if method == "CONNECT" or parts.scheme != "http" or address is None:
            self.wfile.write(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            return
        forwarded = {
            k: v for k, v in headers.items() if not k.lower().startswith("proxy-") and k.lower() != "connection"
        }
        forwarded["Connection"] = "close"
        lines = [f"{method} {parts.path or '/'}{'?' + parts.query if parts.query else ''} {version}"]
        lines += [f"{name}: {value}" for name, value in forwarded.items()]
        with socket.create_connection((address, parts.port or 80), timeout=IDLE_LIMIT) as upstream:
            upstream.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
            first = True
            while chunk := upstream.recv(RELAY_CHUNK):
                if first:  # this connection ends with the response: say so, so the client does not reuse it
                    chunk, first = chunk.replace(b"\r\n", b"\r\nConnection: close\r\n", 1), False
                self.wfile.write(chunk)
        self.wfile.flush()

    def _read_head(self) -> bytes | None:
        head = b""
        while not head.endswith(b"\r\n\r\n"):
            line = self.rfile.readline()
            if not line:
                return None
            head += line
        return head[:-4]


class HttpProxy(_Proxy):
    """A forward proxy for http URLs; every request it forwards goes upstream with Connection: close."""

    handler = _HttpHandler
    scheme = "http"


class _SocksHandler(socketserver.BaseRequestHandler):
    server: _Server

    def handle(self) -> None:
        owner = self.server.owner
        client: socket.socket = self.request
        client.settimeout(IDLE_LIMIT)
        version, count = _receive(client, 2)
        methods = _receive(client, count)
        wanted = 2 if owner.required else 0
        if version != 5 or wanted not in methods:
            client.sendall(b"\x05\xff")
            return
        client.sendall(bytes([5, wanted]))
        if owner.required and not self._authenticated(client, owner):
            return
        _, command, _, kind = _receive(client, 4)
        if kind == 3:
            host = _receive(client, _receive(client, 1)[0]).decode("idna")
        elif kind == 1:
            host = socket.inet_ntop(socket.AF_INET, _receive(client, 4))
        else:
            host = socket.inet_ntop(socket.AF_INET6, _receive(client, 16))
        (port,) = struct.unpack("!H", _receive(client, 2))
        owner.log.targets.append(f"{host}:{port}")
        address = owner.resolve(host)
        if command != 1 or address is None:
            client.sendall(b"\x05\x04\x00\x01" + bytes(6))  # host unreachable
            return
        with socket.create_connection((address, port), timeout=IDLE_LIMIT) as upstream:
            client.sendall(b"\x05\x00\x00\x01" + socket.inet_aton(LOOPBACK) + struct.pack("!H", 0))
            _relay(client, upstream)

    def _authenticated(self, client: socket.socket, owner: _Proxy) -> bool:
        _, name_length = _receive(client, 2)
        name = _receive(client, name_length).decode()
        password = _receive(client, _receive(client, 1)[0]).decode()
        owner.log.credentials.append(f"{name}:{password}")
        ok = (name, password) == owner.required
        client.sendall(b"\x01\x00" if ok else b"\x01\x01")
        return ok


class Socks5Proxy(_Proxy):
    """A SOCKS5 proxy that relays CONNECTs to the names it knows."""

    handler = _SocksHandler
    scheme = "socks5"


def _receive(sock: socket.socket, count: int) -> bytes:
    data = b""
    while len(data) < count:
        chunk = sock.recv(count - len(data))
        if not chunk:
            raise ConnectionError("the client hung up")
        data += chunk
    return data


def _relay(one: socket.socket, other: socket.socket) -> None:
    peers = {one: other, other: one}
    while True:
        readable, _, _ = select.select(list(peers), [], [], IDLE_LIMIT)
        if not readable:
            return
        for sock in readable:
            chunk = sock.recv(RELAY_CHUNK)
            if not chunk:
                return
            peers[sock].sendall(chunk)


def _is_address(host: str) -> bool:
    try:
        socket.inet_pton(socket.AF_INET6 if ":" in host else socket.AF_INET, host)
    except OSError:
        return False
    return True
