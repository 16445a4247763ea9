"""The demo dataset shipped in ``graph_api/demo/``: loaded when the service starts on an empty graph."""

import logging
from importlib import resources

from graph_api.reads.nodes import count_nodes
from loaders.load import LoadReport, load
from loaders.readers import format_of, read_bytes
from loaders.records import Read
from schema.store import GraphStore

log = logging.getLogger(__name__)


def demo_reads() -> list[Read]:
    from pathlib import Path

    folder = resources.files("graph_api").joinpath("demo")
    reads: list[Read] = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.startswith("."):
            continue
        name = f"demo/{entry.name}"
        reads.extend(read_bytes(name, entry.read_bytes(), format_of(Path(entry.name))))
    return reads


async def load_demo_if_empty(store: GraphStore) -> LoadReport | None:
    """Load the demo postings if the graph has no postings yet; returns the report, or None."""
    if (await count_nodes(store)).get("Posting", 0):
        return None
    report = await load(store, demo_reads())
    log.info("loaded the demo dataset: %s", report.as_dict())
    return report
