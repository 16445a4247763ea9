"""The aggregates the writer maintains equal what a full rebuild from the postings computes."""

import random

from loaders.aggregates import rebuild_aggregates
from loaders.writer import write_batch
from schema.cypher import Cypher
from schema.store import GraphStore
from tests.factories import posting

SNAPSHOT = [
    Cypher(
        "edge_counts",
        "MATCH (a)-[e:ROLE_SKILL|COMPANY_SKILL|COMPANY_ROLE]->(b) "
        "RETURN type(e) AS rel, a.key AS a, b.key AS b, e.postings AS n ORDER BY rel, a, b",
    ),
    Cypher(
        "node_counts",
        "MATCH (n) WHERE n:Role OR n:Company OR n:Skill RETURN n.key AS k, coalesce(n.postings, 0) AS n ORDER BY k",
    ),
    Cypher(
        "profiles",
        "MATCH (a)-[e:TYPICAL_SKILL]->(s:Skill) RETURN a.key AS a, s.key AS s, e.postings AS n, e.rank AS rank "
        "ORDER BY a, rank",
    ),
]
ROLE_SKILL = Cypher(
    "role_skill", "MATCH (r:Role)-[e:ROLE_SKILL]->(s:Skill) RETURN r.name AS role, s.name AS skill, e.postings AS n"
)


async def _snapshot(store: GraphStore) -> list[list[dict[str, object]]]:
    return [await store.read(query) for query in SNAPSHOT]


async def test_counts_follow_new_and_changed_postings(store: GraphStore) -> None:
    a = posting(role="Data Engineer", company="Acme", skills=("Python", "Spark"))
    b = posting(role="Data Engineer", company="Globex", skills=("Python",))
    await write_batch(store, [a, b])
    moved = a.model_copy(update={"skills": posting(skills=("Python", "Airflow")).skills, "content_hash": "v2"})
    await write_batch(store, [moved])
    found = {(r["role"], r["skill"]): r["n"] for r in await store.read(ROLE_SKILL)}
    assert found == {("Data Engineer", "Python"): 2, ("Data Engineer", "Airflow"): 1}, (
        "Spark's edge went with its count"
    )


async def test_incremental_aggregates_equal_a_rebuild_after_random_changes(store: GraphStore) -> None:
    rng = random.Random(11)
    roles, companies = ["Backend Engineer", "Data Engineer", "QA Engineer"], ["Acme", "Globex", "Initech", None]
    skills = ["Python", "Go", "Kafka", "Docker", "Spark", "SQL", "Java"]

    def random_posting() -> object:
        return posting(
            role=rng.choice(roles), company=rng.choice(companies), skills=tuple(rng.sample(skills, rng.randint(1, 4)))
        )

    batch = [random_posting() for _ in range(30)]
    await write_batch(store, batch)  # type: ignore[arg-type]
    for round_ in range(3):
        changed = []
        for old in rng.sample(batch, 10):
            new = random_posting()
            changed.append(
                old.model_copy(  # type: ignore[attr-defined]
                    update={
                        "role": new.role,  # type: ignore[attr-defined]
                        "company": new.company,  # type: ignore[attr-defined]
                        "skills": new.skills,  # type: ignore[attr-defined]
                        "content_hash": f"round-{round_}-{rng.random()}",
                    }
                )
            )
        await write_batch(store, changed)
    incremental = await _snapshot(store)
    await rebuild_aggregates(store)
    assert incremental == await _snapshot(store)
    assert incremental[0], "the graph has aggregate edges to compare"
