"""The GraphQL API over HTTP on a small graph: Relay IDs and pages, filters, ordering, explorations."""

from datetime import date
from typing import Any

import httpx
import pytest

from graph_api.app import create_app
from graph_api.gql.ids import global_id
from graph_api.settings import Settings
from loaders.writer import write_batch
from schema.model import Industry, Location, Seniority, WorkMode
from schema.store import GraphStore
from tests.factories import posting

BERLIN = Location(city="Berlin", region="Land Berlin", country="Germany", country_code="DE")
MUNICH = Location(city="Munich", region="Bavaria", country="Germany", country_code="DE")
LISBON = Location(city="Lisbon", region="Lisbon", country="Portugal", country_code="PT")


async def _graph(store: GraphStore) -> None:
    await write_batch(
        store,
        [
            posting(role="Data Engineer", company="Acme", skills=("Python", "Spark", "SQL"), locations=(BERLIN,),
                    seniority=Seniority.SENIOR, work_mode=WorkMode.REMOTE, date_posted=date(2026, 3, 1),
                    industries=(Industry(name="Banking"),)),
            posting(role="Data Engineer", company="Globex", skills=("Python", "Airflow", "SQL"), locations=(MUNICH,),
                    seniority=Seniority.JUNIOR, work_mode=WorkMode.HYBRID, date_posted=date(2026, 3, 5)),
            posting(role="Backend Engineer", company="Acme", skills=("Python", "Django", "SQL"), locations=(LISBON,),
                    seniority=Seniority.SENIOR, work_mode=WorkMode.ON_SITE, date_posted=date(2026, 3, 9),
                    title="Senior Backend Engineer"),
            posting(role="Backend Engineer", company="Initech", skills=("Go", "PostgreSQL"), locations=(BERLIN,),
                    date_posted=date(2026, 3, 12)),
            posting(role="Data Scientist", company="Acme", skills=("Python", "PyTorch"), date_posted=date(2026, 3, 15)),
        ],
    )  # fmt: skip


