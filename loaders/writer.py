"""Writing extracted postings into the graph: batched, idempotent, one atomic statement per batch.

A posting is keyed by its identity (see ``loaders.pipeline``). A batch first asks which of its
postings exist, with which content hash, and for the changed ones which role, company and skills
they had; unchanged postings are skipped, new and changed ones are written by one ``UNWIND $rows``
statement that replaces a changed posting's links (so stale skills disappear), MERGEs the companies,
roles, skills, locations and industries it names, and applies the batch's deltas, summed in Python,
to the aggregates (``loaders.aggregates``) — all or nothing.
"""

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from itertools import pairwise
from typing import Any

from loaders.aggregates import APPLY_DELTAS, PROFILES, Deltas, Facts, refresh_profiles
from schema.cypher import Cypher
from schema.graph import Label, Rel
from schema.model import ExtractedPosting
from schema.store import GraphStore

EXISTING_POSTINGS = Cypher(
    "existing_postings",
    "UNWIND $keys AS k MATCH (p:Posting {key: k}) RETURN k AS key, p.content_hash AS hash",
)
# What a stored posting contributed to the aggregates: read only for postings about to change or go (one
# traversal a posting; reading these for every posting of a batch cost ten times the hash check).
POSTING_LINKS = Cypher(
    "posting_links",
    f"""
UNWIND $keys AS k MATCH (p:Posting {{key: k}})-[l:{Rel.FOR_ROLE}|{Rel.POSTED_BY}|{Rel.REQUIRES}]->(n)
RETURN k AS key, type(l) AS rel, n.key AS target
""",
)


#: The relationship types ``POSTING_LINKS`` reads, as the engine names them, in ``Facts.stored``'s argument order.
_FACT_RELS = tuple(str(rel.value) for rel in (Rel.FOR_ROLE, Rel.POSTED_BY, Rel.REQUIRES))


async def stored_facts(store: GraphStore, keys: Sequence[str]) -> dict[str, Facts]:
    """What each of these stored postings contributes to the aggregates (``Facts``)."""
    links: dict[str, dict[str, list[str]]] = {k: {rel: [] for rel in _FACT_RELS} for k in keys}
    if keys:
        for row in await store.read(POSTING_LINKS, {"keys": list(keys)}):
            links[row["key"]][row["rel"]].append(row["target"])
    return {k: Facts.stored(*(found[rel] for rel in _FACT_RELS)) for k, found in links.items()}


UPSERT_POSTINGS = Cypher(
    "upsert_postings",
    """
UNWIND $rows AS row
MERGE (p:Posting {key: row.key})
SET p += row.props
WITH p, row
OPTIONAL MATCH (p)-[old]->()
DELETE old
WITH DISTINCT p, row
FOREACH (c IN row.company |
  MERGE (co:Company {key: c.key}) ON CREATE SET co.name = c.name
  MERGE (p)-[:POSTED_BY]->(co))
FOREACH (r IN row.role |
  MERGE (ro:Role {key: r.key}) ON CREATE SET ro.name = r.name
  MERGE (p)-[:FOR_ROLE]->(ro))
FOREACH (i IN row.industries |
  MERGE (ind:Industry {key: i.key}) ON CREATE SET ind.name = i.name
  MERGE (p)-[:IN_INDUSTRY]->(ind))
FOREACH (s IN row.skills |
  MERGE (sk:Skill {key: s.key}) SET sk.name = s.name, sk.category = s.category, sk.aliases = s.aliases
  MERGE (p)-[q:REQUIRES]->(sk) SET q.starts = s.starts, q.ends = s.ends)
FOREACH (l IN row.places |
  MERGE (loc:Location {key: l.key})
  ON CREATE SET loc.name = l.name, loc.level = l.level, loc.country_code = l.country_code)
FOREACH (e IN row.part_of |
  MERGE (child:Location {key: e.child}) MERGE (parent:Location {key: e.parent})
  MERGE (child)-[:PART_OF]->(parent))
FOREACH (k IN row.located_in |
  MERGE (at:Location {key: k}) MERGE (p)-[:LOCATED_IN]->(at))
WITH count(p) AS written
"""
    + APPLY_DELTAS
    + "\nRETURN written",
)


COUNT_LABELS = {label: Cypher(f"count_{label.lower()}", f"MATCH (n:{label}) RETURN count(n) AS n") for label in Label}


async def count_labels(store: GraphStore) -> dict[str, int]:
    """How many nodes of each label the graph holds (each count is a cheap, index-backed read)."""
    return {label.value: int((await store.read(query))[0]["n"]) for label, query in COUNT_LABELS.items()}


