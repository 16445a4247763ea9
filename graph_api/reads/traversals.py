"""Traversals: questions that walk several hops and explain their answers.

They answer from the aggregates the loader keeps (``loaders.aggregates``), never from the postings,
and they are shaped for what the engines do fast (figures: ``python -m bench.traversals``):

* **Overlap of skill profiles** (``roles_sharing_skills``, ``competitors``). A role's profile is
  its TYPICAL_SKILL edges, a company's its COMPANY_TYPICAL_SKILL edges: their top skills by share
  of their postings. Two statements per answer (and the employer check for roles). The first
  lists, for each skill of the asked profile, every other profile holding it (``collect(id(o))``:
  about 7,000 ids for a role on a 100k-posting graph, walked with no property read and no
  grouping, in 2-4 ms), and Python tallies the shared-skill counts. The second takes only the
  candidates that can still reach the page (the best ``probe`` by shared count and every one tied
  with the last of them: a few dozen, not thousands), reads their shares of the asked profile's
  skills, ranks them by shared count, overlap and name, and for roles checks "across employers"
  lazily, for as many as the page needs, against each candidate's employer sample
  (SAMPLE_EMPLOYER) rather than its thousands of employers. The ranking is exact.

Co-occurrence (``related_skills``) is in ``graph_api.reads.cooccurrence``.

Each has an ``*_of`` form that answers for a list of keys in the same statements as for one key
(``$keys``, ``$pairs``): the GraphQL DataLoaders use it, so a page of companies asking for their
competitors costs what one company does.

On FalkorDB each answer travels as one JSON string (``toJSON``): its Python client decodes a few
large strings far faster than many small values (about 20 us a value), and orjson decodes them
(a role's holders are thousands of ids) several times faster than the standard library. Neo4j
returns the same structure as plain values. Node ids (``id()`` on FalkorDB, ``elementId()`` on Neo4j) only pass
between the statements of one call; they are never stored.
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from graph_api.reads.records import CompanyOverlap, NodeRecord, RoleOverlap
from graph_api.reads.templates import SKILL_PROPS, catalogued, unpacked
from loaders.aggregates import EMPLOYER_SAMPLE, PROFILE_REL, SAMPLE_EMPLOYER
from schema.cypher import Cypher
from schema.graph import Label
from schema.store import GraphStore

_NODE_PROPS = "{key: o.key, name: o.name, postings: o.postings}"
_COMPANY_PROPS = "{key: c.key, name: c.name, postings: c.postings}"


def _holders(label: Label) -> Cypher:
    """For each asked key ($keys): its profile skills, and every profile of its label holding one, once per skill.

    Unwinding the skills makes the engine walk the second hop per skill (holders keep their
    multiplicity), with no property read and no grouping per holder.
    """
    rel = PROFILE_REL[label]
    return catalogued(
        "roles_sharing_skills" if label == Label.ROLE else "competitors",
        f"""
