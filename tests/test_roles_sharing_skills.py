"""rolesSharingSkills over HTTP on a small hand-built graph whose answer was worked out by hand.

    Backend Engineer   @ Acme     Python, PostgreSQL, Docker
    Backend Engineer   @ Globex   Python, Kafka
    Data Engineer      @ Globex   Python, PostgreSQL, Spark
    Data Engineer      @ Acme     Python, PostgreSQL, Docker
    Frontend Developer @ Initech  TypeScript, Docker
    DevOps Engineer    @ Initech  Docker, Kubernetes, PostgreSQL
    ML Engineer        @ Umbrella Spark, PyTorch
    QA Engineer        (no employer) Python, Docker

Backend Engineer's employers are Acme and Globex, its skills Python, PostgreSQL, Docker, Kafka.
At other employers: DevOps Engineer shares Docker and PostgreSQL (Initech); Frontend Developer
shares Docker (Initech). Data Engineer is only at Backend Engineer's own employers; ML Engineer
shares nothing; QA Engineer has no employer to be "other".
"""

from typing import Any

import httpx
import pytest

from graph_api.app import create_app
from graph_api.settings import Settings
from loaders.writer import write_batch
from schema.store import GraphStore
from tests.factories import posting

QUERY = """
query Overlap($role: ID!, $minShared: Int!) {
  rolesSharingSkills(role: $role, minShared: $minShared) {
    role { key name }
    sharedCount
    sharedSkills { name }
    employers { name }
  }
}
"""


async def _graph(store: GraphStore) -> None:
    await write_batch(
        store,
        [
            posting(role="Backend Engineer", company="Acme", skills=("Python", "PostgreSQL", "Docker")),
            posting(role="Backend Engineer", company="Globex", skills=("Python", "Kafka")),
            posting(role="Data Engineer", company="Globex", skills=("Python", "PostgreSQL", "Spark")),
            posting(role="Data Engineer", company="Acme", skills=("Python", "PostgreSQL", "Docker")),
            posting(role="Frontend Developer", company="Initech", skills=("TypeScript", "Docker")),
            posting(role="DevOps Engineer", company="Initech", skills=("Docker", "Kubernetes", "PostgreSQL")),
            posting(role="ML Engineer", company="Umbrella", skills=("Spark", "PyTorch")),
            posting(role="QA Engineer", company=None, skills=("Python", "Docker")),
        ],
    )


async def _ask(store: GraphStore, query: str, variables: dict[str, Any]) -> dict[str, Any]:
    app = create_app(Settings(demo_on_empty=False), store=store)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        response = await client.post("/graphql", json={"query": query, "variables": variables})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def test_roles_at_other_employers_are_ranked_by_shared_skills(store: GraphStore) -> None:
    await _graph(store)
    body = await _ask(store, QUERY, {"role": "backend-engineer", "minShared": 1})
    assert "errors" not in body, body
    assert body["data"]["rolesSharingSkills"] == [
        {
            "role": {"key": "devops-engineer", "name": "DevOps Engineer"},
            "sharedCount": 2,
            "sharedSkills": [{"name": "Docker"}, {"name": "PostgreSQL"}],
            "employers": [{"name": "Initech"}],
        },
        {
            "role": {"key": "frontend-developer", "name": "Frontend Developer"},
            "sharedCount": 1,
            "sharedSkills": [{"name": "Docker"}],
            "employers": [{"name": "Initech"}],
        },
    ]


async def test_min_shared_drops_roles_that_share_too_few_skills(store: GraphStore) -> None:
    await _graph(store)
    body = await _ask(store, QUERY, {"role": "backend-engineer", "minShared": 2})
    assert [r["role"]["name"] for r in body["data"]["rolesSharingSkills"]] == ["DevOps Engineer"]


async def test_roles_tied_on_shared_skills_are_ordered_by_name(store: GraphStore) -> None:
    await _graph(store)
    body = await _ask(store, QUERY, {"role": "data-engineer", "minShared": 1})
    found = [(r["role"]["name"], r["sharedCount"]) for r in body["data"]["rolesSharingSkills"]]
    assert found == [("DevOps Engineer", 2), ("Frontend Developer", 1), ("ML Engineer", 1)]


async def test_an_unknown_role_is_reported_as_not_found(store: GraphStore) -> None:
    await _graph(store)
    body = await _ask(store, QUERY, {"role": "astronaut", "minShared": 1})
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"


async def test_entities_come_back_with_their_links(store: GraphStore) -> None:
    await _graph(store)
    body = await _ask(
        store,
        '{ company(id: "initech") { name roles { edges { node { name } postings } } '
        "skills(first: 1) { edges { node { name } postings } } } }",
        {},
    )
    company = body["data"]["company"]
    assert company["name"] == "Initech"
    assert sorted(e["node"]["name"] for e in company["roles"]["edges"]) == ["DevOps Engineer", "Frontend Developer"]
    assert company["skills"]["edges"] == [{"node": {"name": "Docker"}, "postings": 2}]


@pytest.mark.parametrize("first", [0, 101])
async def test_a_page_size_out_of_range_is_a_bad_user_input(store: GraphStore, first: int) -> None:
    body = await _ask(store, "query($f: Int!) { skills(first: $f) { edges { node { name } } } }", {"f": first})
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_weighted_jaccard_weighs_each_skill_by_its_share_of_a_roles_postings(store: GraphStore) -> None:
    # Backend Engineer: Python 2/2, PostgreSQL 1/2, Docker 1/2, Kafka 1/2 (weight 2.5).
    # DevOps Engineer: Docker, Kubernetes, PostgreSQL 1/1 each (weight 3). Overlap 0.5 + 0.5 = 1.
    # Frontend Developer: TypeScript, Docker 1/1 (weight 2). Overlap 0.5.
    await _graph(store)
    body = await _ask(
        store, '{ rolesSharingSkills(role: "backend-engineer", minShared: 1) { role { name } weightedJaccard } }', {}
    )
    found = {r["role"]["name"]: r["weightedJaccard"] for r in body["data"]["rolesSharingSkills"]}
    assert found == {
        "DevOps Engineer": pytest.approx(1 / (2.5 + 3 - 1), abs=1e-4),
        "Frontend Developer": pytest.approx(0.5 / (2.5 + 2 - 0.5), abs=1e-4),
    }


async def test_without_across_employers_roles_at_the_same_employers_count_too(store: GraphStore) -> None:
    await _graph(store)
    body = await _ask(
        store,
        '{ rolesSharingSkills(role: "backend-engineer", minShared: 1, acrossEmployers: false) '
        "{ role { name } sharedCount } }",
        {},
    )
    found = [(r["role"]["name"], r["sharedCount"]) for r in body["data"]["rolesSharingSkills"]]
    # QA Engineer and DevOps Engineer tie on 2 shared skills; QA's overlap (1 + 0.5) beats DevOps' (0.5 + 0.5).
    assert found == [("Data Engineer", 3), ("QA Engineer", 2), ("DevOps Engineer", 2), ("Frontend Developer", 1)]
