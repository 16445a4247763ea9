"""The README's run command, end to end: `jobgraph serve` on an empty embedded graph, over real HTTP."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data = tmp_path_factory.mktemp("serve")
    port = _free_port()
    env = {**os.environ, "JOBGRAPH_GRAPH_URL": f"embedded://{data}", "JOBGRAPH_PORT": str(port)}
    env.pop("NEO4J_URI", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "graph_api", "serve"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
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
        assert not (Path(str(data)) / "redis.pid").exists(), "stopping the service shut the embedded server down"


def _post(base: str, query: str) -> dict[str, Any]:
    request = urllib.request.Request(
        f"{base}/graphql",
        data=json.dumps({"query": query}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        body: dict[str, Any] = json.loads(response.read())
        return body


def test_serving_an_empty_graph_loads_the_demo_postings(served: str) -> None:
    body = _post(served, "{ postings { totalCount } companies { totalCount } }")
    assert "errors" not in body, body
    assert body["data"]["postings"]["totalCount"] >= 30
    assert body["data"]["companies"]["totalCount"] >= 10


def test_graphiql_is_served_at_the_graphql_path(served: str) -> None:
    request = urllib.request.Request(f"{served}/graphql", headers={"Accept": "text/html"})
    with urllib.request.urlopen(request, timeout=10) as response:
        page = response.read().decode()
    assert "graphiql" in page.lower()


def test_roles_sharing_skills_answers_on_the_demo_data(served: str) -> None:
    roles = _post(served, "{ roles(first: 100) { nodes { id name } } }")["data"]["roles"]["nodes"]
    backend = next(r for r in roles if r["name"].startswith("Backend"))
    body = _post(served, f'{{ rolesSharingSkills(role: "{backend["id"]}") {{ role {{ name }} sharedCount }} }}')
    found = body["data"]["rolesSharingSkills"]
    assert found, "some role at another employer shares a skill with a backend role"
    assert all(r["sharedCount"] >= 1 for r in found)
    assert [r["sharedCount"] for r in found] == sorted((r["sharedCount"] for r in found), reverse=True)
