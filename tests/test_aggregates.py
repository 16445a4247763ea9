"""The aggregates the writer maintains equal what a full rebuild from the postings computes."""

import random

from loaders.aggregates import rebuild_aggregates
from loaders.writer import delete_postings, write_batch
from schema.cypher import Cypher
from schema.model import ExtractedPosting
from schema.store import GraphStore
from tests.factories import posting

SNAPSHOT = [
    Cypher(
        "edge_counts",
        "MATCH (a)-[e:ROLE_SKILL|COMPANY_SKILL|COMPANY_ROLE|CO_OCCURS]->(b) "
        "RETURN type(e) AS rel, a.key AS a, b.key AS b, e.postings AS n ORDER BY rel, a, b",
    ),
    Cypher(
        "node_counts",
        "MATCH (n) WHERE n:Role OR n:Company OR n:Skill "
        "RETURN n.key AS k, coalesce(n.postings, 0) AS n, coalesce(n.employers, 0) AS employers, "
        "round(coalesce(n.profile_weight, 0.0) * 1000000000.0) AS weight ORDER BY k",
    ),
    Cypher(
        "profiles",
        "MATCH (a)-[e:TYPICAL_SKILL|COMPANY_TYPICAL_SKILL]->(s:Skill) "
        "RETURN type(e) AS rel, a.key AS a, s.key AS s, e.postings AS n, e.rank AS rank, "
        "round(e.share * 1000000000.0) AS share ORDER BY rel, a, rank",
    ),
    Cypher(
        "employer_samples",
        "MATCH (c:Company)-[x:SAMPLE_EMPLOYER]->(r:Role) RETURN r.key AS role, x.rank AS rank, c.key AS company "
        "ORDER BY role, rank",
    ),
]
ROLE_SKILL = Cypher(
    "role_skill", "MATCH (r:Role)-[e:ROLE_SKILL]->(s:Skill) RETURN r.name AS role, s.name AS skill, e.postings AS n"
)
CO_OCCURS = Cypher(
    "co_occurs", "MATCH (a:Skill)-[e:CO_OCCURS]->(b:Skill) RETURN a.name AS a, b.name AS b, e.postings AS n"
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


async def test_co_occurrence_counts_postings_requiring_both_skills_once_per_pair(store: GraphStore) -> None:
    first = posting(skills=("Python", "SQL", "Docker"))
    await write_batch(store, [first, posting(skills=("SQL", "Python")), posting(skills=("Rust",))])
    found = {(r["a"], r["b"]): r["n"] for r in await store.read(CO_OCCURS)}
    # One edge per pair, from the smaller key (docker < python < sql).
    assert found == {("Docker", "Python"): 1, ("Docker", "SQL"): 1, ("Python", "SQL"): 2}
    await write_batch(
        store, [first.model_copy(update={"skills": posting(skills=("Python",)).skills, "content_hash": "v2"})]
    )
    assert {(r["a"], r["b"]): r["n"] for r in await store.read(CO_OCCURS)} == {("Python", "SQL"): 1}


async def test_a_posting_without_skills_still_dilutes_its_roles_shares(store: GraphStore) -> None:
    await write_batch(store, [posting(role="QA Engineer", skills=("Python",))])
    await write_batch(store, [posting(role="QA Engineer", skills=())])
    share = Cypher("share", "MATCH (:Role {key: 'qa-engineer'})-[e:TYPICAL_SKILL]->() RETURN e.share AS share")
    assert await store.read(share) == [{"share": 0.5}]


async def test_incremental_aggregates_equal_a_rebuild_after_random_changes(store: GraphStore) -> None:
    rng = random.Random(11)
    roles = ["Backend Engineer", "Data Engineer", "QA Engineer"]
    # More employers than a role keeps in its employer sample, so the cut-off is exercised too.
    companies = [*(f"Company {i:02d}" for i in range(24)), None]
    skills = ["Python", "Go", "Kafka", "Docker", "Spark", "SQL", "Java"]

    def random_posting() -> ExtractedPosting:
        return posting(
            role=rng.choice(roles), company=rng.choice(companies), skills=tuple(rng.sample(skills, rng.randint(0, 4)))
        )

    batch = [random_posting() for _ in range(90)]
    await write_batch(store, batch)
    for round_ in range(3):
        changed = []
        for old in rng.sample(batch, 15):
            new = random_posting()
            changed.append(
                old.model_copy(
                    update={
                        "role": new.role,
                        "company": new.company,
                        "skills": new.skills,
                        "content_hash": f"round-{round_}-{rng.random()}",
                    }
                )
            )
        await write_batch(store, changed)
    await delete_postings(store, [p.id for p in rng.sample(batch, 5)])
    incremental = await _snapshot(store)
    await rebuild_aggregates(store)
    assert incremental == await _snapshot(store)
    assert all(incremental), "the graph has every kind of aggregate to compare"


async def test_aggregates_equal_a_rebuild_across_batches_that_mix_new_and_known_names(store: GraphStore) -> None:
    # Each batch names skills, roles and companies both already in the graph and new ones whose keys sort
    # between the known ones, so the statement finds some of a batch's nodes and creates others.
    rng = random.Random(5)
    skills = [f"Skill {chr(ord('A') + i)}{j}" for j in range(3) for i in range(8)]
    written: list[ExtractedPosting] = []
    for round_ in range(3):
        names = skills[: 8 * (round_ + 1)]
        batch = [
            posting(
                role=f"Role {rng.randint(0, 2 + 2 * round_)}",
                company=f"Company {rng.randint(0, 3 + 3 * round_)}",
                skills=tuple(rng.sample(names, rng.randint(1, 5))),
            )
            for _ in range(20)
        ]
        batch.append(batch[0])  # a batch may name a posting twice
        if written:
            moved = rng.choice(written)
            batch.append(moved.model_copy(update={"skills": batch[1].skills, "content_hash": f"moved-{round_}"}))
        await write_batch(store, batch)
        written += batch
        await delete_postings(store, [rng.choice(written).id])
    incremental = await _snapshot(store)
    await rebuild_aggregates(store)
    assert incremental == await _snapshot(store)
    assert all(incremental), "the graph has every kind of aggregate to compare"
