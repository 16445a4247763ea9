"""GraphQL over HTTP against raw Cypher for the same traversal, and throughput under concurrent clients.

One run: builds (or reuses) a synthetic graph in an embedded FalkorDB, measures
``rolesSharingSkills`` as raw Cypher through the store and as GraphQL over HTTP against
``jobgraph``'s app served by uvicorn on a free loopback port, for the same sample of roles; then
``--clients`` concurrent clients send that query for ``--seconds`` (bounded) and the rate is counted.
Also times the traversal fields (competitors, relatedSkills, similarRoles) asked by a page of 20 parents.
The load generator shares this machine's cores with the server: the rate is a floor.

    python -m bench.api --postings 20000 --clients 32 --seconds 10 --workers 2
"""

import argparse
import asyncio
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from bench.common import percentiles
from bench.synth import postings
from graph_api.reads.traversals import ROLES_SHARING_SKILLS, roles_sharing_skills
from graph_api.stores.falkordb import FalkorDBStore
from loaders.writer import write_batch
from schema.cypher import Cypher

QUERY = """query($role: ID!) { rolesSharingSkills(role: $role, first: 10) {
  role { name } sharedCount weightedJaccard sharedSkills { name } employers { name } } }"""
# Traversal fields asked by a page of 20 parents in one request (batched: the same round trips as for one).
FIELD_QUERIES = {
    "competitors": "{ companies(orderBy: POSTINGS, first: 20) { nodes { name competitors(first: 5) { "
    "company { name } sharedCount weightedJaccard sharedSkills { name } } } } }",
    "related_skills": "{ skills(orderBy: POSTINGS, first: 20) { nodes { name relatedSkills(first: 10) { "
    "skill { name } postings lift } } } }",
    "similar_roles": "{ roles(orderBy: POSTINGS, first: 20) { nodes { name similarRoles(first: 5) { "
    "role { name } sharedCount weightedJaccard } } } }",
}
ROLE_KEYS = Cypher("bench_role_keys", "MATCH (r:Role) RETURN r.key AS key ORDER BY key")
POSTING_COUNT = Cypher("bench_posting_count", "MATCH (p:Posting) RETURN count(p) AS n")


async def ensure_graph(store: FalkorDBStore, n: int) -> float:
    have = int((await store.read(POSTING_COUNT))[0]["n"])
    if have >= n:
        return 0.0
    started, batch = time.perf_counter(), []
    for p in postings(n, seed=42):
        batch.append(p)
        if len(batch) == 1000:
            await write_batch(store, batch)
            batch = []
    if batch:
        await write_batch(store, batch)
    return time.perf_counter() - started


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _serve(data_dir: Path, graph: str, port: int, workers: int) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "JOBGRAPH_GRAPH_URL": f"embedded://{data_dir}",
        "JOBGRAPH_GRAPH_NAME": graph,
        "JOBGRAPH_DEMO_ON_EMPTY": "false",
    }
    command = [sys.executable, "-m", "uvicorn", "graph_api.app:create_app", "--factory", "--host", "127.0.0.1"]
    command += ["--port", str(port), "--workers", str(workers), "--log-level", "warning", "--no-access-log"]
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


async def _wait_up(base: str, proc: subprocess.Popen[bytes]) -> None:
    async with httpx.AsyncClient() as client:
        for _ in range(300):
            if proc.poll() is not None:
                raise RuntimeError(f"server exited: {proc.stderr.read().decode() if proc.stderr else ''}")
            try:
                if (await client.get(f"{base}/healthz")).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.1)
    raise RuntimeError("server did not come up")


async def _latencies_graphql(base: str, roles: list[str]) -> list[float]:
    out = []
    async with httpx.AsyncClient(base_url=base) as client:
        for key in roles:
            started = time.perf_counter()
            response = await client.post("/graphql", json={"query": QUERY, "variables": {"role": key}})
            out.append((time.perf_counter() - started) * 1000)
            body = response.json()
            if "errors" in body:
                raise RuntimeError(body["errors"])
    return out


