"""Aggregates the loader keeps beside the postings, so traversals never scan postings.

* counts: ``postings`` on Role, Company and Skill nodes, and on ROLE_SKILL, COMPANY_SKILL and
  COMPANY_ROLE edges — how many postings connect the two. The writer computes what a batch adds
  and removes (a changed posting first takes back what it contributed) and applies the deltas in
  the same statement that writes the postings, so counts and postings change together.
* co-occurrence: one CO_OCCURS edge per pair of skills that some posting requires together, from
  the skill with the smaller key, with ``postings`` = how many postings require both. Kept by the
  same deltas (a posting with k skills contributes its k(k-1)/2 pairs), so ``relatedSkills`` reads
  a skill's pairs instead of walking its postings.
* profiles: a role's or company's top ``PROFILE_SIZE`` skills by share of its postings, as
  TYPICAL_SKILL edges from roles and COMPANY_TYPICAL_SKILL edges from companies (props postings,
  share, rank; on the node, ``profile_weight`` = the sum of its shares and ``profile`` = the same
  profile as one string, ``"<skill key> <postings>;"`` per skill, so a query can read dozens of
  profiles without walking their edges), recomputed for every role
  and company a batch touched (its skill counts or its posting count changed: either changes its
  shares). Roles and companies have a relationship type each so that comparing roles never walks
  the far more numerous company profiles, and the other way round.
* employers: for every touched role, ``employers`` (how many companies post it) and SAMPLE_EMPLOYER
  edges from its ``EMPLOYER_SAMPLE`` biggest and ``EMPLOYER_SAMPLE`` smallest employers (by its
  postings), so ``rolesSharingSkills`` can name employers that do not post the asked role without
  scanning the thousands that post a big role: big employers tend to post every big role, the
  smallest hardly any other.
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import combinations
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


# Relationship types that belong in ``schema.graph.Rel``; kept here until they are added there.
#: (Skill)-[:CO_OCCURS {postings}]->(Skill), one edge per pair, from the smaller key to the larger.
CO_OCCURS = "CO_OCCURS"
#: (Company)-[:COMPANY_TYPICAL_SKILL {postings, share, rank}]->(Skill): a company's skill profile.
COMPANY_TYPICAL_SKILL = "COMPANY_TYPICAL_SKILL"
#: (Company)-[:SAMPLE_EMPLOYER {rank}]->(Role): the role's biggest (rank 1, 2, …) and smallest (rank -1
#: the smallest, -2, …) employers by its postings, ``EMPLOYER_SAMPLE`` of each (see ROLE_EMPLOYERS).
SAMPLE_EMPLOYER = "SAMPLE_EMPLOYER"
#: The relationship type of each label's skill profile.
PROFILE_REL: dict[Label, str] = {Label.ROLE: Rel.TYPICAL_SKILL, Label.COMPANY: COMPANY_TYPICAL_SKILL}


_ENDS: dict[str, tuple[Label, Label]] = {
    Rel.ROLE_SKILL: (Label.ROLE, Label.SKILL),
    Rel.COMPANY_SKILL: (Label.COMPANY, Label.SKILL),
    Rel.COMPANY_ROLE: (Label.COMPANY, Label.ROLE),
    CO_OCCURS: (Label.SKILL, Label.SKILL),
}


@dataclass
class Deltas:
    nodes: dict[Label, Counter[str]] = field(
        default_factory=lambda: {Label.ROLE: Counter(), Label.COMPANY: Counter(), Label.SKILL: Counter()}
    )
    edges: dict[str, Counter[tuple[str, str]]] = field(
        default_factory=lambda: {
            Rel.ROLE_SKILL: Counter(),
            Rel.COMPANY_SKILL: Counter(),
            Rel.COMPANY_ROLE: Counter(),
            CO_OCCURS: Counter(),
        }
    )

    def add(self, facts: Facts, sign: int) -> None:
        role, company, skills = facts.role, facts.company, sorted(facts.skills)
        # Each enum-keyed lookup hashes in Python: look the counters up once, count with C-level updates.
        nodes, edges = self.nodes, self.edges
        counted: list[tuple[Counter[Any], Iterable[Any]]] = [
            (nodes[Label.SKILL], skills),
            (edges[CO_OCCURS], combinations(skills, 2)),
        ]
        if role:
            counted += [(nodes[Label.ROLE], [role]), (edges[Rel.ROLE_SKILL], [(role, s) for s in skills])]
        if company:
            counted += [(nodes[Label.COMPANY], [company]), (edges[Rel.COMPANY_SKILL], [(company, s) for s in skills])]
        if role and company:
            counted.append((edges[Rel.COMPANY_ROLE], [(company, role)]))
        for counter, items in counted:
            if sign == 1:
                counter.update(items)
            else:
                for item in items:
                    counter[item] += sign

    def params(self) -> dict[str, list[Any]]:
        """The deltas as ``APPLY_DELTAS`` reads them: per label, ``[key, delta]`` for every node the batch
        counted, by key (``n_role``, ``n_company``, ``n_skill``); per relationship type, one flat list of
        ``from, to, delta`` triples with the ends as positions in those lists (``e_role_skill``, …), so the
        statement looks each node up once and the parameters stay small."""
        # Every end of a relationship delta was counted as a node too (``add``), if only to zero.
        # Keys are ASCII (``schema.keys.slug``): sorted the same here as by the engines' ORDER BY.
        position = {label: {k: i for i, k in enumerate(sorted(counts))} for label, counts in self.nodes.items()}
        out: dict[str, list[Any]] = {
            f"n_{label.lower()}": [[k, self.nodes[label][k]] for k in at] for label, at in position.items()
        }
        for rel, pairs in self.edges.items():
            a, b = (position[end] for end in _ENDS[rel])
            flat: list[int] = []
            for (x, y), n in pairs.items():
                if n:  # a batch that takes something back can leave zeros
                    flat += (a[x], b[y], n)
            out[f"e_{rel.lower()}"] = flat
        return out

    def touched(self, label: Label) -> list[str]:
        """Roles or companies whose profiles need recomputing: their skill counts or posting count changed
        (or, for roles, their employers)."""
        rel = Rel.ROLE_SKILL if label == Label.ROLE else Rel.COMPANY_SKILL
        keys = {a for (a, _), n in self.edges[rel].items() if n} | {k for k, n in self.nodes[label].items() if n}
        if label == Label.ROLE:
            keys |= {b for (_, b), n in self.edges[Rel.COMPANY_ROLE].items() if n}
        return sorted(keys)


def _nodes(label: Label) -> str:
    """Apply a label's node deltas and keep its nodes, by key as in ``$n_<label>``, as a list named after
    the label: one index lookup a node. (MERGE does not keep the order of its rows, hence the ORDER BY;
    an aggregation over no rows still yields its one row.)"""
    name = label.lower()
    return (
        f"CALL {{ UNWIND $n_{name} AS d MERGE (x:{label} {{key: d[0]}}) "
        f"SET x.postings = coalesce(x.postings, 0) + d[1] WITH x ORDER BY x.key RETURN collect(x) AS {name}_nodes }}"
    )


def _edge_delta(rel: str) -> str:
    """Apply a relationship type's deltas between nodes picked from those lists by position, deleting the
    relationships whose count drops to zero."""
    a, b = (end.lower() for end in _ENDS[rel])
    imported = f"{a}_nodes" if a == b else f"{a}_nodes, {b}_nodes"
    deltas = f"$e_{rel.lower()}"
    return (
        f"CALL {{ WITH {imported} UNWIND range(0, size({deltas}) - 1, 3) AS i "
        f"WITH {a}_nodes[{deltas}[i]] AS a, {b}_nodes[{deltas}[i + 1]] AS b, {deltas}[i + 2] AS n "
        f"MERGE (a)-[e:{rel}]->(b) SET e.postings = coalesce(e.postings, 0) + n "
        f"WITH e WHERE e.postings <= 0 DELETE e RETURN count(*) AS {rel.lower()}_gone }}"
    )


#: Appended to the statement that writes a batch of postings (it starts from a single row). Deltas
#: come pre-aggregated from ``Deltas.params``: one row per node and per relationship a batch changes.
APPLY_DELTAS = "\n".join(
    [*(_nodes(label) for label in (Label.ROLE, Label.COMPANY, Label.SKILL)), *(_edge_delta(r) for r in _ENDS)]
)


def _profile(label: Label) -> Cypher:
    rel = Rel.ROLE_SKILL if label == Label.ROLE else Rel.COMPANY_SKILL
    typical = PROFILE_REL[label]
    return Cypher(
        f"{label.lower()}_profiles",
        f"""
