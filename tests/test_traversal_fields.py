"""Company.competitors, Skill.relatedSkills and Role.similarRoles over HTTP, with their round trips.

The expected answers are worked out here, in Python, from the postings the test loads (never by
asking the graph): a company's or role's profile is its ``PROFILE_SIZE`` skills asked for by most
of its postings (ties by skill key), each with its share of those postings; two profiles overlap by
the sum, over the skills they share, of the smaller share; weighted Jaccard = overlap / (sum of one
profile's shares + the other's - overlap); ties go by name. Two skills co-occur in the postings requiring both;
lift = together x all postings / (postings of one x postings of the other).
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import Any

import httpx
import pytest

from graph_api.app import create_app
from graph_api.demo import demo_reads
from graph_api.settings import Settings
from loaders.load import LoadReport, extracted, load
from loaders.readers import read_paths
from loaders.writer import write_batch
from schema.graph import PROFILE_SIZE
from schema.model import ExtractedPosting
from schema.store import GraphStore
from tests.factories import posting

MARKET = [
    posting(company="Acme", role="Backend Engineer", skills=("Python", "SQL", "Docker")),
    posting(company="Acme", role="Data Engineer", skills=("Python", "Kafka")),
    posting(company="Globex", role="Data Engineer", skills=("Python", "SQL")),
    posting(company="Globex", role="DevOps Engineer", skills=("Kubernetes", "Terraform", "Docker")),
    posting(company="Initech", role="DevOps Engineer", skills=("Docker", "Kubernetes")),
    posting(company="Initech", role="Backend Engineer", skills=("Docker", "SQL")),
    posting(company="Umbrella", role="ML Engineer", skills=("Rust",)),
    posting(company="Hooli", role="Backend Engineer", skills=("Python", "SQL", "Docker", "Kafka")),
    posting(company="Hooli", role="Data Engineer", skills=("Python", "Spark", "SQL")),
    posting(company=None, role="QA Engineer", skills=("Python", "Docker")),
]

COMPETITORS = """{ companies(first: 100) { nodes { key
  competitors(first: 100, minShared: 1) { company { key } sharedSkills { key } sharedCount weightedJaccard } } } }"""
RELATED = """query($by: RelatedSkillOrder!, $min: Int!, $first: Int! = 100) { skills(first: 100) { nodes { key
  relatedSkills(first: $first, orderBy: $by, minCount: $min) { skill { key } postings lift } } } }"""
SIMILAR = """{ roles(first: 100) { nodes { key
  similarRoles(first: 100, minShared: 1) { role { key } sharedSkills { key } sharedCount weightedJaccard } } } }"""


# -- the expected answers, from the postings ---------------------------------------------------------


def _skills(p: ExtractedPosting) -> set[str]:
    return {hit.skill.key for hit in p.skills}


@dataclass(frozen=True)
class Overlap:
    key: str
    shared: list[str]
    jaccard: float


def _profiles(groups: dict[str, list[set[str]]]) -> dict[str, dict[str, float]]:
    """Each group's PROFILE_SIZE most asked-for skills (ties by key), with their share of its postings."""
    profiles = {}
    for key, postings in groups.items():
        counts = Counter(s for skills in postings for s in skills)
        top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:PROFILE_SIZE]
        profiles[key] = {s: n / len(postings) for s, n in top}
    return profiles


def _overlaps(
    groups: dict[str, list[set[str]]], names: dict[str, str], min_shared: int = 1
) -> dict[str, list[Overlap]]:
    profiles = _profiles(groups)
    answers: dict[str, list[Overlap]] = {}
    for key, mine in profiles.items():
        ranked = []
        for other, theirs in profiles.items():
            shared = sorted(set(mine) & set(theirs))
            if other == key or len(shared) < min_shared:
                continue
            overlap = sum(min(mine[s], theirs[s]) for s in shared)
            jaccard = overlap / (sum(mine.values()) + sum(theirs.values()) - overlap)
            ranked.append((-len(shared), -round(overlap, 9), names[other], Overlap(other, shared, jaccard)))
        answers[key] = [o for *_, o in sorted(ranked, key=lambda r: r[:3])]
    return answers