async def _latencies_fields(base: str, repeats: int) -> dict[str, Any]:
    out: dict[str, Any] = {}
    async with httpx.AsyncClient(base_url=base, timeout=60) as client:
        for name, query in FIELD_QUERIES.items():
            times, trips = [], 0
            for _ in range(repeats):
                started = time.perf_counter()
                body = (await client.post("/graphql", json={"query": query})).json()
                times.append((time.perf_counter() - started) * 1000)
                if "errors" in body:
                    raise RuntimeError(body["errors"])
                trips = body["extensions"]["roundTrips"]
            out[name] = percentiles(times) | {"parents": 20, "round_trips": trips}
    return out


async def _throughput(base: str, roles: list[str], clients: int, seconds: float) -> dict[str, Any]:
    deadline = time.monotonic() + seconds
    done = errors = 0
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)

    async def client_loop(client: httpx.AsyncClient, seed: int) -> None:
        nonlocal done, errors
        rng = random.Random(seed)
        while time.monotonic() < deadline:
            try:
                response = await client.post(
                    "/graphql", json={"query": QUERY, "variables": {"role": rng.choice(roles)}}
                )
                ok = response.status_code == 200 and "errors" not in response.json()
            except httpx.HTTPError:
                ok = False
            done += ok
            errors += not ok

    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:
        started = time.monotonic()
        await asyncio.gather(*(client_loop(client, i) for i in range(clients)))
        elapsed = time.monotonic() - started
    return {"clients": clients, "seconds": round(elapsed, 2), "requests": done, "errors": errors,
            "requests_per_s": round(done / elapsed, 1)}  # fmt: skip


async def run(args: argparse.Namespace) -> dict[str, Any]:
    data_dir = Path(args.data or tempfile.mkdtemp(prefix="jg-bench-api-"))
    graph = f"bench-{args.postings}"
    store = await FalkorDBStore.open_embedded(data_dir, graph=graph)
    try:
        await store.ensure_schema()
        load_s = await ensure_graph(store, args.postings)
        keys = [row["key"] for row in await store.read(ROLE_KEYS)]
        roles = random.Random(1).sample(keys, min(args.sample, len(keys)))
        await roles_sharing_skills(store, roles[0])  # warm the query cache
        raw: list[float] = []
        for _ in range(args.passes):
            for key in roles:
                started = time.perf_counter()
                await roles_sharing_skills(store, key, first=10)
                raw.append((time.perf_counter() - started) * 1000)
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        proc = _serve(data_dir, graph, port, args.workers)
        try:
            await _wait_up(base, proc)
            await _latencies_graphql(base, roles[:5])  # warm-up
            gql: list[float] = []
            for _ in range(args.passes):
                gql += await _latencies_graphql(base, roles)
            fields = await _latencies_fields(base, 10 * args.passes)
            load = await _throughput(base, roles, args.clients, args.seconds)
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    finally:
        await store.close()
    raw_p, gql_p = percentiles(raw), percentiles(gql)
    return {
        "graph": {"postings": args.postings, "roles": len(keys), "load_seconds": round(load_s, 1)},
        "query": ROLES_SHARING_SKILLS.name,
        "raw_cypher": raw_p,
        "graphql_http": gql_p,
        "graphql_over_raw_p50": round(gql_p["p50_ms"] / raw_p["p50_ms"], 2),
        "throughput": load | {"uvicorn_workers": args.workers},
        "traversal_fields_graphql_http": fields,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--postings", type=int, default=20_000)
    parser.add_argument("--data", help="reuse this data directory (the graph is built once)")
    parser.add_argument("--sample", type=int, default=100)
    parser.add_argument("--passes", type=int, default=2)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--workers", type=int, default=2)
    print(json.dumps(asyncio.run(run(parser.parse_args())), indent=2))


if __name__ == "__main__":
    main()
