"""The writer on a real graph: idempotent, and a changed posting is updated in place."""

from loaders.writer import write_batch
from schema.cypher import Cypher
from schema.model import Location
from schema.store import GraphStore
from tests.factories import posting

SKILLS_OF = Cypher(
    "skills_of",
    "MATCH (:Posting {key: $key})-[:REQUIRES]->(s:Skill) RETURN s.name AS name ORDER BY name",
)
POSTINGS = Cypher("postings", "MATCH (p:Posting) RETURN count(p) AS n")


async def test_a_changed_posting_is_updated_in_place_and_loses_its_stale_skills(store: GraphStore) -> None:
    first = posting(skills=("Python", "Django"))
    assert await write_batch(store, [first]) == (1, 0, 0)
    changed = first.model_copy(update={"skills": posting(skills=("Python", "FastAPI")).skills, "content_hash": "v2"})
    assert await write_batch(store, [changed]) == (0, 1, 0)
    assert [r["name"] for r in await store.read(SKILLS_OF, {"key": first.id})] == ["FastAPI", "Python"]
    assert await store.read(POSTINGS) == [{"n": 1}]


async def test_writing_the_same_postings_again_changes_nothing(store: GraphStore) -> None:
    batch = [posting(), posting(company="Globex")]
    assert await write_batch(store, batch) == (2, 0, 0)
    assert await write_batch(store, batch) == (0, 0, 2)


async def test_a_city_is_linked_up_to_its_region_and_country(store: GraphStore) -> None:
    goiania = Location(city="Goiânia", region="Goiás", country="Brazil", country_code="BR")
    await write_batch(store, [posting(locations=(goiania,))])
    rows = await store.read(
        Cypher(
            "chain",
            "MATCH (:Posting)-[:LOCATED_IN]->(c:Location)-[:PART_OF]->(r:Location)-[:PART_OF]->(k:Location) "
            "RETURN c.name AS city, r.name AS region, k.name AS country, k.level AS level",
        )
    )
    assert rows == [{"city": "Goiânia", "region": "Goiás", "country": "Brazil", "level": "country"}]


async def test_deleting_a_posting_removes_it_and_what_it_added_to_the_aggregates(store: GraphStore) -> None:
    from loaders.aggregates import rebuild_aggregates
    from loaders.writer import delete_postings

    kept, gone = posting(skills=("Python",)), posting(skills=("Python", "Rust"))
    await write_batch(store, [kept, gone])
    assert await delete_postings(store, [gone.id, "no-such-posting"]) == [gone.id]
    assert await store.read(POSTINGS) == [{"n": 1}]
    counts = Cypher("counts", "MATCH (:Role)-[e:ROLE_SKILL]->(s:Skill) RETURN s.name AS skill, e.postings AS n")
    incremental = await store.read(counts)
    assert incremental == [{"skill": "Python", "n": 1}]
    await rebuild_aggregates(store)
    assert await store.read(counts) == incremental
