"""Aggregates the loader keeps beside the postings, so traversals never scan postings.

* counts: ``postings`` on Role, Company and Skill nodes, and on ROLE_SKILL, COMPANY_SKILL and
  COMPANY_ROLE edges — how many postings connect the two. The writer computes what a batch adds
  and removes (a changed posting first takes back what it contributed) and applies the deltas in
  the same statement that writes the postings, so counts and postings change together.
* profiles: TYPICAL_SKILL edges from a role or company to its top ``PROFILE_SIZE`` skills by
  share of its postings, recomputed for every role and company a batch touched.
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from schema.cypher import Cypher
from schema.graph import PROFILE_SIZE, Label, Rel
from schema.model import ExtractedPosting
from schema.store import GraphStore


@dataclass(frozen=True, slots=True)
class Facts:
    """What one posting contributes to the aggregates."""

    role: str | None
    company: str | None
    skills: frozenset[str]

    @classmethod
    def of(cls, posting: ExtractedPosting) -> "Facts":
        return cls(
            role=posting.role.key if posting.role else None,
            company=posting.company.key if posting.company else None,
            skills=frozenset(hit.skill.key for hit in posting.skills),
        )

    @classmethod
    def stored(cls, roles: list[str], companies: list[str], skills: list[str]) -> "Facts":
        return cls(
            role=roles[0] if roles else None, company=companies[0] if companies else None, skills=frozenset(skills)
        )


@dataclass
class Deltas:
    nodes: dict[Label, Counter[str]] = field(
        default_factory=lambda: {Label.ROLE: Counter(), Label.COMPANY: Counter(), Label.SKILL: Counter()}
    )
    edges: dict[Rel, Counter[tuple[str, str]]] = field(
        default_factory=lambda: {Rel.ROLE_SKILL: Counter(), Rel.COMPANY_SKILL: Counter(), Rel.COMPANY_ROLE: Counter()}
    )

    def add(self, facts: Facts, sign: int) -> None:
        if facts.role:
            self.nodes[Label.ROLE][facts.role] += sign
        if facts.company:
            self.nodes[Label.COMPANY][facts.company] += sign
        for skill in facts.skills:
            self.nodes[Label.SKILL][skill] += sign
            if facts.role:
                self.edges[Rel.ROLE_SKILL][(facts.role, skill)] += sign
            if facts.company:
                self.edges[Rel.COMPANY_SKILL][(facts.company, skill)] += sign
        if facts.role and facts.company:
            self.edges[Rel.COMPANY_ROLE][(facts.company, facts.role)] += sign

    def params(self) -> dict[str, list[dict[str, Any]]]:
        out: dict[str, list[dict[str, Any]]] = {}
        for label, counts in self.nodes.items():
            out[f"n_{label.lower()}"] = [{"k": k, "n": n} for k, n in counts.items() if n]
        for rel, pairs in self.edges.items():
            out[f"e_{rel.lower()}"] = [{"a": a, "b": b, "n": n} for (a, b), n in pairs.items() if n]
        return out

    def touched(self, label: Label) -> list[str]:
        """Roles or companies whose skill counts changed: their profiles need recomputing."""
        rel = Rel.ROLE_SKILL if label == Label.ROLE else Rel.COMPANY_SKILL
        return sorted({a for (a, _), n in self.edges[rel].items() if n})


_ENDS = {Rel.ROLE_SKILL: (Label.ROLE, Label.SKILL), Rel.COMPANY_SKILL: (Label.COMPANY, Label.SKILL),
         Rel.COMPANY_ROLE: (Label.COMPANY, Label.ROLE)}  # fmt: skip


def _node_delta(label: Label) -> str:
    return (
        f"FOREACH (d IN $n_{label.lower()} | MERGE (x:{label} {{key: d.k}}) "
        "SET x.postings = coalesce(x.postings, 0) + d.n)"
    )


def _edge_delta(rel: Rel) -> str:
    a, b = _ENDS[rel]
    return (
        f"FOREACH (d IN $e_{rel.lower()} | MERGE (a:{a} {{key: d.a}}) MERGE (b:{b} {{key: d.b}}) "
        f"MERGE (a)-[e:{rel}]->(b) SET e.postings = coalesce(e.postings, 0) + d.n "
        "FOREACH (_ IN CASE WHEN e.postings <= 0 THEN [1] ELSE [] END | DELETE e))"
    )


#: Appended to the statement that writes a batch of postings (it starts from a single row).
APPLY_DELTAS = "\n".join(
    [*(_node_delta(label) for label in (Label.ROLE, Label.COMPANY, Label.SKILL)), *(_edge_delta(r) for r in _ENDS)]
)


def _profile(label: Label) -> Cypher:
    rel = Rel.ROLE_SKILL if label == Label.ROLE else Rel.COMPANY_SKILL
    return Cypher(
        f"{label.lower()}_profiles",
        f"""