UNWIND $keys AS k
MATCH (n:{label} {{key: k}})
OPTIONAL MATCH (n)-[old:{typical}]->()
DELETE old
WITH DISTINCT n
SET n.profile_weight = 0.0, n.profile = ''
WITH n
MATCH (n)-[e:{rel}]->(s:Skill)
WITH n, s, e.postings AS c ORDER BY c DESC, s.key
WITH n, collect({{skill: s, c: c}})[0..$size] AS top
SET n.profile_weight = reduce(w = 0.0, t IN top | w + toFloat(t.c) / n.postings),
    n.profile = reduce(p = '', t IN top | p + t.skill.key + ' ' + toString(t.c) + ';')
WITH n, top
UNWIND range(0, size(top) - 1) AS i
WITH n, top[i].skill AS s, top[i].c AS c, i
CREATE (n)-[:{typical} {{postings: c, share: toFloat(c) / n.postings, rank: i + 1}}]->(s)
""",
    )


PROFILES = {label: _profile(label) for label in (Label.ROLE, Label.COMPANY)}

#: How many of its biggest, and of its smallest, employers a role keeps as SAMPLE_EMPLOYER edges.
EMPLOYER_SAMPLE = 10
# Employers ordered by the role's postings at each, descending, ties by key; a role with at most
# 2 x EMPLOYER_SAMPLE employers has all of them in its sample.
ROLE_EMPLOYERS = Cypher(
    "role_employers",
    f"""
