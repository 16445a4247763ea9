"""Traversal latency on a large synthetic graph: each traversal, and the raw Cypher over postings.

Builds the synthetic market (``bench.synth``) into an embedded FalkorDB with the real writer in
batches of 1,000, or reuses the graph a previous run built with the same generator and loader
code (the graph name carries a fingerprint of both). Then, in the same run, times:

* ``roles_sharing_skills``, ``competitors`` and ``related_skills`` through their typed functions
  (every statement, the decoding and the ranking in Python included), on a uniform random sample
  of roles, companies and skills and, separately, on the biggest ones (most postings);
* for each, a raw Cypher statement that answers the same question from the postings alone, on a
  smaller sample (it is much slower), with a time limit per statement.

Prints JSON: sizes, load time (postings/s, generation excluded), sampling, p50/p99 per traversal.

    python -m bench.traversals --postings 100000 [--samples 300] [--biggest 30] [--raw-samples 20]
                               [--data-dir DIR] [--fresh] [--time-rebuild]
"""

import argparse
import asyncio
import hashlib
import json
import random
import tempfile
import time
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import Any

from bench.common import percentiles
from bench.synth import postings
from graph_api.errors import QueryTimeout
from graph_api.reads.cooccurrence import related_skills
from graph_api.reads.traversals import competitors, roles_sharing_skills
from graph_api.stores.falkordb import FalkorDBStore
from loaders.aggregates import rebuild_aggregates
from loaders.writer import count_labels, write_batch
from schema.cypher import Cypher

ROOT = Path(__file__).resolve().parents[1]
FINGERPRINTED = ("bench/synth.py", "loaders/aggregates.py", "loaders/writer.py", "loaders/data/skills.tsv")

# The same questions answered from the postings alone, as one would without the aggregates.
RAW = {
    "roles_sharing_skills": Cypher(
        "raw_roles_sharing_skills",
        """
MATCH (r:Role {key: $key})<-[:FOR_ROLE]-(:Posting)-[:REQUIRES]->(s:Skill)
WITH r, collect(DISTINCT s) AS skills
UNWIND skills AS s
MATCH (s)<-[:REQUIRES]-(p:Posting)-[:FOR_ROLE]->(o:Role)
WHERE o <> r
WITH r, o, count(DISTINCT s) AS shared WHERE shared >= 2
WITH r, o, shared ORDER BY shared DESC, o.name LIMIT 40
MATCH (o)<-[:FOR_ROLE]-(:Posting)-[:POSTED_BY]->(c:Company)
WHERE NOT (c)<-[:POSTED_BY]-(:Posting)-[:FOR_ROLE]->(r)
WITH o, shared, collect(DISTINCT c.name)[0..10] AS employers
RETURN o.key AS role, shared, employers ORDER BY shared DESC, o.name LIMIT 20
""",
    ),
    "competitors": Cypher(
        "raw_competitors",
        """
MATCH (c:Company {key: $key})<-[:POSTED_BY]-(:Posting)-[:REQUIRES]->(s:Skill)
WITH c, collect(DISTINCT s) AS skills
UNWIND skills AS s
MATCH (s)<-[:REQUIRES]-(p:Posting)-[:POSTED_BY]->(o:Company)
WHERE o <> c
WITH o, count(DISTINCT s) AS shared WHERE shared >= 2
RETURN o.key AS company, shared ORDER BY shared DESC, o.name LIMIT 20
""",
    ),
    "related_skills": Cypher(
        "raw_related_skills",
        """
MATCH (q:Posting) WITH count(q) AS total
MATCH (k:Skill {key: $key})<-[:REQUIRES]-(pk:Posting) WITH total, k, count(pk) AS nk
MATCH (k)<-[:REQUIRES]-(p:Posting)-[:REQUIRES]->(s:Skill)
WHERE s <> k
WITH total, nk, s, count(p) AS n ORDER BY n DESC, s.name LIMIT 20
MATCH (s)<-[:REQUIRES]-(ps:Posting)
WITH total, nk, s, n, count(ps) AS ns
RETURN s.key AS skill, n, toFloat(n) * total / (nk * ns) AS lift ORDER BY n DESC, lift DESC, skill
""",
    ),
}
KEYS = {
    "roles_sharing_skills": Cypher("bench_roles", "MATCH (n:Role) RETURN n.key AS k, n.postings AS n"),
    "competitors": Cypher("bench_companies", "MATCH (n:Company) RETURN n.key AS k, n.postings AS n"),
    "related_skills": Cypher("bench_skills", "MATCH (n:Skill) RETURN n.key AS k, n.postings AS n"),
}
EDGES = Cypher("bench_edges", "MATCH ()-[e]->() RETURN count(e) AS n")
POSTINGS = Cypher("bench_postings", "MATCH (p:Posting) RETURN count(p) AS n")


def fingerprint() -> str:
    digest = hashlib.sha256()
    for name in FINGERPRINTED:
        path = ROOT / name
        digest.update(path.read_bytes() if path.exists() else b"")
    return digest.hexdigest()[:10]


async def build(store: FalkorDBStore, n: int, seed: int, batch: int) -> dict[str, Any]:
    """Load ``n`` synthetic postings with the writer; time the writing apart from the generating."""
    await store.drop_graph()
    await store.ensure_schema()
    generated = written = 0.0
    stream = postings(n, seed=seed)
    while True:
        started = time.perf_counter()
        rows = [p for _, p in zip(range(batch), stream, strict=False)]
        generated += time.perf_counter() - started
        if not rows:
            break
        started = time.perf_counter()
        await write_batch(store, rows)
        written += time.perf_counter() - started
    return {
        "postings": n,
        "batch": batch,
        "write_s": round(written, 1),
        "generate_s": round(generated, 1),
        "postings_per_s": round(n / written, 1),
    }