UNWIND $keys AS k
MATCH (n:{label} {{key: k}})
OPTIONAL MATCH (n)-[old:{Rel.TYPICAL_SKILL}]->()
DELETE old
WITH DISTINCT n
MATCH (n)-[e:{rel}]->(s:Skill)
WITH n, s, e.postings AS c ORDER BY c DESC, s.key
WITH n, collect({{skill: s, c: c}})[0..$size] AS top
SET n.profile_weight = reduce(w = 0.0, t IN top | w + toFloat(t.c) / n.postings)
WITH n, top
UNWIND range(0, size(top) - 1) AS i
WITH n, top[i].skill AS s, top[i].c AS c, i
CREATE (n)-[:{Rel.TYPICAL_SKILL} {{postings: c, share: toFloat(c) / n.postings, rank: i + 1}}]->(s)
""",
    )


PROFILES = {label: _profile(label) for label in (Label.ROLE, Label.COMPANY)}


async def refresh_profiles(store: GraphStore, label: Label, keys: Iterable[str], chunk: int = 500) -> None:
    pending = list(keys)
    for start in range(0, len(pending), chunk):
        await store.write(PROFILES[label], {"keys": pending[start : start + chunk], "size": PROFILE_SIZE})


# -- rebuilding everything from the postings (repairs, and graphs loaded before aggregates existed) --

_CLEAR = [Cypher(f"clear_{rel.lower()}", f"MATCH ()-[e:{rel}]->() DELETE e") for rel in (*_ENDS, Rel.TYPICAL_SKILL)]
_REBUILD = [
    Cypher(
        "rebuild_role_counts",
        "MATCH (n:Role) OPTIONAL MATCH (n)<-[:FOR_ROLE]-(p:Posting) WITH n, count(p) AS c SET n.postings = c",
    ),
    Cypher(
        "rebuild_company_counts",
        "MATCH (n:Company) OPTIONAL MATCH (n)<-[:POSTED_BY]-(p:Posting) WITH n, count(p) AS c SET n.postings = c",
    ),
    Cypher(
        "rebuild_skill_counts",
        "MATCH (n:Skill) OPTIONAL MATCH (n)<-[:REQUIRES]-(p:Posting) WITH n, count(p) AS c SET n.postings = c",
    ),
    Cypher(
        "rebuild_role_skill",
        "MATCH (a:Role)<-[:FOR_ROLE]-(p:Posting)-[:REQUIRES]->(b:Skill) WITH a, b, count(p) AS n "
        "CREATE (a)-[:ROLE_SKILL {postings: n}]->(b)",
    ),
    Cypher(
        "rebuild_company_skill",
        "MATCH (a:Company)<-[:POSTED_BY]-(p:Posting)-[:REQUIRES]->(b:Skill) WITH a, b, count(p) AS n "
        "CREATE (a)-[:COMPANY_SKILL {postings: n}]->(b)",
    ),
    Cypher(
        "rebuild_company_role",
        "MATCH (a:Company)<-[:POSTED_BY]-(p:Posting)-[:FOR_ROLE]->(b:Role) WITH a, b, count(p) AS n "
        "CREATE (a)-[:COMPANY_ROLE {postings: n}]->(b)",
    ),
]
_ALL_KEYS = {label: Cypher(f"all_{label.lower()}_keys", f"MATCH (n:{label}) RETURN n.key AS k") for label in Label}


async def rebuild_aggregates(store: GraphStore, timeout: float | None = None) -> None:
    """Recompute every count and profile from the postings."""
    for statement in (*_CLEAR, *_REBUILD):
        await store.write(statement, timeout=timeout)
    for label in PROFILES:
        await refresh_profiles(store, label, [row["k"] for row in await store.read(_ALL_KEYS[label])])
