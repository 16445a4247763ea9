"""Listing nodes of one label and fetching them by key."""

from graph_api.reads.records import NodeRecord
from schema.cypher import Cypher
from schema.graph import Label
from schema.store import GraphStore

# Labels and orderings come from our enum, never from user input.
_ORDER = {label: "n.name" for label in Label} | {Label.POSTING: "n.date_posted DESC, n.key"}

LIST_NODES = {
    label: Cypher(
        f"list_{label.lower()}",
        f"MATCH (n:{label}) WHERE $prefix IS NULL OR toLower(n.name) STARTS WITH $prefix "
        f"WITH n ORDER BY {_ORDER[label]}, n.key SKIP $offset LIMIT $limit RETURN properties(n) AS node",
    )
    for label in Label
}
LIST_POSTINGS_FILTERED = Cypher(
    "list_posting_filtered",
    "MATCH (n:Posting) "
    "WHERE ($skill IS NULL OR (n)-[:REQUIRES]->(:Skill {key: $skill})) "
    "AND ($company IS NULL OR (n)-[:POSTED_BY]->(:Company {key: $company})) "
    "AND ($role IS NULL OR (n)-[:FOR_ROLE]->(:Role {key: $role})) "
    "WITH n ORDER BY n.date_posted DESC, n.key SKIP $offset LIMIT $limit RETURN properties(n) AS node",
)
NODES_BY_KEY = {
    label: Cypher(
        f"{label.lower()}_by_key",
        f"UNWIND $keys AS k MATCH (n:{label} {{key: k}}) RETURN properties(n) AS node",
    )
    for label in Label
}
COUNT_NODES = Cypher(
    "count_nodes",
    "MATCH (n) UNWIND labels(n) AS label RETURN label, count(n) AS n",
)


async def list_nodes(
    store: GraphStore, label: Label, *, limit: int, offset: int = 0, prefix: str | None = None
) -> list[NodeRecord]:
    rows = await store.read(
        LIST_NODES[label],
        {"limit": limit, "offset": offset, "prefix": prefix.lower() if prefix else None},
    )
    return [NodeRecord.from_row(label, row["node"]) for row in rows]


async def list_postings(
    store: GraphStore,
    *,
    limit: int,
    offset: int = 0,
    skill: str | None = None,
    company: str | None = None,
    role: str | None = None,
) -> list[NodeRecord]:
    params = {"limit": limit, "offset": offset, "skill": skill, "company": company, "role": role}
    rows = await store.read(LIST_POSTINGS_FILTERED, params)
    return [NodeRecord.from_row(Label.POSTING, row["node"]) for row in rows]


async def nodes_by_key(store: GraphStore, label: Label, keys: list[str]) -> list[NodeRecord | None]:
    """In the order of ``keys``; None where no such node exists."""
    rows = await store.read(NODES_BY_KEY[label], {"keys": keys})
    found = {str(row["node"]["key"]): NodeRecord.from_row(label, row["node"]) for row in rows}
    return [found.get(key) for key in keys]


async def count_nodes(store: GraphStore) -> dict[str, int]:
    return {row["label"]: int(row["n"]) for row in await store.read(COUNT_NODES)}