UNWIND $keys AS key
MATCH (r:{label} {{key: key}})-[a:{rel}]->(s:Skill)
WITH key, r, collect(s) AS mine, collect({{id: ID(s), share: a.share, node: {SKILL_PROPS}}}) AS skills
CALL {{
  WITH mine
  UNWIND mine AS s
  MATCH (s)<-[:{rel}]-(o)
  RETURN collect(ID(o)) AS holders
}}
RETURN JSON(collect({{key: key, me: ID(r), weight: r.profile_weight, skills: skills, holders: holders}})) AS json
""",
    )


def _profiles(label: Label) -> Cypher:
    """The candidates' ($ids) names, sizes and profiles (``profile``: "<skill key> <postings>;" each)."""
    return catalogued(
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
# $pairs: [asked role key, candidate id] each, so one statement checks candidates of several roles.
# Such companies come from the candidate's employer sample (SAMPLE_EMPLOYER: its biggest employers
# first, then its smallest); only when none of the sample qualifies and the role has more employers
# than that are the rest scanned (in the engine's order). Up to $employers of them per candidate.
OTHER_EMPLOYERS = catalogued(
    "other_employers",
    f"""
UNWIND $pairs AS pair
WITH pair[0] AS key, pair[1] AS i
MATCH (r:Role {{key: key}})
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
RETURN JSON(collect([key, i, (sampled + scanned)[0..$employers]])) AS json
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


#: For each asked key: its best candidates, and its profile's skills by key.
_Overlaps = tuple[list[_Overlap], dict[str, NodeRecord]]


async def _profile_overlaps(
    store: GraphStore, label: Label, keys: list[str], *, min_shared: int, probe: int
) -> dict[str, _Overlaps]:
    """For each of ``keys``, the best ``probe`` profiles of ``label`` sharing at least ``min_shared`` skills with its.

    Ranked by shared skills, then overlap (the sum over shared skills of the smaller share), then
    name. Python tallies the holders; only the best ``probe`` by shared count, and every candidate
    tied with the last of them, have their profiles read. Also returns each asked profile's skills.
    Two statements whatever the number of keys (one when no key has a candidate); a key that is
    not stored, or has no candidate, is missing from the answer.
    """
    asked = unpacked(await store.read(PROFILE_HOLDERS[label], {"keys": list(dict.fromkeys(keys))})) or []
    wanted: dict[str, list[Any]] = {}
    for mine in asked:
        counts = Counter(mine["holders"])
        counts.pop(mine["me"], None)
        # The shared count of the probe-th best (or of the last, if fewer): counts are small integers.
        cutoff, taken = 0, 0
        for shared, how_many in sorted(Counter(counts.values()).items(), reverse=True):
            if shared < min_shared or taken >= probe:
                break
            cutoff, taken = shared, taken + how_many
        if cutoff:
            wanted[mine["key"]] = [o for o, n in counts.items() if n >= cutoff]
    ids = list(dict.fromkeys(i for found in wanted.values() for i in found))
    if not ids:
        return {}
    rows = unpacked(await store.read(CANDIDATE_PROFILES[label], {"ids": ids})) or []
    profiles = {i: (node, other_weight, profile) for i, node, other_weight, profile in rows}
    answers: dict[str, _Overlaps] = {}
    for mine in asked:
        if mine["key"] not in wanted:
            continue
        share = {s["node"]["key"]: float(s["share"]) for s in mine["skills"]}
        weight = float(mine["weight"] or 0.0)
        found = []
        for i in wanted[mine["key"]]:
            if i not in profiles:
                continue
            node, other_weight, profile = profiles[i]
            theirs = _shares_of(profile, node.get("postings"), share)
            overlap = sum(min(share[k], s) for k, s in theirs.items())
            union = weight + float(other_weight or 0.0) - overlap
            found.append(_Overlap(i, node, list(theirs), overlap, overlap / union if union > 0 else 0.0))
        # Overlaps are rounded for ranking so that equal sums added in another order still tie.
        found.sort(key=lambda c: (-len(c.shared), -round(c.overlap, 9), str(c.node.get("name")), str(c.node["key"])))
        skills = {s["node"]["key"]: NodeRecord.from_row(Label.SKILL, s["node"]) for s in mine["skills"]}
        answers[mine["key"]] = [c for c in found if len(c.shared) >= min_shared][:probe], skills
    return answers


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
    (found,) = await roles_sharing_skills_of(
        store, [role_key], min_shared=min_shared, across_employers=across_employers, first=first, employers=employers
    )
    return found


async def roles_sharing_skills_of(
    store: GraphStore,
    role_keys: list[str],
    *,
    min_shared: int = 2,
    across_employers: bool = True,
    first: int = 20,
    employers: int = 10,
) -> list[list[RoleOverlap]]:
    """``roles_sharing_skills`` for each of ``role_keys`` (in order), in as many statements as for one.

    Each round of the employer check takes, for every role whose page is still short, its next
    candidates, and checks them all in one statement.
    """
    overlaps = await _profile_overlaps(store, Label.ROLE, role_keys, min_shared=min_shared, probe=first * 2)
    pages: dict[str, list[tuple[_Overlap, list[dict[str, Any]]]]] = {key: [] for key in overlaps}
    checked = dict.fromkeys(overlaps, 0)
    while True:
        batch: list[tuple[str, _Overlap]] = []
        for key, (candidates, _) in overlaps.items():
            more = candidates[checked[key] : checked[key] + first - len(pages[key])]
            checked[key] += len(more)
            batch += [(key, c) for c in more]
        if not batch:
            break
        params = {"pairs": [[k, c.id] for k, c in batch], "employers": employers, "sample": EMPLOYER_SAMPLE}
        others = {(k, str(i)): found for k, i, found in unpacked(await store.read(OTHER_EMPLOYERS, params)) or []}
        for key, c in batch:
            found = others.get((key, str(c.id))) or []
            if not across_employers or found:
                pages[key].append((c, found))
    return [
        [
            RoleOverlap(
                role=NodeRecord.from_row(Label.ROLE, c.node),
                shared_skills=_by_name(overlaps[key][1][k] for k in c.shared),
                employers=_by_name(NodeRecord.from_row(Label.COMPANY, e) for e in found),
                weighted_jaccard=c.jaccard,
            )
            for c, found in pages.get(key, [])
        ]
        for key in role_keys
    ]


async def competitors(
    store: GraphStore, company_key: str, first: int = 20, *, min_shared: int = 2
) -> list[CompanyOverlap]:
    """Companies whose profiles share at least ``min_shared`` skills with ``company_key``'s.

    Ranked by shared skills, then weighted overlap (the sum of the smaller share of each shared
    skill), then name; ``weighted_jaccard`` = overlap / (profile weight of one + of the other - overlap).
    """
    (found,) = await competitors_of(store, [company_key], first, min_shared=min_shared)
    return found


async def competitors_of(
    store: GraphStore, company_keys: list[str], first: int = 20, *, min_shared: int = 2
) -> list[list[CompanyOverlap]]:
    """``competitors`` for each of ``company_keys`` (in order), in the same two statements as for one."""
    overlaps = await _profile_overlaps(store, Label.COMPANY, company_keys, min_shared=min_shared, probe=first)
    return [
        [
            CompanyOverlap(
                company=NodeRecord.from_row(Label.COMPANY, c.node),
                shared_skills=_by_name(skills[k] for k in c.shared),
                weighted_jaccard=c.jaccard,
            )
            for c in found
        ]
        for found, skills in (overlaps.get(key, ([], {})) for key in company_keys)
    ]
