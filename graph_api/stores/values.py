"""Turn engine-specific result values into plain Python values (dict, list, str, int, float, bool)."""

from collections.abc import Mapping
from typing import Any


def plain(value: Any) -> Any:
    """Maps become dicts, nodes and relationships their property dicts, lists stay lists, recursively.

    A path becomes ``{"nodes": [...], "relationships": [...]}`` (FalkorDB's ``Path`` has ``nodes()``
    and ``edges()`` methods, the Neo4j driver's ``nodes`` and ``relationships`` properties).
    """
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    properties = getattr(value, "properties", None)  # FalkorDB Node/Edge
    if isinstance(properties, Mapping):
        return {str(k): plain(v) for k, v in properties.items()}
    path = _path(value)
    if path is not None:
        return path
    iso = getattr(value, "iso_format", None)  # neo4j.time types
    if callable(iso):
        return iso()
    return value


def _path(value: Any) -> dict[str, list[Any]] | None:
    nodes = getattr(value, "nodes", None)
    links = getattr(value, "relationships", None) or getattr(value, "edges", None)
    if nodes is None or links is None:
        return None
    nodes, links = (nodes() if callable(nodes) else nodes), (links() if callable(links) else links)
    return {"nodes": [plain(n) for n in nodes], "relationships": [plain(r) for r in links]}
