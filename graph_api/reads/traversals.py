"""Traversals: questions that walk several hops and explain their answers.

They answer from the aggregates the loader keeps (``loaders.aggregates``), never from the postings,
and they are shaped for what the engines do fast (figures: ``python -m bench.traversals``):

* **Overlap of skill profiles** (``roles_sharing_skills``, ``competitors``). A role's profile is
  its TYPICAL_SKILL edges, a company's its COMPANY_TYPICAL_SKILL edges: their top skills by share
  of their postings. Two statements per answer. The first lists, for each skill of the asked
  profile, every other profile holding it (``collect(id(o))``: about 7,000 ids for a role on a
  100k-posting graph, walked with no property read and no grouping, in 2-4 ms), and Python tallies
  the shared-skill counts. The second takes only the candidates that can still reach the page
  (the best ``probe`` by shared count and every one tied with the last of them: a few dozen, not
  thousands), reads their shares of the asked profile's skills, ranks them by shared count,
  overlap and name, and for roles checks "across employers" lazily, for as many as the page
  needs, against each candidate's employer sample (SAMPLE_EMPLOYER) rather than its thousands of
  employers. The ranking is exact.
* **Co-occurrence** (``related_skills``): CO_OCCURS edges count the postings that require both
  skills; lift divides that by what independence would give.

On FalkorDB each answer travels as one JSON string (``toJSON``): its Python client decodes a few
large strings far faster than many small values (about 20 us a value), and orjson decodes them
(a role's holders are thousands of ids) several times faster than the standard library. Neo4j returns the same
structure as plain values. Node ids (``id()`` on FalkorDB, ``elementId()`` on Neo4j) only pass
between the statements of one call; they are never stored.
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

import orjson

from graph_api.reads.records import NodeRecord, RoleOverlap
from loaders.aggregates import CO_OCCURS, EMPLOYER_SAMPLE, PROFILE_REL, SAMPLE_EMPLOYER
from schema.cypher import Cypher
from schema.graph import Label
from schema.store import GraphStore

_NODE_PROPS = "{key: o.key, name: o.name, postings: o.postings}"
_COMPANY_PROPS = "{key: c.key, name: c.name, postings: c.postings}"
_SKILL_PROPS = "{key: s.key, name: s.name, category: s.category, aliases: s.aliases, postings: s.postings}"


def _catalogued(name: str, template: str) -> Cypher:
    """Per engine: ``ID(x)`` is ``id(x)`` / ``elementId(x)``, ``JSON(x)`` is ``toJSON(x)`` / ``(x)``."""
    falkordb = template.replace("ID(", "id(").replace("JSON(", "toJSON(")
    neo4j = template.replace("ID(", "elementId(").replace("JSON(", "(")
    return Cypher(name, falkordb, falkordb=falkordb, neo4j=neo4j)


def _unpacked(rows: list[dict[str, Any]]) -> Any:
    """The single ``json`` value of a result, decoded when the engine sent it as a string."""
    if not rows:
        return None
    value = rows[0]["json"]
    return orjson.loads(value) if isinstance(value, str) else value


def _holders(label: Label) -> Cypher:
    """The asked node's profile skills, and every profile of its label holding one of them, once per skill.

    Unwinding the skills makes the engine walk the second hop per skill (holders keep their
    multiplicity), with no property read and no grouping per holder.
    """
    rel = PROFILE_REL[label]
    return _catalogued(
        "roles_sharing_skills" if label == Label.ROLE else "competitors",
        f"""
MATCH (r:{label} {{key: $key}})-[a:{rel}]->(s:Skill)
WITH r, collect(s) AS mine, collect({{id: ID(s), share: a.share, node: {_SKILL_PROPS}}}) AS skills
CALL {{
  WITH mine
  UNWIND mine AS s
  MATCH (s)<-[:{rel}]-(o)
  RETURN collect(ID(o)) AS holders
}}
RETURN JSON({{me: ID(r), weight: r.profile_weight, skills: skills, holders: holders}}) AS json
""",
    )


def _profiles(label: Label) -> Cypher:
    """The candidates' ($ids) names, sizes and profiles (``profile``: "<skill key> <postings>;" each)."""
    return _catalogued(
        f"{label.lower()}_candidate_profiles",
        f"""
UNWIND $ids AS i
MATCH (o:{label}) WHERE ID(o) = i
RETURN JSON(collect([i, {_NODE_PROPS}, o.profile_weight, o.profile])) AS json
""",
    )


PROFILE_HOLDERS = {label: _holders(label) for label in (Label.ROLE, Label.COMPANY)}
CANDIDATE_PROFILES = {label: _profiles(label) for label in (Label.ROLE, Label.COMPANY)}

