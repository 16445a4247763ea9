"""Loading: reads → extraction → batched writes, with a report of what happened to every record."""

import logging
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from loaders.pipeline import extract
from loaders.records import Read, Rejection
from loaders.writer import batched, count_labels, refresh_deferred, write_batch
from schema.graph import Label
from schema.model import ExtractedPosting
from schema.store import GraphStore

log = logging.getLogger(__name__)

DEFAULT_BATCH = 500


@dataclass
class LoadReport:
    read: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    created: dict[str, int] = field(default_factory=dict)  # nodes added, by label

    @property
    def written(self) -> int:
        return self.new + self.updated

    def rejected_by_reason(self) -> dict[str, int]:
        return dict(Counter(r.reason.split(":")[0] for r in self.rejected))

    def as_dict(self) -> dict[str, object]:
        return {
            "read": self.read,
            "new": self.new,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": len(self.rejected),
            "rejected_by_reason": self.rejected_by_reason(),
            "created": self.created,
        }


def extracted(reads: Iterable[Read], report: LoadReport) -> Iterator[ExtractedPosting]:
    """Extract every raw posting; rejections (and extraction failures) go to the report."""
    for item in reads:
        if isinstance(item, Rejection):
            report.rejected.append(item)
            continue
        report.read += 1
        try:
            yield extract(item)
        except Exception as e:  # one bad record must not stop the load
            log.exception("extraction failed for %s", item.source)
            report.rejected.append(
                Rejection(item.source.path, item.source.line, f"extraction failed: {e}", item.source.record)
            )


async def load(
    store: GraphStore,
    reads: Iterable[Read],
    *,
    batch_size: int = DEFAULT_BATCH,
    on_batch: Callable[[LoadReport], None] | None = None,
) -> LoadReport:
    """Load everything ``reads`` yields into ``store``; safe to re-run (it creates no duplicates)."""
    report = LoadReport()
    before = await count_labels(store)
    deferred: dict[Label, set[str]] = {}  # profiles are refreshed once, after the last batch
    for batch in batched(extracted(reads, report), batch_size):
        new, updated, unchanged = await write_batch(store, batch, defer_profiles=deferred)
        report.new += new
        report.updated += updated
        report.unchanged += unchanged
        if on_batch is not None:
            on_batch(report)
    await refresh_deferred(store, deferred)
    after = await count_labels(store)
    report.created = {
        label: after[label] - before.get(label, 0) for label in after if after[label] != before.get(label)
    }
    return report
