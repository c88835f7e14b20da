"""Slow clients, as on crowded school Wi-Fi: a request sent at one byte per second.

- ``headers``: the request line and headers trickle in one byte a second (never finished);
- ``body``: the headers arrive at once (``Content-Length: 4096``), then the body trickles in.

Each client holds its connection until its time is up; if the server closes it (a proxy's
timeout), it connects again after a second, so the pressure lasts the whole window. Loopback
only; every client stops by itself at its deadline.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from dataclasses import dataclass

MODES = ("headers", "body")
BODY_BYTES = 4096


@dataclass
class SlowStats:
    connections: int = 0  # opened
    refused: int = 0  # could not connect
    closed_by_server: int = 0  # the server answered or hung up before the client was done
    bytes_sent: int = 0


def _request(mode: str, port: int) -> tuple[bytes, bytes]:
    """(sent at once, sent one byte a second)."""
    if mode == "headers":
        head = (
            f"GET /api/health HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUser-Agent: slow-client\r\n"
            f"X-Padding: {'a' * 8000}\r\n\r\n"
        )
        return b"", head.encode()
    head = (
        f"POST /api/auth/login HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {BODY_BYTES}\r\n\r\n"
    )
    return head.encode(), b'{"email": "' + b"a" * BODY_BYTES


async def slow_client(port: int, mode: str, deadline: float, stats: SlowStats) -> None:
    """One slow client on 127.0.0.1:`port` until `deadline` (time.monotonic())."""
    if mode not in MODES:
        raise ValueError(mode)
    at_once, trickle = _request(mode, port)
    while time.monotonic() < deadline:
        try:
            reader, writer = await asyncio.wait_for(
                asyncio.open_connection("127.0.0.1", port),
                timeout=max(0.1, deadline - time.monotonic()),
            )
        except (OSError, TimeoutError):
            stats.refused += 1
            await asyncio.sleep(1.0)
            continue
        stats.connections += 1
        closed = False
        try:
            if at_once:
                writer.write(at_once)
                await writer.drain()
            for byte in trickle:
                if time.monotonic() >= deadline:
                    break
                writer.write(bytes([byte]))
                await writer.drain()
                stats.bytes_sent += 1
                # Wait a second; anything from the server (an answer, EOF) ends this connection.
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(reader.read(1024), timeout=1.0)
                    closed = True
                    break
        except (OSError, ConnectionError):
            closed = True
        finally:
            writer.close()
            with contextlib.suppress(OSError, ConnectionError):
                await writer.wait_closed()
        if closed:
            stats.closed_by_server += 1
            await asyncio.sleep(1.0)


async def hold(port: int, mode: str, count: int, seconds: float) -> SlowStats:
    """`count` slow clients for `seconds` (opened over the first second)."""
    stats = SlowStats()
    deadline = time.monotonic() + seconds
    tasks = []
    for _ in range(count):
        tasks.append(asyncio.create_task(slow_client(port, mode, deadline, stats)))
        await asyncio.sleep(1.0 / count)
    await asyncio.gather(*tasks)
    return stats