UNWIND $keys AS k
MATCH (n:Role {{key: k}})
OPTIONAL MATCH (n)<-[old:{SAMPLE_EMPLOYER}]-()
DELETE old
WITH DISTINCT n
SET n.employers = 0
WITH n
MATCH (c:Company)-[e:COMPANY_ROLE]->(n)
WITH n, c, e.postings AS p ORDER BY p DESC, c.key
WITH n, collect(c) AS employers
SET n.employers = size(employers)
WITH n, employers, size(employers) AS total
UNWIND range(0, total - 1) AS i
WITH n, employers[i] AS c, i, total
WHERE i < $sample OR i >= total - $sample
CREATE (c)-[:{SAMPLE_EMPLOYER} {{rank: CASE WHEN i < $sample THEN i + 1 ELSE i - total END}}]->(n)
""",
)


async def refresh_profiles(store: GraphStore, label: Label, keys: Iterable[str], chunk: int = 500) -> None:
    """Recompute the profiles of these roles or companies (and, for roles, their employer samples)."""
    pending = list(keys)
    for start in range(0, len(pending), chunk):
        params = {"keys": pending[start : start + chunk], "size": PROFILE_SIZE, "sample": EMPLOYER_SAMPLE}
        await store.write(PROFILES[label], params)
        if label == Label.ROLE:
            await store.write(ROLE_EMPLOYERS, params)


# -- rebuilding everything from the postings (repairs, and graphs loaded before aggregates existed) --

_CLEAR = [
    Cypher(f"clear_{rel.lower()}", f"MATCH ()-[e:{rel}]->() DELETE e")
    for rel in (*_ENDS, *PROFILE_REL.values(), SAMPLE_EMPLOYER)
]
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
# Pairs are counted from the skill with the smaller key, a few skills per statement: a posting with
# k skills yields k(k-1)/2 pairs, too many for one statement on a large graph.
_REBUILD_CO_OCCURS = Cypher(
    "rebuild_co_occurs",
    "UNWIND $keys AS k MATCH (a:Skill {key: k})<-[:REQUIRES]-(p:Posting)-[:REQUIRES]->(b:Skill) "
    f"WHERE a.key < b.key WITH a, b, count(p) AS n CREATE (a)-[:{CO_OCCURS} {{postings: n}}]->(b)",
)
_ALL_KEYS = {label: Cypher(f"all_{label.lower()}_keys", f"MATCH (n:{label}) RETURN n.key AS k") for label in Label}


async def rebuild_aggregates(store: GraphStore, timeout: float | None = None, chunk: int = 25) -> None:
    """Recompute every count, co-occurrence, profile and employer sample from the postings."""
    for statement in (*_CLEAR, *_REBUILD):
        await store.write(statement, timeout=timeout)
    skills = sorted(row["k"] for row in await store.read(_ALL_KEYS[Label.SKILL]))
    for start in range(0, len(skills), chunk):
        await store.write(_REBUILD_CO_OCCURS, {"keys": skills[start : start + chunk]}, timeout=timeout)
    for label in PROFILES:
        await refresh_profiles(store, label, [row["k"] for row in await store.read(_ALL_KEYS[label])])