# Across employers: a candidate must be posted by some company that does not post the asked role.
# Such companies come from the candidate's employer sample (SAMPLE_EMPLOYER: its biggest employers
# first, then its smallest); only when none of the sample qualifies and the role has more employers
# than that are the rest scanned (in the engine's order). Up to $employers of them per candidate.
OTHER_EMPLOYERS = _catalogued(
    "other_employers",
    f"""
MATCH (r:Role {{key: $key}})
UNWIND $ids AS i
MATCH (o:Role) WHERE ID(o) = i
CALL {{
  WITH r, o
  OPTIONAL MATCH (c:Company)-[x:{SAMPLE_EMPLOYER}]->(o)
  WHERE NOT (c)-[:COMPANY_ROLE]->(r)
  WITH c, x ORDER BY CASE WHEN x.rank > 0 THEN x.rank ELSE $sample - x.rank END LIMIT $employers
  RETURN collect(CASE WHEN c IS NULL THEN null ELSE {_COMPANY_PROPS} END) AS sampled
}}
CALL {{
  WITH r, o, sampled
  UNWIND CASE WHEN size(sampled) = 0 AND o.employers > 2 * $sample THEN [1] ELSE [] END AS scan
  MATCH (c:Company)-[:COMPANY_ROLE]->(o)
  WHERE NOT (c)-[:COMPANY_ROLE]->(r)
  WITH c LIMIT $employers
  RETURN collect({_COMPANY_PROPS}) AS scanned
}}
RETURN JSON(collect([i, (sampled + scanned)[0..$employers]])) AS json
""",
)
#: The first statement of each (then CANDIDATE_PROFILES, and OTHER_EMPLOYERS for roles).
ROLES_SHARING_SKILLS = PROFILE_HOLDERS[Label.ROLE]
COMPETITORS = PROFILE_HOLDERS[Label.COMPANY]


def _shares_of(profile: str | None, postings: Any, keys: Iterable[str]) -> dict[str, float]:
    """From a ``profile`` string ("<skill key> <postings>;" each), the shares of those of ``keys`` it has."""
    if not profile or not postings:
        return {}
    text, found = ";" + profile, {}
    for key in keys:
        at = text.find(f";{key} ")
        if at >= 0:
            start = at + len(key) + 2
            found[key] = int(text[start : text.index(";", start)]) / int(postings)
    return found


@dataclass(frozen=True, slots=True)
class _Overlap:
    id: Any
    node: dict[str, Any]
    shared: list[str]  # keys of the asked profile's skills it holds too
    overlap: float
    jaccard: float


async def _profile_overlaps(
    store: GraphStore, label: Label, key: str, *, min_shared: int, probe: int
) -> tuple[list[_Overlap], dict[str, NodeRecord]]:
    """The best ``probe`` profiles of ``label`` sharing at least ``min_shared`` skills with ``key``'s.

    Ranked by shared skills, then overlap (the sum over shared skills of the smaller share), then
    name. Python tallies the holders; only the best ``probe`` by shared count, and every candidate
    tied with the last of them, have their profiles read. Also returns the asked profile's skills.
    """
    mine = _unpacked(await store.read(PROFILE_HOLDERS[label], {"key": key}))
    if not mine:
        return [], {}
    counts = Counter(mine["holders"])
    counts.pop(mine["me"], None)
    # The shared count of the probe-th best (or of the last, if fewer): counts are small integers.
    cutoff, taken = 0, 0
    for shared, how_many in sorted(Counter(counts.values()).items(), reverse=True):
        if shared < min_shared or taken >= probe:
            break
        cutoff, taken = shared, taken + how_many
    if not cutoff:
        return [], {}
    ids = [o for o, n in counts.items() if n >= cutoff]
    share = {s["node"]["key"]: float(s["share"]) for s in mine["skills"]}
    weight = float(mine["weight"] or 0.0)
    found = []
    for i, node, other_weight, profile in _unpacked(await store.read(CANDIDATE_PROFILES[label], {"ids": ids})) or []:
        theirs = _shares_of(profile, node.get("postings"), share)
        overlap = sum(min(share[k], s) for k, s in theirs.items())
        union = weight + float(other_weight or 0.0) - overlap
        found.append(_Overlap(i, node, list(theirs), overlap, overlap / union if union > 0 else 0.0))
    # Overlaps are rounded for ranking so that equal sums added in another order still tie.
    found.sort(key=lambda c: (-len(c.shared), -round(c.overlap, 9), str(c.node.get("name"))))
    skills = {s["node"]["key"]: NodeRecord.from_row(Label.SKILL, s["node"]) for s in mine["skills"]}
    return [c for c in found if len(c.shared) >= min_shared][:probe], skills


def _by_name(records: Iterable[NodeRecord]) -> list[NodeRecord]:
    return sorted(records, key=lambda n: str(n.get("name")))


