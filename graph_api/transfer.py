"""Operations on whole graphs: ``jobgraph migrate`` (schema and aggregates) and ``jobgraph copy``.

Copy moves a graph between engines (embedded FalkorDB → Neo4j is the usual path when a team
outgrows one machine). It lists each label's keys in order, in pages, and fetches the nodes by key,
a batch at a time; relationships go type by type, fetched by their start nodes' keys in the same
order. Everything is written with batched ``UNWIND $rows MERGE`` on the stable ``key`` of each node
(never an engine id), replacing the properties, so running it again changes nothing and creates
no duplicates. The target's schema (unique keys, indexes) is ensured before the first write, so
every MERGE is index-backed and guarded by the unique constraint. Finally both sides are counted,
per label and per relationship type, and the report says whether they agree.

Labels and relationship types are interpolated into the statements (Cypher cannot take them as
parameters); they come from the source graph's catalogue and must be plain identifiers.
"""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any

from graph_api.errors import GraphApiError
from graph_api.settings import NEO4J_SCHEMES, Settings
from graph_api.stores import open_store
from loaders import aggregates
from loaders.aggregates import rebuild_aggregates
from schema.constraints import INDEXES, UNIQUE_KEYS
from schema.cypher import Cypher
from schema.graph import KEY, Label, Rel
from schema.store import GraphStore, Row

log = logging.getLogger(__name__)

DEFAULT_COPY_BATCH = 1000

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


class TransferError(GraphApiError):
    """A graph cannot be copied or migrated as asked; the message says why."""


# -- migrate -----------------------------------------------------------------------------------

_POSTINGS = Cypher("count_postings", f"MATCH (p:{Label.POSTING}) RETURN count(p) AS n")

#: The aggregate counts on nodes, and the relationship each is a count of.
_NODE_COUNTS: dict[Label, Rel] = {Label.ROLE: Rel.FOR_ROLE, Label.COMPANY: Rel.POSTED_BY, Label.SKILL: Rel.REQUIRES}

#: The aggregate edges, and the posting pattern each one's ``postings`` counts.
_EDGE_BASES: dict[str, str] = {
    Rel.ROLE_SKILL: "(a:Role)<-[:FOR_ROLE]-(p:Posting)-[:REQUIRES]->(b:Skill)",
    Rel.COMPANY_SKILL: "(a:Company)<-[:POSTED_BY]-(p:Posting)-[:REQUIRES]->(b:Skill)",
    Rel.COMPANY_ROLE: "(a:Company)<-[:POSTED_BY]-(p:Posting)-[:FOR_ROLE]->(b:Role)",
}


def _co_occurs() -> str | None:
    """The skill co-occurrence aggregate, when this version of the loader keeps one."""
    name = getattr(Rel, "CO_OCCURS", None) or getattr(aggregates, "CO_OCCURS", None)
    return str(name) if name else None


def _profiles() -> dict[Label, str]:
    """The skill-profile relationship of roles and of companies (the loader's, where it names them)."""
    declared = getattr(aggregates, "PROFILE_REL", None)
    if isinstance(declared, dict):
        return {Label(label): str(rel) for label, rel in declared.items()}
    return {Label.ROLE: Rel.TYPICAL_SKILL, Label.COMPANY: Rel.TYPICAL_SKILL}


#: The count edge a role's or company's profile is computed from.
_PROFILE_SOURCE = {Label.ROLE: Rel.ROLE_SKILL, Label.COMPANY: Rel.COMPANY_SKILL}


@dataclass
class MigrateReport:
    engine: str
    unique_keys: int
    indexes: int
    postings: int
    problems: list[str] = field(default_factory=list)  # why the aggregates were (or would be) rebuilt
    rebuilt: bool = False

    def lines(self) -> list[str]:
        out = [
            f"schema: {self.unique_keys} unique keys and {self.indexes} indexes ensured on {self.engine} "
            "(created where missing)"
        ]
        if self.postings == 0:
            out.append("aggregates: nothing to do, the graph holds no postings")
        elif self.rebuilt:
            why = "; ".join(self.problems) if self.problems else "--rebuild given"
            out.append(f"aggregates: rebuilt from {self.postings} postings ({why})")
        else:
            out.append(f"aggregates: present and consistent with {self.postings} postings, left as they are")
        return out


