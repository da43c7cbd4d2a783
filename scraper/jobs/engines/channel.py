"""Messages between `scraper run` and its crawler processes: pickled, length-prefixed, over a socket pair.

Both ends run an event loop, so both read and write without blocking it; the
writer's drain gives backpressure (a crawler that produces pages faster than
the run stores them waits instead of piling them up).
"""

from __future__ import annotations

import asyncio
import pickle
import socket
from typing import Any

from scraper.jobs.engines.framing import LENGTH, ChannelClosed

__all__ = ["Channel", "ChannelClosed"]


class Channel:
    """One end of a bidirectional message stream."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._reader = reader
        self._writer = writer

    @classmethod
    async def open(cls, sock: socket.socket) -> Channel:
        reader, writer = await asyncio.open_unix_connection(sock=sock)
        return cls(reader, writer)

    def send(self, message: Any) -> None:
        """Queue a message; `drain` waits until the other end has room for more."""
        payload = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
        # One write, so one send(2) for the many small messages of a run of 304s.
        self._writer.write(LENGTH.pack(len(payload)) + payload)

    async def drain(self) -> None:
        try:
            await self._writer.drain()
        except ConnectionError as exc:
            raise ChannelClosed(str(exc)) from exc

    async def receive(self) -> Any:
        """The next message; ChannelClosed once the other end is gone."""
        try:
            (length,) = LENGTH.unpack(await self._reader.readexactly(LENGTH.size))
            payload = await self._reader.readexactly(length)
        except (asyncio.IncompleteReadError, ConnectionError) as exc:
            raise ChannelClosed("the other end closed the channel") from exc
        return pickle.loads(payload)

    async def finish(self, last_message: Any) -> None:
        """Send the last message and close once everything sent has left this process.

        `drain` returns while up to 64 KiB wait in the transport's buffer; a process that
        exits then (as a crawler does, with os._exit) throws them away, and the other end
        sees the channel close before the last pages and DONE: about one small run in 20
        lost a crawler's tail that way. Closing the transport flushes that buffer first.
        """
        self.send(last_message)
        self._writer.close()
        try:
            await self._writer.wait_closed()
        except ConnectionError as exc:
            raise ChannelClosed(str(exc)) from exc

    def close(self) -> None:
        self._writer.close()
