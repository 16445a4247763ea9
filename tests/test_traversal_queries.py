"""competitors, related_skills and rolesSharingSkills' employer check on small graphs worked out by hand.

    P1  Acme      Python, SQL, Docker
    P2  Acme      Python, Kafka
    P3  Globex    Python, SQL
    P4  Initech   Docker, Kubernetes
    P5  Initech   Docker, SQL
    P6  Umbrella  Rust
    P7  Hooli     Python, SQL, Docker, Kafka

Company profiles (share of the company's postings asking for the skill; weight = their sum):
Acme Python 1, SQL .5, Docker .5, Kafka .5 (2.5); Globex Python 1, SQL 1 (2); Initech Docker 1,
Kubernetes .5, SQL .5 (2); Umbrella Rust 1 (1); Hooli all four at 1 (4).

Skills over the 7 postings: Python 4, SQL 4, Docker 4, Kafka 2, Kubernetes 1, Rust 1.
"""

import pytest

from graph_api.reads.cooccurrence import related_skills
from graph_api.reads.explore import shortest_path
from graph_api.reads.traversals import competitors, roles_sharing_skills
from loaders.writer import write_batch
from schema.graph import Label
from schema.store import GraphStore
from tests.factories import posting


async def _market(store: GraphStore) -> None:
    await write_batch(
        store,
        [
            posting(company="Acme", skills=("Python", "SQL", "Docker")),
            posting(company="Acme", skills=("Python", "Kafka")),
            posting(company="Globex", skills=("Python", "SQL")),
            posting(company="Initech", skills=("Docker", "Kubernetes")),
            posting(company="Initech", skills=("Docker", "SQL")),
            posting(company="Umbrella", skills=("Rust",)),
            posting(company="Hooli", skills=("Python", "SQL", "Docker", "Kafka")),
        ],
    )


async def test_competitors_are_ranked_by_shared_skills_then_overlap(store: GraphStore) -> None:
    # Hooli shares all 4 (overlap 1 + .5 + .5 + .5 = 2.5, Jaccard 2.5 / (2.5 + 4 - 2.5) = .625).
    # Globex shares Python, SQL (overlap 1 + .5 = 1.5, Jaccard 1.5 / (2.5 + 2 - 1.5) = .5).
    # Initech shares SQL, Docker (overlap .5 + .5 = 1, Jaccard 1 / (2.5 + 2 - 1) = 2/7). Umbrella: nothing.
    await _market(store)
    found = await competitors(store, "acme")
    assert [(c.company.get("name"), [s.get("name") for s in c.shared_skills]) for c in found] == [
        ("Hooli", ["Docker", "Kafka", "Python", "SQL"]),
        ("Globex", ["Python", "SQL"]),
        ("Initech", ["Docker", "SQL"]),
    ]
    assert [c.weighted_jaccard for c in found] == [
        pytest.approx(0.625),
        pytest.approx(0.5),
        pytest.approx(1 / 3.5),
    ]
    assert found[0].company.get("postings") == 1


async def test_competitors_honour_min_shared_and_first(store: GraphStore) -> None:
    await _market(store)
    assert [c.company.key for c in await competitors(store, "acme", min_shared=3)] == ["hooli"]
    assert [c.company.key for c in await competitors(store, "acme", 2)] == ["hooli", "globex"]
    assert [c.company.key for c in await competitors(store, "umbrella", min_shared=1)] == []
    assert await competitors(store, "no-such-company") == []


async def test_related_skills_count_postings_together_and_lift(store: GraphStore) -> None:
    # With Python (4 of 7 postings): SQL in 3 (lift 3*7 / (4*4) = 1.3125), Kafka in 2 (2*7 / (4*2) = 1.75),
    # Docker in 2 (2*7 / (4*4) = .875). Kafka and Docker tie on postings: the higher lift goes first.
    await _market(store)
    found = await related_skills(store, "python")
    assert [(r.skill.get("name"), r.postings) for r in found] == [("SQL", 3), ("Kafka", 2), ("Docker", 2)]
    assert [r.lift for r in found] == [pytest.approx(1.3125), pytest.approx(1.75), pytest.approx(0.875)]
    assert found[0].skill.get("postings") == 4


async def test_related_skills_by_lift_and_with_a_minimum_count(store: GraphStore) -> None:
    await _market(store)
    by_lift = await related_skills(store, "python", by="lift")
    assert [r.skill.key for r in by_lift] == ["kafka", "sql", "docker"]
    assert [r.skill.key for r in await related_skills(store, "python", min_count=3)] == ["sql"]
    assert [r.skill.key for r in await related_skills(store, "python", 1)] == ["sql"]
    assert await related_skills(store, "rust") == []
    assert await related_skills(store, "no-such-skill") == []