async def _scalar(store: GraphStore, query: Cypher) -> int:
    rows = await store.read(query)
    value = rows[0]["n"] if rows else 0
    return int(value or 0)


async def aggregate_problems(store: GraphStore) -> list[str]:
    """What is missing or out of step in the aggregates (empty when they match the postings)."""
    problems: list[str] = []
    for label, rel in _NODE_COUNTS.items():
        lower = label.lower()
        missing = await _scalar(
            store, Cypher(f"{lower}_without_count", f"MATCH (n:{label}) WHERE n.postings IS NULL RETURN count(n) AS n")
        )
        if missing:
            problems.append(f"{missing} {label} nodes have no posting count")
            continue
        kept = await _scalar(store, Cypher(f"{lower}_count_sum", f"MATCH (n:{label}) RETURN sum(n.postings) AS n"))
        actual = await _scalar(
            store, Cypher(f"{lower}_links", f"MATCH (:Posting)-[e:{rel}]->(:{label}) RETURN count(e) AS n")
        )
        if kept != actual:
            problems.append(f"{label} posting counts add up to {kept}, the postings have {actual} {rel} links")
    for edge, pattern in _EDGE_BASES.items():
        lower = edge.lower()
        kept = await _scalar(
            store, Cypher(f"{lower}_sum", f"MATCH ()-[e:{edge}]->() RETURN coalesce(sum(e.postings), 0) AS n")
        )
        actual = await _scalar(store, Cypher(f"{lower}_base", f"MATCH {pattern} RETURN count(p) AS n"))
        if kept != actual:
            problems.append(f"{edge} counts add up to {kept}, the postings give {actual}")
    for label, profile in _profiles().items():
        lower = label.lower()
        counted = await _scalar(
            store,
            Cypher(f"{lower}_skill_edges", f"MATCH (:{label})-[e:{_PROFILE_SOURCE[label]}]->() RETURN count(e) AS n"),
        )
        profiled = await _scalar(
            store, Cypher(f"{lower}_profile_edges", f"MATCH (:{label})-[e:{profile}]->() RETURN count(e) AS n")
        )
        if counted and not profiled:
            problems.append(f"no {label} skill profiles ({profile})")
    co_occurs = _co_occurs()
    if co_occurs is not None:
        pairs = await _scalar(store, Cypher("co_occurs_edges", f"MATCH ()-[e:{co_occurs}]->() RETURN count(e) AS n"))
        together = await store.read(
            Cypher(
                "co_occurring_skills",
                "MATCH (a:Skill)<-[:REQUIRES]-(p:Posting)-[:REQUIRES]->(b:Skill) WHERE a <> b "
                "RETURN p.key AS k LIMIT 1",
            )
        )
        if together and not pairs:
            problems.append(f"no {co_occurs} edges")
    return problems


async def migrate(store: GraphStore, *, rebuild: bool = False) -> MigrateReport:
    """Apply the schema; rebuild the aggregates if they are missing or out of step, or if ``rebuild``."""
    await store.ensure_schema()
    report = MigrateReport(
        engine=store.engine,
        unique_keys=len(UNIQUE_KEYS),
        indexes=len(INDEXES),
        postings=await _scalar(store, _POSTINGS),
    )
    if report.postings == 0:
        return report
    report.problems = await aggregate_problems(store)
    if rebuild or report.problems:
        log.info("rebuilding the aggregates: %s", report.problems or "asked to")
        await rebuild_aggregates(store)
        report.rebuilt = True
    return report


