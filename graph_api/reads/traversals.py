"""Traversals: questions that walk several hops and explain their answers."""

from graph_api.reads.records import NodeRecord, RoleOverlap
from schema.cypher import Cypher
from schema.graph import Label
from schema.store import GraphStore

# For role R: its employers E and skills S. Every other role R' with a posting at an employer not in
# E that requires a skill in S, with the skills shared and the employers where R' asks for them.
ROLES_SHARING_SKILLS = Cypher(
    "roles_sharing_skills",
    """
MATCH (r:Role {key: $role})
OPTIONAL MATCH (r)<-[:FOR_ROLE]-(:Posting)-[:POSTED_BY]->(own:Company)
WITH r, collect(DISTINCT own.key) AS own
MATCH (r)<-[:FOR_ROLE]-(:Posting)-[:REQUIRES]->(s:Skill)
WITH r, own, collect(DISTINCT s.key) AS mine
UNWIND mine AS sk
MATCH (s:Skill {key: sk})<-[:REQUIRES]-(q:Posting)-[:FOR_ROLE]->(other:Role)
WHERE other <> r
MATCH (q)-[:POSTED_BY]->(c:Company)
WHERE NOT c.key IN own
WITH other,
     collect(DISTINCT {key: s.key, name: s.name, category: s.category}) AS shared,
     collect(DISTINCT {key: c.key, name: c.name}) AS employers
WHERE size(shared) >= $min_shared
WITH other, shared, employers ORDER BY size(shared) DESC, other.name LIMIT $first
RETURN properties(other) AS role, shared, employers
""",
)


async def roles_sharing_skills(
    store: GraphStore, role_key: str, *, min_shared: int = 1, first: int = 20
) -> list[RoleOverlap]:
    rows = await store.read(ROLES_SHARING_SKILLS, {"role": role_key, "min_shared": min_shared, "first": first})
    return [
        RoleOverlap(
            role=NodeRecord.from_row(Label.ROLE, row["role"]),
            shared_skills=sorted(
                (NodeRecord.from_row(Label.SKILL, s) for s in row["shared"]), key=lambda n: str(n.get("name"))
            ),
            employers=sorted(
                (NodeRecord.from_row(Label.COMPANY, c) for c in row["employers"]),
                key=lambda n: str(n.get("name")),
            ),
        )
        for row in rows
    ]