async def test_related_skills_follow_a_changed_posting(store: GraphStore) -> None:
    first = posting(skills=("Python", "SQL"))
    await write_batch(store, [first, posting(skills=("Python", "Go"))])
    await write_batch(
        store, [first.model_copy(update={"skills": posting(skills=("Python",)).skills, "content_hash": "v2"})]
    )
    assert [(r.skill.key, r.postings) for r in await related_skills(store, "python")] == [("go", 1)]


async def test_a_role_is_found_through_an_employer_outside_its_employer_sample(store: GraphStore) -> None:
    # Platform Engineer has 21 employers: ten big (3 postings each), Middle Co (2) and ten small (1).
    # Its sample (its 10 biggest and 10 smallest) all post SRE; only Middle Co, outside the sample,
    # does not: Platform Engineer is across employers through it, found by the scan.
    # Build Engineer's employers (three of the big ones) all post SRE: it is not.
    big, small = [f"Big {i:02d}" for i in range(10)], [f"Small {i:02d}" for i in range(10)]
    skills = ("Go", "Kubernetes", "Terraform")
    await write_batch(
        store,
        [
            *(posting(role="SRE", company=c, skills=skills) for c in big + small),
            *(posting(role="Platform Engineer", company=c, skills=skills) for c in big for _ in range(3)),
            *(posting(role="Platform Engineer", company="Middle Co", skills=skills) for _ in range(2)),
            *(posting(role="Platform Engineer", company=c, skills=skills) for c in small),
            *(posting(role="Build Engineer", company=c, skills=skills) for c in big[:3]),
        ],
    )
    found = await roles_sharing_skills(store, "sre")
    assert [(r.role.get("name"), [e.get("name") for e in r.employers]) for r in found] == [
        ("Platform Engineer", ["Middle Co"])
    ]
    everyone = await roles_sharing_skills(store, "sre", across_employers=False)
    assert [(r.role.get("name"), r.shared_count, len(r.employers)) for r in everyone] == [
        ("Build Engineer", 3, 0),
        ("Platform Engineer", 3, 1),
    ]


async def test_employers_named_come_from_both_ends_of_the_roles_employer_sample(store: GraphStore) -> None:
    # Data Engineer has 22 employers: Big 00-10 (2 postings each; Big 00-04 also post Analyst) and
    # Small 00-10 (1 each; Small 00-04 also post Analyst). Its sample: Big 00-09 and Small 01-10 (the
    # ten smallest by postings, ties by key). Not posting Analyst, biggest first: Big 05-09, then
    # Small 05-10 from the smallest up, ten in all.
    big, small = [f"Big {i:02d}" for i in range(11)], [f"Small {i:02d}" for i in range(11)]
    await write_batch(
        store,
        [
            *(posting(role="Analyst", company=c, skills=("SQL", "Python")) for c in big[:5] + small[:5]),
            *(posting(role="Data Engineer", company=c, skills=("SQL", "Python")) for c in big for _ in range(2)),
            *(posting(role="Data Engineer", company=c, skills=("SQL", "Python")) for c in small),
        ],
    )
    found = await roles_sharing_skills(store, "analyst")
    assert [r.role.key for r in found] == ["data-engineer"]
    assert [e.get("name") for e in found[0].employers] == [
        *(f"Big {i:02d}" for i in range(5, 10)),
        *(f"Small {i:02d}" for i in (6, 7, 8, 9, 10)),
    ]


async def test_employers_named_are_the_roles_biggest_ones_that_do_not_post_the_asked_role(store: GraphStore) -> None:
    # Data Engineer's employers: Alpha (3 postings), Beta (2), Gamma (1); Alpha also posts Analyst.
    await write_batch(
        store,
        [
            posting(role="Analyst", company="Alpha", skills=("SQL", "Python")),
            *(posting(role="Data Engineer", company="Alpha", skills=("SQL", "Python")) for _ in range(3)),
            *(posting(role="Data Engineer", company="Beta", skills=("SQL", "Python")) for _ in range(2)),
            posting(role="Data Engineer", company="Gamma", skills=("SQL", "Python")),
        ],
    )
    found = await roles_sharing_skills(store, "analyst")
    assert [(r.role.key, [e.key for e in r.employers]) for r in found] == [("data-engineer", ["beta", "gamma"])]
    assert found[0].weighted_jaccard == pytest.approx(1.0)


async def test_a_path_is_the_shortest_within_max_hops_and_no_node_has_a_path_to_itself(store: GraphStore) -> None:
    await _market(store)
    assert await shortest_path(store, Label.SKILL, "kafka", Label.SKILL, "kubernetes", 1) is None
    found = await shortest_path(store, Label.SKILL, "kafka", Label.SKILL, "kubernetes", 4)
    assert found is not None
    assert [n.key for n in found.nodes][::2] == ["kafka", "kubernetes"]  # through one node: the role or a company
    assert len(found.steps) == 2
    # Neo4j's shortestPath refuses a path from a node to itself (status 51N23); both engines answer none.
    assert await shortest_path(store, Label.SKILL, "rust", Label.SKILL, "rust", 4) is None
