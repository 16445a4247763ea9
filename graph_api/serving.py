"""Running the app under uvicorn: one process, or several workers sharing one listening socket.

Several workers (``jobgraph serve --workers N``, ``JOBGRAPH_WORKERS``) each run their own app and
their own store; with the embedded engine they share its one server (each holds a lease, and the
last to stop shuts it down). Before the workers start, this process opens the graph once: it
starts the embedded server, applies the schema and loads the demo on an empty graph, so the
workers do not race at it.

The listening socket for the workers is bound here, not by uvicorn: uvicorn's own (``Config.bind_socket``)
leaves the socket's protocol at 0, so asyncio does not turn Nagle's algorithm off on the
connections it accepts (it only does so for sockets that say ``IPPROTO_TCP``), and every
keep-alive request after the first then waits ~40 ms for the client's delayed ACK
(https://github.com/Kludex/uvicorn/issues/3149). ``tcp_listener`` reports the protocol. (uvloop,
which ``uvicorn[standard]`` brings and uvicorn prefers, sets ``TCP_NODELAY`` on every TCP connection
anyway; the plain asyncio loop needs this.)
"""

from __future__ import annotations

import asyncio
import os
import socket
from typing import Any

import uvicorn
from uvicorn.supervisors import Multiprocess

from graph_api.demo import load_demo_if_empty
from graph_api.settings import EMBEDDED, Settings
from graph_api.stores import FalkorDBStore

APP_FACTORY = "graph_api.app:create_app"


def tcp_listener(host: str, port: int) -> socket.socket:
    """A bound TCP socket whose ``proto`` is ``IPPROTO_TCP``, so connections accepted on it get ``TCP_NODELAY``."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
    except BaseException:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


async def prepare_embedded(settings: Settings) -> None:
    """Open the embedded graph once (schema, demo) and leave its server running for the workers."""
    store = await FalkorDBStore.open_embedded(settings.embedded_dir, settings.graph_name, shutdown_when_last=False)
    try:
        await store.ensure_schema()
        if settings.demo_on_empty:
            await load_demo_if_empty(store)
    finally:
        await store.close()


def run(settings: Settings, **uvicorn_options: Any) -> None:
    """Serve ``settings`` with ``settings.workers`` uvicorn workers (blocks until stopped)."""
    if settings.workers <= 1:
        from graph_api.app import create_app

        uvicorn.run(create_app(settings), host=settings.host, port=settings.port, **uvicorn_options)
        return
    # The workers build their settings from the environment: hand them what the command line changed.
    os.environ["JOBGRAPH_DEMO_ON_EMPTY"] = str(settings.demo_on_empty).lower()
    if settings.scheme == EMBEDDED:
        # A remote graph may be down at start-up (each worker then serves 503 until it answers); ours is not.
        asyncio.run(prepare_embedded(settings))
        os.environ["JOBGRAPH_DEMO_ON_EMPTY"] = "false"  # done, once
    config = uvicorn.Config(
        APP_FACTORY, factory=True, host=settings.host, port=settings.port, workers=settings.workers, **uvicorn_options
    )
    sock = tcp_listener(settings.host, settings.port)
    try:
        Multiprocess(config, sockets=[sock]).run()
    finally:
        sock.close()