async def migrate_configured(settings: Settings, *, rebuild: bool = False) -> MigrateReport:
    store = await open_store(settings, ensure_schema=False)
    try:
        return await migrate(store, rebuild=rebuild)
    finally:
        await store.close()


# -- copy --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Tally:
    """One label or relationship type: how many the source holds, how many were written, the target's count."""

    source: int
    written: int
    target: int

    @property
    def ok(self) -> bool:
        return self.source == self.target


@dataclass
class CopyReport:
    source: str
    target: str
    nodes: dict[str, Tally] = field(default_factory=dict)
    relationships: dict[str, Tally] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return all(t.ok for t in (*self.nodes.values(), *self.relationships.values()))

    def mismatches(self) -> list[str]:
        return [
            f"{name}: source {t.source}, target {t.target}"
            for name, t in (*self.nodes.items(), *self.relationships.items())
            if not t.ok
        ]

    def as_dict(self) -> dict[str, Any]:
        def tallies(items: dict[str, Tally]) -> dict[str, dict[str, int]]:
            return {k: {"source": t.source, "written": t.written, "target": t.target} for k, t in items.items()}

        return {
            "source": self.source,
            "target": self.target,
            "nodes": tallies(self.nodes),
            "relationships": tallies(self.relationships),
            "verified": self.ok,
        }

    def lines(self) -> list[str]:
        names = [*self.nodes, *self.relationships]
        width = max((len(n) for n in names), default=0)
        out = [f"copied {self.source} -> {self.target}"]
        for kind, items in (("nodes", self.nodes), ("relationships", self.relationships)):
            out.append(f"{kind}:")
            for name, t in items.items():
                verdict = "ok" if t.ok else "MISMATCH"
                out.append(f"  {name.ljust(width)}  {t.source:>9} in source  {t.target:>9} in target  {verdict}")
        out.append(
            "verified: the target's counts match the source"
            if self.ok
            else "NOT verified: " + "; ".join(self.mismatches())
        )
        return out


def identifier(name: str, what: str) -> str:
    """A label or type name safe to interpolate: a plain identifier, or a TransferError."""
    if not _IDENTIFIER.match(name):
        raise TransferError(f"cannot copy {what} {name!r}: only plain identifiers are supported")
    return name


async def source_catalogue(store: GraphStore) -> tuple[list[str], list[str]]:
    """The labels and relationship types of a graph, sorted."""
    labels = [row["label"] for row in await store.read(Cypher("labels", "CALL db.labels() YIELD label RETURN label"))]
    types = [
        row["t"]
        for row in await store.read(
            Cypher(
                "relationship_types", "CALL db.relationshipTypes() YIELD relationshipType RETURN relationshipType AS t"
            )
        )
    ]
    return sorted(identifier(x, "label") for x in labels), sorted(identifier(x, "relationship type") for x in types)


async def _check_copyable(store: GraphStore) -> None:
    """Copy addresses nodes by ``(label, key)``: every node needs exactly one label and a key."""
    odd = await _scalar(
        store,
        Cypher("odd_nodes", f"MATCH (n) WHERE size(labels(n)) <> 1 OR n.{KEY} IS NULL RETURN count(n) AS n"),
    )
    if odd:
        raise TransferError(
            f"the source holds {odd} nodes without exactly one label and a {KEY!r}; "
            "copy moves jobgraph graphs, whose every node has one label and a key"
        )


#: Keys are listed in pages this many times the write batch: each page costs FalkorDB one scan of the label.
KEY_PAGE_FACTOR = 20

#: A read of relationships aims at this many times the write batch, whatever the start nodes' degree.
REL_READ_FACTOR = 10