def _expected_overlaps(postings: Iterable[ExtractedPosting], holder: str) -> dict[str, list[Overlap]]:
    groups: dict[str, list[set[str]]] = {}
    names = {}
    for p in postings:
        entity = getattr(p, holder)
        if entity is not None:
            groups.setdefault(entity.key, []).append(_skills(p))
            names[entity.key] = entity.name
    return _overlaps(groups, names)


def expected_competitors(postings: Iterable[ExtractedPosting]) -> dict[str, list[Overlap]]:
    return _expected_overlaps(postings, "company")


def expected_similar_roles(postings: Iterable[ExtractedPosting]) -> dict[str, list[Overlap]]:
    return _expected_overlaps(postings, "role")


def expected_related(
    postings: list[ExtractedPosting], by: str, min_count: int
) -> dict[str, list[tuple[str, int, float]]]:
    names = {hit.skill.key: hit.skill.name for p in postings for hit in p.skills}
    alone = Counter(s for p in postings for s in _skills(p))
    together = Counter(pair for p in postings for pair in combinations(sorted(_skills(p)), 2))
    related: dict[str, list[tuple[str, int, float]]] = {s: [] for s in alone}
    for (a, b), n in together.items():
        if n >= min_count:
            lift = n * len(postings) / (alone[a] * alone[b])
            related[a].append((b, n, lift))
            related[b].append((a, n, lift))
    for found in related.values():
        found.sort(key=lambda r: (-r[2], -r[1], names[r[0]]) if by == "LIFT" else (-r[1], -r[2], names[r[0]]))
    return related


# -- asking the API ----------------------------------------------------------------------------------


