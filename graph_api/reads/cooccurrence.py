"""Related skills: co-occurrence over postings, with lift (read from the CO_OCCURS aggregate).

Like the profile overlaps in ``graph_api.reads.traversals``, ``related_skills_of`` answers a list of
keys in the same statements as one key, for the GraphQL DataLoaders.
"""

from typing import Literal

from graph_api.reads.records import NodeRecord, RelatedSkill
from graph_api.reads.templates import SKILL_PROPS, catalogued, unpacked
from loaders.aggregates import CO_OCCURS
from schema.cypher import Cypher
from schema.graph import Label
from schema.store import GraphStore

# Co-occurrence over postings: n = postings requiring both skills, lift = n * N / (n_a * n_b),
# N = all postings ($total). Lift 1 is what independent skills would give; above 1 they go together.
# A statement of its own: both engines answer a bare label count from their statistics, but would
# scan every posting for it as part of a larger statement.
POSTING_TOTAL = Cypher("posting_total", "MATCH (p:Posting) RETURN count(p) AS total")
RELATED_SKILLS = catalogued(
    "related_skills",
    f"""
UNWIND $keys AS key
CALL {{
  WITH key
  MATCH (k:Skill {{key: key}})-[e:{CO_OCCURS}]-(s:Skill)
  WITH k, s, e.postings AS n
  WHERE n >= $min_count
  WITH s, n, toFloat(n) * $total / (k.postings * s.postings) AS lift
  ORDER BY CASE WHEN $by = 'lift' THEN lift ELSE toFloat(n) END DESC,
           CASE WHEN $by = 'lift' THEN toFloat(n) ELSE lift END DESC, s.name
  LIMIT $first
  RETURN collect({{node: {SKILL_PROPS}, postings: n, lift: lift}}) AS related
}}
RETURN JSON(collect({{key: key, related: related}})) AS json
""",
)


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
    (found,) = await related_skills_of(store, [skill_key], first, by=by, min_count=min_count)
    return found


async def related_skills_of(
    store: GraphStore,
    skill_keys: list[str],
    first: int = 20,
    *,
    by: Literal["count", "lift"] = "count",
    min_count: int = 1,
) -> list[list[RelatedSkill]]:
    """``related_skills`` for each of ``skill_keys`` (in order), in the same two statements as for one."""
    total = int((await store.read(POSTING_TOTAL))[0]["total"])
    keys = list(dict.fromkeys(skill_keys))
    params = {"keys": keys, "first": first, "by": by, "min_count": max(1, min_count), "total": total}
    answers: dict[str, list[RelatedSkill]] = {}
    for row in unpacked(await store.read(RELATED_SKILLS, params)) or []:
        found = [
            RelatedSkill(NodeRecord.from_row(Label.SKILL, r["node"]), int(r["postings"]), float(r["lift"]))
            for r in row["related"]
        ]
        if by == "lift":
            found.sort(key=lambda r: (-r.lift, -r.postings, str(r.skill.get("name"))))
        else:
            found.sort(key=lambda r: (-r.postings, -r.lift, str(r.skill.get("name"))))
        answers[row["key"]] = found
    return [answers.get(key, []) for key in skill_keys]
