"""Turn engine-specific result values into plain Python values (dict, list, str, int, float, bool)."""

from collections.abc import Mapping
from typing import Any


def plain(value: Any) -> Any:
    """Maps become dicts, nodes and relationships their property dicts, lists stay lists, recursively."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    properties = getattr(value, "properties", None)  # FalkorDB Node/Edge
    if isinstance(properties, Mapping):
        return {str(k): plain(v) for k, v in properties.items()}
    iso = getattr(value, "iso_format", None)  # neo4j.time types
    if callable(iso):
        return iso()
    return value
