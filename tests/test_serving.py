"""`jobgraph serve --workers N`: workers share one listening socket whose connections skip Nagle's delay."""

import asyncio
import socket
import time
from pathlib import Path

from graph_api.serving import tcp_listener
from tests.served import jobgraph_serve, post


async def test_connections_accepted_on_the_workers_listener_have_tcp_nodelay() -> None:
    sock = tcp_listener("127.0.0.1", 0)
    nodelay: asyncio.Future[int] = asyncio.get_running_loop().create_future()

    class Report(asyncio.Protocol):
        def connection_made(self, transport: asyncio.BaseTransport) -> None:
            accepted = transport.get_extra_info("socket")
            nodelay.set_result(accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
            transport.close()

    server = await asyncio.get_running_loop().create_server(Report, sock=sock)
    try:
        _, writer = await asyncio.open_connection("127.0.0.1", sock.getsockname()[1])
        assert await asyncio.wait_for(nodelay, 5) != 0
        writer.close()
    finally:
        server.close()
        await server.wait_closed()


def test_two_workers_serve_one_graph_with_the_demo_loaded_and_shut_the_engine_down_when_stopped(
    tmp_path: Path,
) -> None:
    with jobgraph_serve(tmp_path, workers="2") as base:
        counts = [post(base, "{ stats { postings } }")["data"]["stats"]["postings"] for _ in range(6)]
        assert len(set(counts)) == 1
        assert counts[0] > 0  # the same graph behind every worker, the demo in it
    deadline = time.monotonic() + 30
    while (tmp_path / "redis.pid").exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not (tmp_path / "redis.pid").exists(), "the last worker to stop did not shut the embedded server down"
