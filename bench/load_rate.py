"""Load rate: jobgraph's writer against a raw ``UNWIND … MERGE`` of the same rows, same engine, same run.

Both start from an empty graph with the schema applied and write the same pre-extracted synthetic
postings in batches of the same size. The raw statement MERGEs the same nodes and relationships but
skips what makes the writer idempotent (the content-hash check and replacing a changed posting's
links). Reported: postings/s for each and their ratio (goal ≥ 0.7).

    python -m bench.load_rate [N] [--batch 500]
"""

import asyncio
import json
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from bench.synth import postings
from graph_api.stores.falkordb import FalkorDBStore
from loaders.writer import UPSERT_POSTINGS, posting_row, refresh_deferred, write_batch
from schema.cypher import Cypher
from schema.graph import Label
from schema.model import ExtractedPosting

# The writer's MERGEs of postings and their links, without what makes it idempotent and keeps the
# aggregates (the content-hash read, replacing a changed posting's links, the aggregate deltas, the profiles).
RAW_MERGE = Cypher(
    "raw_merge",
    UPSERT_POSTINGS.text.split("WITH count(p) AS written")[0].replace(
        "WITH p, row\nOPTIONAL MATCH (p)-[old]->()\nDELETE old\nWITH DISTINCT p, row\n", "WITH p, row\n"
    )
    + "RETURN count(p) AS written",
)


async def _timed_writer(store: FalkorDBStore, batches: list[list[ExtractedPosting]]) -> float:
    """As ``jobgraph load`` writes: counts with each batch, skill profiles once at the end."""
    started = time.perf_counter()
    deferred: dict[Label, set[str]] = {}
    for batch in batches:
        await write_batch(store, batch, defer_profiles=deferred)
    await refresh_deferred(store, deferred)
    return time.perf_counter() - started


async def _timed_raw(store: FalkorDBStore, batches: list[list[ExtractedPosting]]) -> float:
    started = time.perf_counter()
    for batch in batches:
        loaded_at = "2026-01-01T00:00:00+00:00"
        await store.write(RAW_MERGE, {"rows": [posting_row(p, loaded_at) for p in batch]})
    return time.perf_counter() - started


async def run(n: int, batch: int) -> dict[str, Any]:
    assert RAW_MERGE.text != UPSERT_POSTINGS.text, "the raw statement must differ from the writer's"
    rows = list(postings(n, seed=7))
    batches = [rows[i : i + batch] for i in range(0, n, batch)]
    with tempfile.TemporaryDirectory(prefix="jg-bench-") as data_dir:
        results: dict[str, float] = {}
        for name, timed in (("raw_unwind_merge", _timed_raw), ("jobgraph_writer", _timed_writer)):
            store = await FalkorDBStore.open_embedded(Path(data_dir), graph=f"{name}-{uuid.uuid4().hex[:6]}")
            try:
                await store.ensure_schema()
                results[name] = await timed(store, batches)
                reload_started = time.perf_counter()
                if name == "jobgraph_writer":
                    for b in batches:
                        await write_batch(store, b)
                    results["jobgraph_reload_unchanged"] = time.perf_counter() - reload_started
            finally:
                await store.drop_graph()
                await store.close()
    rate = {k: round(n / v, 1) for k, v in results.items()}
    return {
        "engine": "falkordb (embedded)",
        "postings": n,
        "batch": batch,
        "postings_per_s": rate,
        "writer_over_raw": round(rate["jobgraph_writer"] / rate["raw_unwind_merge"], 3),
    }


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    size = int(sys.argv[sys.argv.index("--batch") + 1]) if "--batch" in sys.argv else 500
    print(json.dumps(asyncio.run(run(int(args[0]) if args else 20_000, size)), indent=2))