async def _ask(store: GraphStore, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    app = create_app(Settings(demo_on_empty=False), store=store)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as client:
        response = await client.post("/graphql", json={"query": query, "variables": variables or {}})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _answered(body: dict[str, Any], list_name: str, field: str, parent: str) -> dict[str, list[Overlap]]:
    assert "errors" not in body, body
    return {
        node["key"]: [
            Overlap(o[parent]["key"], sorted(s["key"] for s in o["sharedSkills"]), o["weightedJaccard"])
            for o in node[field]
        ]
        for node in body["data"][list_name]["nodes"]
    }


def _assert_same_overlaps(got: dict[str, list[Overlap]], expected: dict[str, list[Overlap]]) -> None:
    assert {k: [(o.key, o.shared) for o in v] for k, v in got.items()} == {
        k: [(o.key, o.shared) for o in v] for k, v in expected.items()
    }
    for key, found in got.items():
        assert [o.jaccard for o in found] == [pytest.approx(o.jaccard, abs=1e-4) for o in expected[key]]


# -- competitors ---------------------------------------------------------------------------------------


async def test_every_companys_competitors_share_skills_ranked_as_worked_out_from_the_postings(
    store: GraphStore,
) -> None:
    await write_batch(store, MARKET)
    body = await _ask(store, COMPETITORS)
    expected = expected_competitors(MARKET)
    assert expected["acme"][0].key == "hooli"  # the market is not trivial
    assert expected["umbrella"] == []
    _assert_same_overlaps(_answered(body, "companies", "competitors", "company"), expected)
    for company in body["data"]["companies"]["nodes"]:
        assert all(c["sharedCount"] == len(c["sharedSkills"]) for c in company["competitors"])


async def test_competitors_of_a_whole_list_of_companies_cost_two_round_trips_as_for_one(store: GraphStore) -> None:
    await write_batch(store, MARKET)
    one = await _ask(store, '{ company(id: "acme") { competitors { company { key } } } }')
    every = await _ask(store, COMPETITORS)
    assert len(every["data"]["companies"]["nodes"]) == 5
    assert one["extensions"]["roundTrips"] == 1 + 2  # the company, then the traversal's two statements
    assert every["extensions"]["roundTrips"] == 1 + 2  # the list, then the same two for all five companies


async def test_fields_under_competitors_cost_one_round_trip_per_level(store: GraphStore) -> None:
    await write_batch(store, MARKET)
    body = await _ask(
        store, "{ companies(first: 10) { nodes { competitors { company { skills(first: 2) { nodes { key } } } } } } }"
    )
    assert "errors" not in body, body
    assert any(c["competitors"] for c in body["data"]["companies"]["nodes"])
    assert body["extensions"]["roundTrips"] == 1 + 2 + 1


async def test_min_shared_and_first_cut_the_competitors(store: GraphStore) -> None:
    await write_batch(store, MARKET)
    body = await _ask(
        store,
        '{ company(id: "acme") { two: competitors(minShared: 2) { company { key } } '
        "one: competitors(first: 1, minShared: 1) { company { key } } } }",
    )
    expected = [o.key for o in expected_competitors(MARKET)["acme"]]
    shared_two = [o.key for o in expected_competitors(MARKET)["acme"] if len(o.shared) >= 2]
    assert [c["company"]["key"] for c in body["data"]["company"]["two"]] == shared_two
    assert [c["company"]["key"] for c in body["data"]["company"]["one"]] == expected[:1]
    assert body["extensions"]["roundTrips"] == 1 + 2 + 2  # different arguments: a traversal each


# -- related skills ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("by", "min_count"), [("COUNT", 1), ("LIFT", 1), ("LIFT", 2)])
@pytest.mark.parametrize("first", [1, 2, 100])
async def test_every_skills_related_skills_come_with_postings_together_and_lift_worked_out_from_the_postings(
    store: GraphStore, by: str, min_count: int, first: int
) -> None:
    # With first 1 the page cuts through ties: SQL and Python each go with Docker in 3 postings (lift
    # decides), Kafka and Spark go with Python at the same lift (postings decide).
    await write_batch(store, MARKET)
    body = await _ask(store, RELATED, {"by": by, "min": min_count, "first": first})
    assert "errors" not in body, body
    expected = {k: v[:first] for k, v in expected_related(MARKET, by, min_count).items()}
    got = {
        s["key"]: [(r["skill"]["key"], r["postings"], r["lift"]) for r in s["relatedSkills"]]
        for s in body["data"]["skills"]["nodes"]
    }
    assert {k: [(s, n) for s, n, _ in v] for k, v in got.items()} == {
        k: [(s, n) for s, n, _ in v] for k, v in expected.items()
    }
    for key, found in got.items():
        assert [lift for *_, lift in found] == [pytest.approx(lift, abs=1e-4) for *_, lift in expected[key]]
    assert body["extensions"]["roundTrips"] == 1 + 2  # the list, the posting total and one batched statement


async def test_related_skills_of_one_skill_cost_the_same_round_trips_as_of_every_skill(store: GraphStore) -> None:
    await write_batch(store, MARKET)
    body = await _ask(store, '{ skill(id: "python") { relatedSkills(first: 2) { skill { key } postings } } }')
    expected = expected_related(MARKET, "COUNT", 1)["python"][:2]
    assert [(r["skill"]["key"], r["postings"]) for r in body["data"]["skill"]["relatedSkills"]] == [
        (s, n) for s, n, _ in expected
    ]
    assert body["extensions"]["roundTrips"] == 1 + 2


# -- similar roles -------------------------------------------------------------------------------------


async def test_similar_roles_of_a_whole_list_of_roles_are_worked_out_and_batched(store: GraphStore) -> None:
    await write_batch(store, MARKET)
    body = await _ask(store, SIMILAR)
    _assert_same_overlaps(_answered(body, "roles", "similarRoles", "role"), expected_similar_roles(MARKET))
    assert len(body["data"]["roles"]["nodes"]) == 5
    assert body["extensions"]["roundTrips"] == 1 + 3  # the list, then the traversal's three statements


# -- the seed and demo postings -----------------------------------------------------------------------


async def _check_against(store: GraphStore, postings: list[ExtractedPosting]) -> None:
    competitors = expected_competitors(postings)
    assert sum(map(len, competitors.values())) >= 2
    body = await _ask(store, COMPETITORS)
    _assert_same_overlaps(_answered(body, "companies", "competitors", "company"), competitors)
    similar = await _ask(store, SIMILAR)
    _assert_same_overlaps(_answered(similar, "roles", "similarRoles", "role"), expected_similar_roles(postings))
    body = await _ask(store, RELATED, {"by": "LIFT", "min": 2, "first": 5})
    related = expected_related(postings, "LIFT", 2)
    got = {
        s["key"]: [(r["skill"]["key"], r["postings"], r["lift"]) for r in s["relatedSkills"]]
        for s in body["data"]["skills"]["nodes"]
    }
    assert sum(map(len, got.values())) >= 2
    assert {k: [(s, n) for s, n, _ in v] for k, v in got.items()} == {
        k: [(s, n) for s, n, _ in v[:5]] for k, v in related.items() if k in got
    }
    for key, found in got.items():
        assert [lift for *_, lift in found] == [pytest.approx(lift, abs=1e-4) for *_, lift in related[key][:5]]


async def test_on_the_seed_postings_the_traversal_fields_match_the_extracted_postings(
    store: GraphStore, seed_path: Path
) -> None:
    await load(store, read_paths([str(seed_path)]))
    await _check_against(store, list(extracted(read_paths([str(seed_path)]), LoadReport())))


async def test_on_the_demo_postings_the_traversal_fields_match_the_extracted_postings(store: GraphStore) -> None:
    await load(store, demo_reads())
    postings = list(extracted(demo_reads(), LoadReport()))
    assert len({p.company.key for p in postings if p.company}) <= 100  # one page of companies holds them all
    assert len({p.role for p in postings}) <= 100  # and of roles; skills: the first page of them is checked
    await _check_against(store, postings)


# -- bad input -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        '{ company(id: "acme") { competitors(first: 101) { sharedCount } } }',
        '{ company(id: "acme") { competitors(first: 0) { sharedCount } } }',
        '{ skill(id: "python") { relatedSkills(first: 101) { postings } } }',
        '{ role(id: "backend-engineer") { similarRoles(first: 101) { sharedCount } } }',
    ],
)
async def test_a_traversal_page_over_the_limit_is_a_bad_user_input(store: GraphStore, query: str) -> None:
    await write_batch(store, MARKET)
    body = await _ask(store, query)
    assert [e["extensions"]["code"] for e in body["errors"]] == ["BAD_USER_INPUT"]
    assert "between 1 and 100" in body["errors"][0]["message"]


async def test_an_unknown_company_or_skill_has_no_traversal_to_answer(store: GraphStore) -> None:
    await write_batch(store, MARKET)
    body = await _ask(
        store,
        '{ company(id: "no-such-co") { competitors { sharedCount } } '
        'skill(id: "no-such-skill") { relatedSkills { postings } } }',
    )
    assert body["data"] == {"company": None, "skill": None}
    assert "errors" not in body
    assert body["extensions"]["roundTrips"] == 2  # both lookups, batched by label; no traversal ran


async def test_a_company_sharing_no_skills_has_no_competitors(store: GraphStore) -> None:
    await write_batch(store, MARKET)
    body = await _ask(store, '{ company(id: "umbrella") { competitors(minShared: 1) { sharedCount } } }')
    assert body["data"]["company"]["competitors"] == []
    assert body["extensions"]["roundTrips"] == 1 + 1  # no candidate: the profiles are not read