async def timed(call: Callable[[], Awaitable[Any]]) -> float:
    started = time.perf_counter()
    await call()
    return (time.perf_counter() - started) * 1000


async def measure(
    store: FalkorDBStore, name: str, keys: Sequence[str], raw_keys: Sequence[str], raw_timeout: float
) -> dict[str, Any]:
    calls: dict[str, Callable[[str], Awaitable[Any]]] = {
        "roles_sharing_skills": lambda k: roles_sharing_skills(store, k),
        "competitors": lambda k: competitors(store, k),
        "related_skills": lambda k: related_skills(store, k),
    }
    call = calls[name]
    for key in keys[:5]:  # warm the engine's plan cache
        await call(key)
    samples = [await timed(lambda k=key: call(k)) for key in keys]  # type: ignore[misc]
    raw, timeouts = [], 0
    for key in raw_keys:
        try:
            raw.append(await timed(lambda k=key: store.read(RAW[name], {"key": k}, timeout=raw_timeout)))  # type: ignore[misc]
        except QueryTimeout:
            timeouts += 1
            raw.append(raw_timeout * 1000)
    out: dict[str, Any] = {"traversal": percentiles(samples)}
    if raw:
        out["raw_cypher"] = {**percentiles(raw), "timeouts": timeouts, "timeout_s": raw_timeout}
    return out


async def run(args: argparse.Namespace, data_dir: Path, graph: str, recorded: dict[str, Any] | None) -> dict[str, Any]:
    """Build or reuse the graph, then time; ``recorded`` is the load a previous run noted for it."""
    # The server keeps running after the run, so the next one reuses the graph at once (a restart would
    # replay the load from the append-only file). Stop it with `kill $(cat DIR/redis.pid)`.
    store = await FalkorDBStore.open_embedded(data_dir, graph=graph, shutdown_when_last=False)
    try:
        present = int((await store.read(POSTINGS))[0]["n"])
        if args.fresh or present != args.postings or recorded is None:
            load: dict[str, Any] = {**await build(store, args.postings, args.seed, args.batch), "reused": False}
        else:
            load = {**recorded, "reused": True}
        result: dict[str, Any] = {
            "engine": "falkordb (embedded)",
            "graph": graph,
            "sizes": {**await count_labels(store), "relationships": int((await store.read(EDGES))[0]["n"])},
            "load": load,
        }
        if args.time_rebuild:
            started = time.perf_counter()
            await rebuild_aggregates(store, timeout=3600)
            result["rebuild_aggregates_s"] = round(time.perf_counter() - started, 1)
        rng = random.Random(args.seed)
        sampling: dict[str, Any] = {}
        timings: dict[str, Any] = {}
        for name, query in KEYS.items():
            rows = await store.read(query)
            biggest = [r["k"] for r in sorted(rows, key=lambda r: (-(r["n"] or 0), r["k"]))[: args.biggest]]
            uniform = rng.sample([r["k"] for r in rows], min(args.samples, len(rows)))
            raw_uniform, raw_biggest = uniform[: args.raw_samples], biggest[: (args.raw_samples + 1) // 2]
            sampling[name] = {
                "uniform": len(uniform),
                "biggest": len(biggest),
                "raw_uniform": len(raw_uniform),
                "raw_biggest": len(raw_biggest),
            }
            timings[name] = {
                "uniform": await measure(store, name, uniform, raw_uniform, args.raw_timeout),
                "biggest": await measure(store, name, biggest, raw_biggest, args.raw_timeout),
            }
        result["sampling"] = {"seed": args.seed, **sampling}
        result["latency_ms"] = timings
        return result
    finally:
        await store.close()


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--postings", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--batch", type=int, default=1_000)
    parser.add_argument("--samples", type=int, default=300, help="uniform random sample per traversal")
    parser.add_argument("--biggest", type=int, default=30, help="also time the N biggest roles/companies/skills")
    parser.add_argument("--raw-samples", type=int, default=20, help="uniform sample for the raw Cypher")
    parser.add_argument("--raw-timeout", type=float, default=20.0, help="seconds per raw statement (< 30)")
    parser.add_argument("--data-dir", help="embedded server directory (default: a fixed temp directory)")
    parser.add_argument("--fresh", action="store_true", help="rebuild the graph even if one is there")
    parser.add_argument("--time-rebuild", action="store_true", help="also time rebuild_aggregates")
    args = parser.parse_args(argv)
    data_dir = Path(args.data_dir or Path(tempfile.gettempdir()) / "jobgraph-bench-traversals")
    data_dir.mkdir(parents=True, exist_ok=True)
    graph = f"synthetic-{args.postings}-s{args.seed}-{fingerprint()}"
    sidecar = data_dir / f"{graph}.load.json"  # the load figures of the run that built the graph
    recorded = json.loads(sidecar.read_text()) if sidecar.exists() else None
    result = asyncio.run(run(args, data_dir, graph, recorded))
    if not result["load"]["reused"]:
        sidecar.write_text(json.dumps({k: v for k, v in result["load"].items() if k != "reused"}))
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