def _key_page(label: str) -> Cypher:
    # FalkorDB answers string range predicates through its range index wrongly, so there the key is
    # compared as an expression (a scan, hence the large key pages); Neo4j walks its key index in order.
    return Cypher(
        f"copy_keys_{label}",
        f"MATCH (n:{label}) WHERE n.{KEY} > $after RETURN n.{KEY} AS key ORDER BY key LIMIT $limit",
        falkordb=f"MATCH (n:{label}) WHERE n.{KEY} + '' > $after RETURN n.{KEY} AS key ORDER BY key LIMIT $limit",
    )


def _node_read(label: str) -> Cypher:
    return Cypher(
        f"copy_read_{label}",
        f"UNWIND $keys AS k MATCH (n:{label} {{{KEY}: k}}) RETURN n.{KEY} AS key, properties(n) AS props",
    )


def _node_write(label: str) -> Cypher:
    return Cypher(
        f"copy_write_{label}",
        f"UNWIND $rows AS row MERGE (n:{label} {{{KEY}: row.key}}) SET n = row.props RETURN count(n) AS n",
    )


def _rel_ends(rel: str) -> Cypher:
    return Cypher(
        f"copy_ends_{rel}",
        f"MATCH (a)-[:{rel}]->(b) RETURN DISTINCT labels(a)[0] AS a, labels(b)[0] AS b",
    )


def _rel_read(start: str, rel: str, end: str) -> Cypher:
    return Cypher(
        f"copy_read_{start}_{rel}_{end}",
        f"UNWIND $keys AS k MATCH (a:{start} {{{KEY}: k}})-[r:{rel}]->(b:{end}) "
        f"RETURN a.{KEY} AS a, b.{KEY} AS b, properties(r) AS props",
    )


def _rel_write(start: str, rel: str, end: str) -> Cypher:
    return Cypher(
        f"copy_write_{start}_{rel}_{end}",
        f"UNWIND $rows AS row MATCH (a:{start} {{{KEY}: row.a}}) MATCH (b:{end} {{{KEY}: row.b}}) "
        f"MERGE (a)-[r:{rel}]->(b) SET r = row.props RETURN count(r) AS n",
    )


def _count_label(label: str) -> Cypher:
    return Cypher(f"copy_count_{label}", f"MATCH (n:{label}) RETURN count(n) AS n")


def _count_rel(rel: str) -> Cypher:
    return Cypher(f"copy_count_{rel}", f"MATCH ()-[r:{rel}]->() RETURN count(r) AS n")


async def key_pages(store: GraphStore, label: str, size: int) -> AsyncIterator[list[str]]:
    """The keys of every ``label`` node, in key order, ``size`` at a time."""
    query, after = _key_page(label), ""
    while True:
        page = [row["key"] for row in await store.read(query, {"after": after, "limit": size})]
        if not page:
            return
        yield page
        after = page[-1]


async def _write_rows(store: GraphStore, query: Cypher, rows: list[Row], batch_size: int) -> int:
    written = 0
    for start in range(0, len(rows), batch_size):
        result = await store.write(query, {"rows": rows[start : start + batch_size]})
        written += int(result[0]["n"]) if result else 0
    return written


async def copy_nodes(source: GraphStore, target: GraphStore, label: str, batch_size: int) -> int:
    """Every node of ``label``, in key order, a batch at a time; returns how many were written."""
    read, write, written = _node_read(label), _node_write(label), 0
    async for keys in key_pages(source, label, batch_size * KEY_PAGE_FACTOR):
        for start in range(0, len(keys), batch_size):
            rows = await source.read(read, {"keys": keys[start : start + batch_size]})
            written += await _write_rows(target, write, rows, batch_size)
    return written


