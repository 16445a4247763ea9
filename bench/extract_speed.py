"""Extraction speed: MB of posting text per second on one core, through the whole pipeline.

The corpus is the seed postings, the demo dataset and SkillSpan's dev sentences grouped into
posting-sized documents (~2,000 characters), so every extractor (title, company, location, work
mode, industry, skills) runs on realistic text.

    python -m bench.extract_speed [--repeat 3]
"""

import json
import sys
import time
from typing import Any

from bench.common import SHARED
from bench.skillspan import sentences
from graph_api.demo import demo_reads
from loaders.pipeline import extract
from loaders.readers import read_paths
from loaders.records import RawPosting
from schema.model import Source


def corpus() -> list[RawPosting]:
    docs = [
        r for r in [*read_paths([str(SHARED / "data/seed/postings.txt")]), *demo_reads()] if isinstance(r, RawPosting)
    ]
    for split in ("tech", "house"):
        buffer: list[str] = []
        for tokens, _ in sentences(SHARED / "data" / "skillspan" / f"skillspan_{split}_dev.conll"):
            buffer.append(" ".join(tokens))
            if sum(map(len, buffer)) >= 2000:
                docs.append(RawPosting(Source(path=f"skillspan-{split}", record=len(docs)), "\n".join(buffer)))
                buffer = []
    return docs


def run(repeat: int) -> dict[str, Any]:
    docs = corpus()
    size = sum(len(d.text.encode()) for d in docs)
    extract(docs[0])  # load taxonomy and gazetteer outside the timing
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        for doc in docs:
            extract(doc)
        best = min(best, time.process_time() - started)
    return {
        "documents": len(docs),
        "mb": round(size / 1e6, 3),
        "cpu_seconds": round(best, 3),
        "mb_per_s_per_core": round(size / 1e6 / best, 3),
        "postings_per_s_per_core": round(len(docs) / best, 1),
    }


if __name__ == "__main__":
    n = int(sys.argv[sys.argv.index("--repeat") + 1]) if "--repeat" in sys.argv else 3
    print(json.dumps(run(n), indent=2))
