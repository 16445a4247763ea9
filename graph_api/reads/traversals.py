"""Traversals: questions that walk several hops and explain their answers."""

from graph_api.reads.records import NodeRecord, RoleOverlap
from schema.cypher import Cypher
from schema.graph import Label
from schema.store import GraphStore

# Roles are compared by their skill profiles (TYPICAL_SKILL: each role's top skills by share of its
# postings, kept by the loader). `shared` counts profile skills in common; `overlap` sums the smaller
# share of each, and weighted Jaccard = overlap / (profile weight of r + of o - overlap).
# Across employers: o must be posted by some company that does not post r. Only the best
# 2 x first candidates are checked, so a page can come back short when most of them fail the check.
ROLES_SHARING_SKILLS = Cypher(
    "roles_sharing_skills",
    """
MATCH (r:Role {key: $role})-[a:TYPICAL_SKILL]->(s:Skill)<-[b:TYPICAL_SKILL]-(o:Role)
WHERE o <> r
WITH r, o, count(s) AS shared, sum(CASE WHEN a.share < b.share THEN a.share ELSE b.share END) AS overlap
WHERE shared >= $min_shared
WITH r, o, shared, overlap ORDER BY shared DESC, overlap DESC, o.name LIMIT $probe
OPTIONAL MATCH (c:Company)-[:COMPANY_ROLE]->(o)
WHERE NOT (c)-[:COMPANY_ROLE]->(r)
WITH r, o, shared, overlap, collect(c) AS others
WHERE NOT $across OR size(others) > 0
WITH r, o, shared, overlap, others ORDER BY shared DESC, overlap DESC, o.name LIMIT $first
MATCH (r)-[:TYPICAL_SKILL]->(x:Skill)<-[:TYPICAL_SKILL]-(o)
WITH r, o, shared, overlap, others, collect(properties(x)) AS shared_skills
RETURN properties(o) AS role, shared, overlap / (r.profile_weight + o.profile_weight - overlap) AS jaccard,
       shared_skills, [c IN others | properties(c)][0..$employers] AS employers
ORDER BY shared DESC, overlap DESC, role.name
""",
)


async def roles_sharing_skills(
    store: GraphStore,
    role_key: str,
    *,
    min_shared: int = 2,
    across_employers: bool = True,
    first: int = 20,
    employers: int = 10,
) -> list[RoleOverlap]:
    params = {
        "role": role_key,
        "min_shared": min_shared,
        "across": across_employers,
        "first": first,
        "probe": first * 2,
        "employers": employers,
    }
    rows = await store.read(ROLES_SHARING_SKILLS, params)
    return [
        RoleOverlap(
            role=NodeRecord.from_row(Label.ROLE, row["role"]),
            shared_skills=sorted(
                (NodeRecord.from_row(Label.SKILL, s) for s in row["shared_skills"]), key=lambda n: str(n.get("name"))
            ),
            employers=sorted(
                (NodeRecord.from_row(Label.COMPANY, c) for c in row["employers"]), key=lambda n: str(n.get("name"))
            ),
            weighted_jaccard=float(row["jaccard"] or 0.0),
        )
        for row in rows
    ]
