"""The declared constraints and indexes (``schema.constraints``) rendered for each engine.

Labels and property names come from our own enums, never from user input, so they may be
interpolated: Cypher cannot take identifiers as parameters.
"""

from dataclasses import dataclass

from schema.constraints import FULLTEXT, INDEXES, UNIQUE_KEYS


@dataclass(frozen=True, slots=True)
class FalkorStatement:
    cypher: str
    index: tuple[str, str] | None = None  # (label, property) the statement indexes
    kind: str = "RANGE"  # the index type FalkorDB reports for it
    unique: tuple[str, str] | None = None  # (label, property) to constrain after indexing


def falkordb_statements() -> list[FalkorStatement]:
    """FalkorDB: an exact-match index first, then ``GRAPH.CONSTRAINT CREATE … UNIQUE`` on it."""
    out: list[FalkorStatement] = []
    for u in UNIQUE_KEYS:
        out.append(
            FalkorStatement(
                f"CREATE INDEX FOR (n:{u.label}) ON (n.{u.prop})",
                index=(u.label.value, u.prop),
                unique=(u.label.value, u.prop),
            )
        )
    for i in INDEXES:
        out.append(FalkorStatement(f"CREATE INDEX FOR (n:{i.label}) ON (n.{i.prop})", index=(i.label.value, i.prop)))
    for f in FULLTEXT:
        out.append(
            FalkorStatement(
                f"CALL db.idx.fulltext.createNodeIndex('{f.label}', '{f.prop}')",
                index=(f.label.value, f.prop),
                kind="FULLTEXT",
            )
        )
    return out


def neo4j_statements() -> list[str]:
    """Neo4j 5: named, idempotent DDL (``IF NOT EXISTS``); a uniqueness constraint brings its own index."""
    out = [
        f"CREATE CONSTRAINT {u.name} IF NOT EXISTS FOR (n:{u.label}) REQUIRE n.{u.prop} IS UNIQUE" for u in UNIQUE_KEYS
    ]
    out += [f"CREATE INDEX {i.name} IF NOT EXISTS FOR (n:{i.label}) ON (n.{i.prop})" for i in INDEXES]
    out += [f"CREATE FULLTEXT INDEX {f.name} IF NOT EXISTS FOR (n:{f.label}) ON EACH [n.{f.prop}]" for f in FULLTEXT]
    return out