async def copy_relationships(
    source: GraphStore, target: GraphStore, start: str, rel: str, end: str, batch_size: int
) -> int:
    """Every ``(start)-[rel]->(end)`` relationship, by start node in key order; returns how many were written."""
    read, write, written = _rel_read(start, rel, end), _rel_write(start, rel, end), 0
    target_rows = batch_size * REL_READ_FACTOR
    nodes_per_read = batch_size
    async for keys in key_pages(source, start, batch_size * KEY_PAGE_FACTOR):
        at = 0
        while at < len(keys):
            chunk = keys[at : at + nodes_per_read]
            at += len(chunk)
            rows = [
                {"a": r["a"], "b": r["b"], "props": r["props"] or {}} for r in await source.read(read, {"keys": chunk})
            ]
            written += await _write_rows(target, write, rows, batch_size)
            # Aim the next read at about target_rows relationships, whatever the start nodes' degree.
            per_node = max(len(rows), 1) / len(chunk)
            nodes_per_read = max(1, min(batch_size * KEY_PAGE_FACTOR, int(target_rows / per_node)))
    return written


async def copy_graph(
    source: GraphStore,
    target: GraphStore,
    *,
    batch_size: int = DEFAULT_COPY_BATCH,
    source_name: str = "source",
    target_name: str = "target",
    on_step: Callable[[str], None] | None = None,
) -> CopyReport:
    """Copy every node and relationship of ``source`` into ``target`` (idempotent), then verify the counts."""
    await _check_copyable(source)
    labels, types = await source_catalogue(source)
    await target.ensure_schema()  # before writing: MERGE on the key is index-backed and kept unique
    report = CopyReport(source=source_name, target=target_name)
    for label in labels:
        total = await _scalar(source, _count_label(label))
        if not total:
            continue
        written = await copy_nodes(source, target, label, batch_size)
        report.nodes[label] = Tally(total, written, await _scalar(target, _count_label(label)))
        if on_step is not None:
            on_step(f"{label}: {written} nodes")
    for rel in types:
        total = await _scalar(source, _count_rel(rel))
        if not total:
            continue
        written = 0
        for ends in await source.read(_rel_ends(rel)):
            start, end = identifier(ends["a"], "label"), identifier(ends["b"], "label")
            written += await copy_relationships(source, target, start, rel, end, batch_size)
        report.relationships[rel] = Tally(total, written, await _scalar(target, _count_rel(rel)))
        if on_step is not None:
            on_step(f"{rel}: {written} relationships")
    return report


def settings_for(url: str, graph: str | None = None) -> Settings:
    """Settings for one graph URL (``JOBGRAPH_GRAPH_URL`` forms), credentials and the rest from the environment."""
    settings = Settings(graph_url=url)
    return settings if graph is None else settings.model_copy(update={"graph_name": graph})


def describe(settings: Settings) -> str:
    """A graph's address for reports: the URL, and the graph name where FalkorDB uses one."""
    if settings.scheme in NEO4J_SCHEMES:
        return settings.graph_url + (f" (database {settings.neo4j_database})" if settings.neo4j_database else "")
    return f"{settings.graph_url} (graph {settings.graph_name})"


def same_graph(a: Settings, b: Settings) -> bool:
    if a.scheme != b.scheme:
        return False
    if a.scheme == "embedded":
        return a.embedded_dir.resolve() == b.embedded_dir.resolve() and a.graph_name == b.graph_name
    if a.scheme in NEO4J_SCHEMES:
        return a.graph_url == b.graph_url and a.neo4j_database == b.neo4j_database
    return a.graph_url == b.graph_url and a.graph_name == b.graph_name


async def copy_between(
    source_settings: Settings,
    target_settings: Settings,
    *,
    batch_size: int = DEFAULT_COPY_BATCH,
    on_step: Callable[[str], None] | None = None,
) -> CopyReport:
    """Open both graphs (the source without touching its schema), copy, close both."""
    if same_graph(source_settings, target_settings):
        raise TransferError("the source and the target are the same graph")
    source = await open_store(source_settings, ensure_schema=False)
    try:
        target = await open_store(target_settings, ensure_schema=False)
        try:
            return await copy_graph(
                source,
                target,
                batch_size=batch_size,
                source_name=describe(source_settings),
                target_name=describe(target_settings),
                on_step=on_step,
            )
        finally:
            await target.close()
    finally:
        await source.close()