def posting_row(posting: ExtractedPosting, loaded_at: str) -> dict[str, Any]:
    """The parameter map for one posting in ``UPSERT_POSTINGS``: plain values only."""
    places: dict[str, dict[str, Any]] = {}
    part_of: list[dict[str, str]] = []
    located_in: list[str] = []
    for location in posting.locations:
        chain = location.chain()
        for key, level, name in chain:
            places[key] = {
                "key": key,
                "level": level.value,
                "name": name,
                "country_code": location.country_code,
            }
        part_of += [{"child": c[0], "parent": p[0]} for p, c in pairwise(chain)]
        if chain and chain[-1][0] not in located_in:
            located_in.append(chain[-1][0])
    return {
        "key": posting.id,
        "props": {
            "title": posting.title,
            "seniority": posting.seniority.value if posting.seniority else None,
            "work_mode": posting.work_mode.value if posting.work_mode else None,
            "employment_type": posting.employment_type,
            "date_posted": posting.date_posted.isoformat() if posting.date_posted else None,
            "url": posting.url,
            "text": posting.text,
            "content_hash": posting.content_hash,
            "source_path": posting.source.path,
            "source_line": posting.source.line,
            "source_record": posting.source.record,
            "loaded_at": loaded_at,
        },
        "company": [{"key": posting.company.key, "name": posting.company.name}] if posting.company else [],
        "role": [{"key": posting.role.key, "name": posting.role.name}] if posting.role else [],
        "industries": [{"key": i.key, "name": i.name} for i in posting.industries],
        "skills": [
            {
                "key": hit.skill.key,
                "name": hit.skill.name,
                "category": hit.skill.category,
                "aliases": list(hit.skill.aliases),
                "starts": [m.start for m in hit.mentions],
                "ends": [m.end for m in hit.mentions],
            }
            for hit in posting.skills
        ],
        "places": list(places.values()),
        "part_of": part_of,
        "located_in": located_in,
    }


async def write_batch(
    store: GraphStore,
    postings: Sequence[ExtractedPosting],
    *,
    defer_profiles: dict[Label, set[str]] | None = None,
) -> tuple[int, int, int]:
    """Write one batch and keep the aggregates in step; returns ``(new, updated, unchanged)``.

    Counts change with the postings. Skill profiles are recomputed for the roles and companies the batch
    touched — right away, or, given ``defer_profiles``, collected there for the caller to refresh once at the
    end of a load (see ``refresh_deferred``).
    """
    latest: dict[str, ExtractedPosting] = {p.id: p for p in postings}  # a batch may repeat a posting
    existing = {row["key"]: row["hash"] for row in await store.read(EXISTING_POSTINGS, {"keys": list(latest)})}
    changed = [p for p in latest.values() if p.id not in existing or existing[p.id] != p.content_hash]
    if changed:
        deltas = Deltas()
        for facts in (await stored_facts(store, [p.id for p in changed if p.id in existing])).values():
            deltas.add(facts, -1)
        for posting in changed:
            deltas.add(Facts.of(posting), +1)
        loaded_at = datetime.now(UTC).isoformat(timespec="seconds")
        rows = [posting_row(p, loaded_at) for p in changed]
        await store.write(UPSERT_POSTINGS, {"rows": rows, **deltas.params()})
        for label in PROFILES:
            if defer_profiles is None:
                await refresh_profiles(store, label, deltas.touched(label))
            else:
                defer_profiles.setdefault(label, set()).update(deltas.touched(label))
    new = sum(1 for p in changed if p.id not in existing)
    return new, len(changed) - new, len(postings) - len(changed)


DELETE_POSTINGS = Cypher(
    "delete_postings",
    "UNWIND $keys AS k MATCH (p:Posting {key: k}) DETACH DELETE p WITH count(*) AS deleted\n"
    + APPLY_DELTAS
    + "\nRETURN deleted",
)


async def delete_postings(store: GraphStore, keys: Sequence[str]) -> list[str]:
    """Delete postings by key, taking back what they added to the aggregates; returns the keys deleted."""
    existing = [row["key"] for row in await store.read(EXISTING_POSTINGS, {"keys": list(dict.fromkeys(keys))})]
    if not existing:
        return []
    deltas = Deltas()
    for facts in (await stored_facts(store, existing)).values():
        deltas.add(facts, -1)
    await store.write(DELETE_POSTINGS, {"keys": existing, **deltas.params()})
    for label in PROFILES:
        await refresh_profiles(store, label, deltas.touched(label))
    return existing


async def refresh_deferred(store: GraphStore, deferred: dict[Label, set[str]]) -> None:
    """Recompute the skill profiles that ``write_batch(..., defer_profiles=...)`` set aside."""
    for label, keys in deferred.items():
        await refresh_profiles(store, label, sorted(keys))
    deferred.clear()


def batched(items: Iterable[ExtractedPosting], size: int) -> Iterable[list[ExtractedPosting]]:
    batch: list[ExtractedPosting] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