async def roles_sharing_skills(
    store: GraphStore,
    role_key: str,
    *,
    min_shared: int = 2,
    across_employers: bool = True,
    first: int = 20,
    employers: int = 10,
) -> list[RoleOverlap]:
    """Roles whose profiles share at least ``min_shared`` skills with ``role_key``'s, most shared first.

    Ranked by shared skills, then weighted overlap, then name. Across employers (default), only
    roles posted by some company that does not post ``role_key``; only the best ``2 x first``
    candidates are checked, so a page can come back short when most of them fail the check.
    Employers are looked up for as many candidates as the page still needs (most pass).
    """
    candidates, skills = await _profile_overlaps(store, Label.ROLE, role_key, min_shared=min_shared, probe=first * 2)
    page: list[tuple[_Overlap, list[dict[str, Any]]]] = []
    checked = 0
    while checked < len(candidates) and len(page) < first:
        batch = candidates[checked : checked + first - len(page)]
        checked += len(batch)
        params = {"key": role_key, "ids": [c.id for c in batch], "employers": employers, "sample": EMPLOYER_SAMPLE}
        others = {str(i): found for i, found in _unpacked(await store.read(OTHER_EMPLOYERS, params)) or []}
        page += [(c, others.get(str(c.id)) or []) for c in batch if not across_employers or others.get(str(c.id))]
    return [
        RoleOverlap(
            role=NodeRecord.from_row(Label.ROLE, c.node),
            shared_skills=_by_name(skills[k] for k in c.shared),
            employers=_by_name(NodeRecord.from_row(Label.COMPANY, e) for e in found),
            weighted_jaccard=c.jaccard,
        )
        for c, found in page
    ]


@dataclass(frozen=True, slots=True)
class CompanyOverlap:
    """A company whose skill profile overlaps the asked company's: it competes for the same skills."""

    company: NodeRecord
    shared_skills: list[NodeRecord]
    weighted_jaccard: float = 0.0

    @property
    def shared_count(self) -> int:
        return len(self.shared_skills)


async def competitors(
    store: GraphStore, company_key: str, first: int = 20, *, min_shared: int = 2
) -> list[CompanyOverlap]:
    """Companies whose profiles share at least ``min_shared`` skills with ``company_key``'s.

    Ranked by shared skills, then weighted overlap (the sum of the smaller share of each shared
    skill), then name; ``weighted_jaccard`` = overlap / (profile weight of one + of the other - overlap).
    """
    found, skills = await _profile_overlaps(store, Label.COMPANY, company_key, min_shared=min_shared, probe=first)
    return [
        CompanyOverlap(
            company=NodeRecord.from_row(Label.COMPANY, c.node),
            shared_skills=_by_name(skills[k] for k in c.shared),
            weighted_jaccard=c.jaccard,
        )
        for c in found
    ]


# Co-occurrence over postings: n = postings requiring both skills, lift = n * N / (n_a * n_b),
# N = all postings ($total). Lift 1 is what independent skills would give; above 1 they go together.
# A statement of its own: both engines answer a bare label count from their statistics, but would
# scan every posting for it as part of a larger statement.
POSTING_TOTAL = Cypher("posting_total", "MATCH (p:Posting) RETURN count(p) AS total")
RELATED_SKILLS = _catalogued(
    "related_skills",
    f"""
MATCH (k:Skill {{key: $key}})-[e:{CO_OCCURS}]-(s:Skill)
WITH k, s, e.postings AS n
WHERE n >= $min_count
WITH s, n, toFloat(n) * $total / (k.postings * s.postings) AS lift
ORDER BY CASE WHEN $by = 'lift' THEN lift ELSE toFloat(n) END DESC,
         CASE WHEN $by = 'lift' THEN toFloat(n) ELSE lift END DESC, s.name
LIMIT $first
RETURN JSON(collect({{node: {_SKILL_PROPS}, postings: n, lift: lift}})) AS json
""",
)


@dataclass(frozen=True, slots=True)
class RelatedSkill:
    """A skill that postings require together with the asked one."""

    skill: NodeRecord
    postings: int  # postings requiring both
    lift: float  # P(both) / (P(one) * P(other)): 1 = independent, above 1 = asked for together


async def related_skills(
    store: GraphStore,
    skill_key: str,
    first: int = 20,
    *,
    by: Literal["count", "lift"] = "count",
    min_count: int = 1,
) -> list[RelatedSkill]:
    """Skills co-occurring with ``skill_key`` in at least ``min_count`` postings.

    ``by="count"`` ranks by postings together (then lift, name); ``by="lift"`` by lift (then
    postings, name) — pair it with a ``min_count`` so that rare coincidences do not lead.
    """
    total = int((await store.read(POSTING_TOTAL))[0]["total"])
    params = {"key": skill_key, "first": first, "by": by, "min_count": max(1, min_count), "total": total}
    rows = _unpacked(await store.read(RELATED_SKILLS, params)) or []
    found = [
        RelatedSkill(NodeRecord.from_row(Label.SKILL, row["node"]), int(row["postings"]), float(row["lift"]))
        for row in rows
    ]
    if by == "lift":
        found.sort(key=lambda r: (-r.lift, -r.postings, str(r.skill.get("name"))))
    else:
        found.sort(key=lambda r: (-r.postings, -r.lift, str(r.skill.get("name"))))
    return found