async def _ask(store: GraphStore, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    app = create_app(Settings(demo_on_empty=False), store=store)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as client:
        response = await client.post("/graphql", json={"query": query, "variables": variables or {}})
    body: dict[str, Any] = response.json()
    return body


def _titles(connection: dict[str, Any]) -> list[str]:
    return [edge["node"]["key"] for edge in connection["edges"]]


async def test_every_node_comes_back_by_its_global_id(store: GraphStore) -> None:
    await _graph(store)
    listed = await _ask(store, "{ skills(first: 100) { nodes { id key name } } }")
    skills = listed["data"]["skills"]["nodes"]
    assert skills
    ids = [s["id"] for s in skills]
    assert ids[0] == global_id("Skill", skills[0]["key"])
    body = await _ask(store, "query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Skill { name } } }", {"ids": ids})
    assert [n["name"] for n in body["data"]["nodes"]] == [s["name"] for s in skills]
    missing = await _ask(store, "query($id: ID!) { node(id: $id) { id } }", {"id": global_id("Company", "nobody")})
    assert missing["data"]["node"] is None


async def test_an_id_of_the_wrong_type_is_a_bad_user_input(store: GraphStore) -> None:
    body = await _ask(store, "query($id: ID!) { role(id: $id) { name } }", {"id": global_id("Skill", "python")})
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_pages_forwards_and_backwards_cover_the_list_once_in_order(store: GraphStore) -> None:
    await _graph(store)
    whole = await _ask(store, "{ skills(first: 100) { totalCount edges { node { key } } } }")
    everything = _titles(whole["data"]["skills"])
    assert whole["data"]["skills"]["totalCount"] == len(everything) == 8
    forwards: list[str] = []
    after = None
    while True:
        page = (
            await _ask(
                store,
                "query($a: String) { skills(first: 2, after: $a) { edges { node { key } } "
                "pageInfo { hasNextPage endCursor } } }",
                {"a": after},
            )
        )["data"]["skills"]
        forwards += _titles(page)
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert forwards == everything
    backwards: list[str] = []
    before = None
    while True:
        page = (
            await _ask(
                store,
                "query($b: String) { skills(last: 4, before: $b) { edges { node { key } } "
                "pageInfo { hasPreviousPage startCursor } } }",
                {"b": before},
            )
        )["data"]["skills"]
        backwards = _titles(page) + backwards
        if not page["pageInfo"]["hasPreviousPage"]:
            break
        before = page["pageInfo"]["startCursor"]
    assert backwards == everything


async def test_skills_ordered_by_postings_put_the_most_asked_first(store: GraphStore) -> None:
    await _graph(store)
    body = await _ask(store, "{ skills(orderBy: POSTINGS, first: 2) { edges { node { key postingCount } } } }")
    assert [e["node"] for e in body["data"]["skills"]["edges"]] == [
        {"key": "python", "postingCount": 4},
        {"key": "sql", "postingCount": 3},
    ]


@pytest.mark.parametrize(
    ("filter_", "expected"),
    [
        ({"skills": ["python", "sql"]}, 3),
        ({"skills": ["go", "spark"], "skillsMatch": "ANY"}, 2),
        ({"company": "acme"}, 3),
        ({"role": "data-engineer", "seniority": ["JUNIOR"]}, 1),
        ({"workMode": ["REMOTE", "HYBRID"]}, 2),
        ({"location": "de"}, 3),
        ({"location": "de/land-berlin/berlin"}, 2),
        ({"industry": "banking"}, 1),
        ({"postedAfter": "2026-03-05", "postedBefore": "2026-03-12"}, 3),
    ],
)
async def test_posting_filters_narrow_the_list(store: GraphStore, filter_: dict[str, Any], expected: int) -> None:
    await _graph(store)
    body = await _ask(
        store, "query($f: PostingFilter) { postings(filter: $f) { totalCount edges { node { key } } } }", {"f": filter_}
    )
    assert "errors" not in body, body
    assert body["data"]["postings"]["totalCount"] == expected == len(body["data"]["postings"]["edges"])


async def test_postings_come_newest_first(store: GraphStore) -> None:
    await _graph(store)
    body = await _ask(store, "{ postings(first: 3) { nodes { datePosted } } }")
    assert [n["datePosted"] for n in body["data"]["postings"]["nodes"]] == ["2026-03-15", "2026-03-12", "2026-03-09"]


async def test_a_companys_ranked_skills_page_with_their_posting_counts(store: GraphStore) -> None:
    await _graph(store)
    query = (
        'query($a: String) { company(id: "acme") { postingCount skills(first: 2, after: $a) '
        "{ totalCount edges { postings node { key } } pageInfo { hasNextPage endCursor } } } }"
    )
    first = (await _ask(store, query, {"a": None}))["data"]["company"]
    assert first["postingCount"] == 3
    assert first["skills"]["totalCount"] == 5  # Python, SQL, Spark, Django, PyTorch
    assert first["skills"]["edges"][0] == {"postings": 3, "node": {"key": "python"}}
    rest = (await _ask(store, query, {"a": first["skills"]["pageInfo"]["endCursor"]}))["data"]["company"]["skills"]
    seen = [e["node"]["key"] for e in first["skills"]["edges"] + rest["edges"]]
    assert len(seen) == len(set(seen)) == 4


async def test_a_country_lists_postings_in_its_cities(store: GraphStore) -> None:
    await _graph(store)
    body = await _ask(store, '{ location(id: "de") { level children { nodes { name } } postings { totalCount } } }')
    germany = body["data"]["location"]
    assert germany["level"] == "country"
    assert sorted(n["name"] for n in germany["children"]["nodes"]) == ["Bavaria", "Land Berlin"]
    assert germany["postings"]["totalCount"] == 3


async def test_the_skill_gap_splits_two_roles_profiles(store: GraphStore) -> None:
    # Data Engineer: Python 2/2, SQL 2/2, Spark 1/2, Airflow 1/2. Backend Engineer: Python, SQL, Django,
    # Go, PostgreSQL 1/2 each.
    await _graph(store)
    body = await _ask(
        store,
        '{ skillGap(fromRole: "data-engineer", toRole: "backend-engineer") '
        "{ shared { skill { key } fromShare toShare } toLearn { skill { key } } notNeeded { skill { key } } } }",
    )
    gap = body["data"]["skillGap"]
    assert {s["skill"]["key"]: (s["fromShare"], s["toShare"]) for s in gap["shared"]} == {
        "python": (1.0, 0.5),
        "sql": (1.0, 0.5),
    }
    assert sorted(s["skill"]["key"] for s in gap["toLearn"]) == ["django", "go", "postgresql"]
    assert sorted(s["skill"]["key"] for s in gap["notNeeded"]) == ["airflow", "spark"]


async def test_search_finds_skills_companies_roles_and_postings(store: GraphStore) -> None:
    await _graph(store)
    body = await _ask(store, '{ search(text: "back") { roles { key } postings { title } skills { key } } }')
    found = body["data"]["search"]
    assert [r["key"] for r in found["roles"]] == ["backend-engineer"]
    assert sorted(p["title"] for p in found["postings"]) == ["Backend Engineer", "Senior Backend Engineer"]
    assert found["skills"] == []


async def test_stats_count_the_graph_and_rank_skills(store: GraphStore) -> None:
    await _graph(store)
    body = await _ask(
        store,
        "{ stats { postings companies roles skills topSkills(first: 2) { skill { key } postings } "
        'inPortugal: topSkills(first: 1, location: "pt") { skill { key } postings } } }',
    )
    stats = body["data"]["stats"]
    assert (stats["postings"], stats["companies"], stats["roles"], stats["skills"]) == (5, 3, 3, 8)
    assert stats["topSkills"] == [{"skill": {"key": "python"}, "postings": 4}, {"skill": {"key": "sql"}, "postings": 3}]
    assert stats["inPortugal"][0]["postings"] == 1


async def test_path_connects_a_skill_to_a_company_through_the_shortest_route(store: GraphStore) -> None:
    await _graph(store)
    body = await _ask(
        store,
        "query($a: ID!, $b: ID!) { path(from: $a, to: $b, maxHops: 3) "
        "{ length nodes { key } steps { type postings } } }",
        {"a": global_id("Skill", "pytorch"), "b": global_id("Company", "acme")},
    )
    found = body["data"]["path"]
    # The aggregate COMPANY_SKILL edge joins them in one hop, with the one posting behind it.
    assert found == {"length": 1, "nodes": [{"key": "pytorch"}, {"key": "acme"}],
                     "steps": [{"type": "COMPANY_SKILL", "postings": 1}]}  # fmt: skip


async def test_path_is_null_when_nothing_connects_within_the_hops(store: GraphStore) -> None:
    await _graph(store)
    body = await _ask(
        store,
        "query($a: ID!, $b: ID!) { path(from: $a, to: $b, maxHops: 1) { length } }",
        {"a": global_id("Skill", "pytorch"), "b": global_id("Skill", "go")},
    )
    assert body["data"]["path"] is None


async def test_similar_roles_ignore_employers(store: GraphStore) -> None:
    await _graph(store)
    body = await _ask(
        store, '{ role(id: "data-engineer") { similarRoles(minShared: 2) { role { key } sharedCount } } }'
    )
    assert body["data"]["role"]["similarRoles"] == [{"role": {"key": "backend-engineer"}, "sharedCount": 2}]


async def test_search_matches_every_word_of_a_title_as_a_prefix(store: GraphStore) -> None:
    await _graph(store)
    body = await _ask(store, '{ search(text: "senior engin") { postings { title } } }')
    assert [p["title"] for p in body["data"]["search"]["postings"]] == ["Senior Backend Engineer"]


async def test_lucene_and_redisearch_operators_in_search_text_are_plain_words(store: GraphStore) -> None:
    await _graph(store)
    texts = [
        "C++",
        "C#",
        '""',
        "AND",
        "**",
        "senior AND",
        "engin* OR x",
        "title:senior",
        "senior~2",
        "a\\b",
        "NOT -+!^",
    ]
    for text in texts:
        body = await _ask(store, "query($t: String!) { search(text: $t) { postings { title } } }", {"t": text})
        assert "errors" not in body, (text, body)
    body = await _ask(store, '{ search(text: "SENIOR and") { postings { title } } }')
    assert body["data"]["search"]["postings"] == []  # "and" is a word to find, not an operator
    body = await _ask(store, '{ search(text: "Senior: (engin*)") { postings { title } } }')
    assert [p["title"] for p in body["data"]["search"]["postings"]] == ["Senior Backend Engineer"]


async def test_search_text_with_query_syntax_characters_is_just_text(store: GraphStore) -> None:
    await _graph(store)
    body = await _ask(store, '{ search(text: "py* OR (\\"x") { skills { key } postings { title } } }')
    assert "errors" not in body, body
    assert body["data"]["search"]["postings"] == []
