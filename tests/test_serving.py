"""`jobgraph serve --workers N`: workers share one listening socket whose connections skip Nagle's delay."""

import asyncio
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from graph_api.serving import tcp_listener


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
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {
        **os.environ,
        "JOBGRAPH_GRAPH_URL": f"embedded://{tmp_path}",
        "JOBGRAPH_WORKERS": "2",
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "graph_api", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            assert proc.poll() is None, f"jobgraph serve exited with {proc.returncode}"
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail("jobgraph serve --workers 2 did not come up within 90 s")
                time.sleep(0.2)
        counts = []
        for _ in range(6):
            request = urllib.request.Request(
                f"{base}/graphql",
                data=json.dumps({"query": "{ stats { postings } }"}).encode(),
                headers={"Content-Type": "application/json"},
            )
            with urllib.request.urlopen(request, timeout=30) as response:
                counts.append(json.loads(response.read())["data"]["stats"]["postings"])
        assert len(set(counts)) == 1
        assert counts[0] > 0  # the same graph behind every worker, the demo in it
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    deadline = time.monotonic() + 30
    while (tmp_path / "redis.pid").exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not (tmp_path / "redis.pid").exists(), "the last worker to stop did not shut the embedded server down"
