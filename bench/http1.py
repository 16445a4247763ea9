"""A lean HTTP/1.1 keep-alive client for load generation: POSTs JSON and reads the answer, nothing more.

The load generator shares the machine with the server; httpx spends about 4-5 ms of CPU per request
here (more than the server spends answering from its cache), so with it the rate measured is the
client's. This one spends a few tens of microseconds: the rate it measures is the server's.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any


class HttpError(Exception):
    pass


class Http1Connection:
    """One keep-alive connection to ``host:port``; one request at a time."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None

    async def post_json(self, path: str, payload: Any) -> tuple[int, bytes]:
        """The status and body of ``POST path`` with ``payload`` as JSON."""
        body = json.dumps(payload).encode()
        head = (
            f"POST {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n\r\n"
        ).encode()
        if self._writer is None:
            self._reader, self._writer = await asyncio.open_connection(self.host, self.port)
        assert self._reader is not None
        self._writer.write(head + body)
        status_line = await self._reader.readline()
        if not status_line:
            await self.close()
            raise HttpError("the server closed the connection")
        status = int(status_line.split(b" ", 2)[1])
        length, chunked = None, False
        while (line := await self._reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.partition(b":")
            name = name.strip().lower()
            if name == b"content-length":
                length = int(value.strip())
            elif name == b"transfer-encoding" and b"chunked" in value.lower():
                chunked = True
        if chunked:
            data = b""
            while (size := int((await self._reader.readline()).strip(), 16)) > 0:
                data += await self._reader.readexactly(size + 2)
                data = data[:-2]
            await self._reader.readline()
            return status, data
        if length is None:
            raise HttpError("no Content-Length in the answer")
        return status, await self._reader.readexactly(length)

    async def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
            self._writer = self._reader = None
