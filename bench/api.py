"""GraphQL over HTTP against raw Cypher for the same traversal, and throughput under concurrent clients.

One run: builds (or reuses) a synthetic graph in an embedded FalkorDB, measures
``rolesSharingSkills`` as raw Cypher through the store and as GraphQL over HTTP against
``jobgraph serve --workers N`` on a free loopback port, for the same sample of roles, one after
the other per role (so a busy moment of the machine weighs on both alike); then
``--clients`` concurrent clients send that query for ``--seconds`` (bounded) and the rate is counted,
next to the rate of the raw traversal from as many concurrent tasks in this one process. With
``--cached``, the rate again with the server's result cache on (JOBGRAPH_RESULT_CACHE_SIZE): after
one pass over the sample (misses, which fill the cache) and the latency of a hit, one client at a
time; ``--cached-only`` skips the uncached figures. The load generator (``bench.http1``, a lean
client: httpx would spend more CPU per request than the server) shares this machine's cores with
the server: the rate is a floor, and each rate says how much CPU the load generator, the server's
processes and the graph engine spent meanwhile (``cpu_s``; ``cores`` is the machine's). Also times
the traversal fields (competitors, relatedSkills, similarRoles) asked by a page of 20 parents.

    python -m bench.api --postings 20000 --clients 32 --seconds 10 --workers 2 --cached
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
from typing import IO, Any

import httpx

from bench.common import percentiles
from bench.cpu import cpu_seconds
from bench.http1 import Http1Connection, HttpError
from bench.synth import postings
from graph_api.reads.traversals import ROLES_SHARING_SKILLS, roles_sharing_skills
from graph_api.stores.falkordb import FalkorDBStore
from loaders.writer import write_batch
from schema.cypher import Cypher

QUERY = """query($role: ID!) { rolesSharingSkills(role: $role, first: 10) {
  role { name } sharedCount weightedJaccard sharedSkills { name } employers { name } } }"""
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


def _serve(
    data_dir: Path, graph: str, port: int, workers: int, log: IO[bytes], cache: int = 0
) -> subprocess.Popen[bytes]:
    env = {
        "JOBGRAPH_RESULT_CACHE_SIZE": str(cache),
        **os.environ,
        "JOBGRAPH_GRAPH_URL": f"embedded://{data_dir}",
        "JOBGRAPH_GRAPH_NAME": graph,
        "JOBGRAPH_DEMO_ON_EMPTY": "false",
    }
    command = [sys.executable, "-m", "graph_api", "serve", "--host", "127.0.0.1", "--port", str(port)]
    command += ["--workers", str(workers), "--no-demo"]
    # The server's logs (an access-log line per request) go to a file: a pipe nobody reads fills up and blocks it.
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=log)


async def _wait_up(base: str, proc: subprocess.Popen[bytes], log: IO[bytes]) -> None:
    async with httpx.AsyncClient() as client:
        for _ in range(300):
            if proc.poll() is not None:
                log.seek(0)
                raise RuntimeError(f"server exited: {log.read().decode(errors='replace')}")
            try:
                if (await client.get(f"{base}/healthz")).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.1)
    raise RuntimeError("server did not come up")


async def _latencies(store: FalkorDBStore, port: int, roles: list[str]) -> tuple[list[float], list[float]]:
    """Per role, the raw traversal through the store, then the same through GraphQL over HTTP: interleaved, so
    a busy moment of the machine falls on both alike."""
    raw, gql = [], []
    connection = Http1Connection("127.0.0.1", port)
    try:
        for key in roles:
            started = time.perf_counter()
            await roles_sharing_skills(store, key, first=10)
            raw.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            status, body = await connection.post_json("/graphql", {"query": QUERY, "variables": {"role": key}})
            gql.append((time.perf_counter() - started) * 1000)
            if status != 200 or "errors" in json.loads(body):
                raise RuntimeError(f"{status}: {body[:500]!r}")
    finally:
        await connection.close()
    return raw, gql


async def _latencies_cached(port: int, roles: list[str]) -> list[float]:
    """One pass over ``roles`` (misses: each answer is kept), then the latency of asking each again (hits)."""
    connection = Http1Connection("127.0.0.1", port)
    times = []
    try:
        for timed in (False, True):
            for key in roles:
                started = time.perf_counter()
                status, body = await connection.post_json("/graphql", {"query": QUERY, "variables": {"role": key}})
                if timed:
                    times.append((time.perf_counter() - started) * 1000)
                answer = json.loads(body)
                if status != 200 or "errors" in answer or bool(answer["extensions"].get("cached")) is not timed:
                    raise RuntimeError(f"{status} (timed: {timed}): {body[-300:]!r}")
    finally:
        await connection.close()
    return times


async def _latencies_fields(port: int, repeats: int) -> dict[str, Any]:
    out: dict[str, Any] = {}
    connection = Http1Connection("127.0.0.1", port)
    try:
        for name, query in FIELD_QUERIES.items():
            times, trips = [], 0
            for _ in range(repeats):
                started = time.perf_counter()
                status, body = await connection.post_json("/graphql", {"query": query})
                times.append((time.perf_counter() - started) * 1000)
                answer = json.loads(body)
                if status != 200 or "errors" in answer:
                    raise RuntimeError(f"{status}: {body[:500]!r}")
                trips = answer["extensions"]["roundTrips"]
            out[name] = percentiles(times) | {"parents": 20, "round_trips": trips}
    finally:
        await connection.close()
    return out


async def _throughput(
    port: int, roles: list[str], clients: int, seconds: float, server: int, engine: int | None
) -> dict[str, Any]:
    deadline = time.monotonic() + seconds
    done = errors = 0

    async def client_loop(seed: int) -> None:
        nonlocal done, errors
        rng = random.Random(seed)
        connection = Http1Connection("127.0.0.1", port)
        try:
            while time.monotonic() < deadline:
                try:
                    status, body = await connection.post_json(
                        "/graphql", {"query": QUERY, "variables": {"role": rng.choice(roles)}}
                    )
                    ok = status == 200 and b'"errors"' not in body
                except (HttpError, OSError):
                    ok = False
                done += ok
                errors += not ok
        finally:
            await connection.close()

    def spent() -> tuple[float, float, float]:
        return time.process_time(), cpu_seconds(server), 0.0 if engine is None else cpu_seconds(engine)

    before = spent()
    started = time.monotonic()
    await asyncio.gather(*(client_loop(i) for i in range(clients)))
    elapsed = time.monotonic() - started
    cpu = [round(after - at, 2) for after, at in zip(spent(), before, strict=True)]
    return {"clients": clients, "seconds": round(elapsed, 2), "requests": done, "errors": errors,
            "requests_per_s": round(done / elapsed, 1),
            "cpu_s": {"load_generator": cpu[0], "server": cpu[1], "engine": cpu[2]},
            "cores": os.cpu_count()}  # fmt: skip


async def _raw_throughput(store: FalkorDBStore, roles: list[str], clients: int, seconds: float) -> dict[str, Any]:
    """The same traversal through the store from ``clients`` concurrent tasks in this one process: what the
    engine and one Python process's client give, the bound to compare the API's rate with."""
    deadline = time.monotonic() + seconds
    done = 0

    async def client_loop(seed: int) -> None:
        nonlocal done
        rng = random.Random(seed)
        while time.monotonic() < deadline:
            await roles_sharing_skills(store, rng.choice(roles), first=10)
            done += 1

    started = time.monotonic()
    await asyncio.gather(*(client_loop(i) for i in range(clients)))
    elapsed = time.monotonic() - started
    return {"clients": clients, "seconds": round(elapsed, 2), "requests": done,
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
        raw_load = None if args.cached_only else await _raw_throughput(store, roles, args.clients, args.seconds)
        raw: list[float] = []
        gql: list[float] = []
        loads: dict[int, dict[str, Any]] = {}
        fields: dict[str, Any] = {}
        hits: list[float] = []
        engine = store.server.running_pid() if store.server is not None else None
        for cache in ([] if args.cached_only else [0]) + ([4096] if args.cached or args.cached_only else []):
            port = _free_port()
            base = f"http://127.0.0.1:{port}"
            with tempfile.TemporaryFile() as server_log:
                proc = _serve(data_dir, graph, port, args.workers, server_log, cache)
                try:
                    await _wait_up(base, proc, server_log)
                    if cache:
                        hits = await _latencies_cached(port, roles)
                    else:
                        await _latencies(store, port, roles[:5])  # warm-up
                        for _ in range(args.passes):
                            more_raw, more_gql = await _latencies(store, port, roles)
                            raw, gql = raw + more_raw, gql + more_gql
                        fields = await _latencies_fields(port, 10 * args.passes)
                    loads[cache] = await _throughput(port, roles, args.clients, args.seconds, proc.pid, engine)
                finally:
                    proc.terminate()
                    proc.wait(timeout=30)
    finally:
        await store.close()
    workers = {"uvicorn_workers": args.workers}
    out: dict[str, Any] = {
        "graph": {"postings": args.postings, "roles": len(keys), "load_seconds": round(load_s, 1)},
        "query": ROLES_SHARING_SKILLS.name,
    }
    if 0 in loads:
        raw_p, gql_p = percentiles(raw), percentiles(gql)
        out |= {
            "raw_cypher": raw_p,
            "graphql_http": gql_p,
            "graphql_over_raw_p50": round(gql_p["p50_ms"] / raw_p["p50_ms"], 2),
            "throughput": loads[0] | workers,
            "raw_throughput_one_process": raw_load,
            "traversal_fields_graphql_http": fields,
        }
    if 4096 in loads:
        out |= {"graphql_http_cache_hit": percentiles(hits), "throughput_result_cache": loads[4096] | workers}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--postings", type=int, default=20_000)
    parser.add_argument("--data", help="reuse this data directory (the graph is built once)")
    parser.add_argument("--sample", type=int, default=100)
    parser.add_argument("--passes", type=int, default=2)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--cached", action="store_true", help="also the rate with the result cache on (after the uncached figures)"
    )
    parser.add_argument("--cached-only", action="store_true", help="only the figures with the result cache on")
    print(json.dumps(asyncio.run(run(parser.parse_args())), indent=2))


if __name__ == "__main__":
    main()
