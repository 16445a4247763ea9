"""Load rate: jobgraph's writer against a raw ``UNWIND … MERGE`` of the same rows, same engine, same run.

Both start from an empty graph with the schema applied and write the same pre-extracted synthetic
postings in batches of the same size. The raw statement MERGEs the same nodes and relationships but
skips what makes the writer idempotent (the content-hash check and replacing a changed posting's
links) and the aggregates the writer keeps in the same statement (counts, co-occurrences) and after
the load (skill profiles, employer samples). The two take turns batch by batch (which goes first
alternates), so a machine busy with other work slows both alike. Reported: postings/s for each and
their ratio (goal ≥ 0.7).

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


WRITES = {
    "raw_unwind_merge": "postings, their companies, roles, industries, skills and locations, and the links between"
    " them",
    "jobgraph_writer": "the same, after reading which postings exist with which content hash, plus the aggregates: "
    "posting counts on roles, companies and skills and on ROLE_SKILL, COMPANY_SKILL, COMPANY_ROLE and CO_OCCURS "
    "(in the same statement), then skill profiles and employer samples of the roles and companies loaded",
}


async def _raw(store: FalkorDBStore, batch: list[ExtractedPosting]) -> None:
    loaded_at = "2026-01-01T00:00:00+00:00"
    await store.write(RAW_MERGE, {"rows": [posting_row(p, loaded_at) for p in batch]})


async def run(n: int, batch: int) -> dict[str, Any]:
    assert RAW_MERGE.text != UPSERT_POSTINGS.text, "the raw statement must differ from the writer's"
    rows = list(postings(n, seed=7))
    batches = [rows[i : i + batch] for i in range(0, n, batch)]
    with tempfile.TemporaryDirectory(prefix="jg-bench-") as data_dir:
        raw = await FalkorDBStore.open_embedded(Path(data_dir), graph=f"raw-{uuid.uuid4().hex[:6]}")
        writer = await FalkorDBStore.open_embedded(Path(data_dir), graph=f"writer-{uuid.uuid4().hex[:6]}")
        try:
            for store in (raw, writer):
                await store.ensure_schema()
            seconds = {"raw_unwind_merge": 0.0, "jobgraph_writer": 0.0}
            deferred: dict[Label, set[str]] = {}  # as ``jobgraph load``: skill profiles once, at the end
            for number, b in enumerate(batches):
                turns = [
                    ("raw_unwind_merge", _raw(raw, b)),
                    ("jobgraph_writer", write_batch(writer, b, defer_profiles=deferred)),
                ]
                for name, write in turns if number % 2 == 0 else turns[::-1]:
                    started = time.perf_counter()
                    await write
                    seconds[name] += time.perf_counter() - started
            started = time.perf_counter()
            await refresh_deferred(writer, deferred)
            seconds["jobgraph_writer"] += time.perf_counter() - started
            started = time.perf_counter()
            for b in batches:
                await write_batch(writer, b)
            seconds["jobgraph_reload_unchanged"] = time.perf_counter() - started
        finally:
            for store in (raw, writer):
                await store.drop_graph()
                await store.close()
    rate = {k: round(n / v, 1) for k, v in seconds.items()}
    return {
        "engine": "falkordb (embedded)",
        "postings": n,
        "batch": batch,
        "writes": WRITES,
        "postings_per_s": rate,
        "writer_over_raw": round(rate["jobgraph_writer"] / rate["raw_unwind_merge"], 3),
    }


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    size = int(sys.argv[sys.argv.index("--batch") + 1]) if "--batch" in sys.argv else 500
    print(json.dumps(asyncio.run(run(int(args[0]) if args else 20_000, size)), indent=2))
