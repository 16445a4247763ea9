"""Helpers shared by the benchmarks: where the shared data is, and percentile summaries."""

import statistics
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared"


def percentiles(samples_ms: list[float]) -> dict[str, float]:
    ordered = sorted(samples_ms)

    def at(q: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 3)

    return {"p50_ms": at(0.50), "p99_ms": at(0.99), "mean_ms": round(statistics.fmean(ordered), 3), "n": len(ordered)}
