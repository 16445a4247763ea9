"""`jobgraph serve` as a child process on a free loopback port, for the end-to-end tests."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextmanager
def jobgraph_serve(data: Path, **settings: str) -> Iterator[str]:
    """Serve the embedded graph in ``data`` (``settings`` as JOBGRAPH_* variables); yields the base URL once
    ``/healthz`` answers, and stops the service on exit."""
    port = free_port()
    env = {**os.environ, "JOBGRAPH_GRAPH_URL": f"embedded://{data}", "JOBGRAPH_PORT": str(port)}
    env |= {f"JOBGRAPH_{name.upper()}": value for name, value in settings.items()}
    env.pop("NEO4J_URI", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "graph_api", "serve"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                output = proc.stdout.read().decode() if proc.stdout else ""
                pytest.fail(f"jobgraph serve exited with {proc.returncode}:\n{output}")
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=1) as response:
                    if response.status == 200:
                        break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("jobgraph serve did not come up within 90 s")
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        if proc.stdout:
            proc.stdout.close()


def post(base: str, query: str, timeout: float = 30) -> dict[str, Any]:
    request = urllib.request.Request(
        f"{base}/graphql",
        data=json.dumps({"query": query}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        body: dict[str, Any] = json.loads(response.read())
        return body
