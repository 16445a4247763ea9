"""The README's run command, end to end: `jobgraph serve` on an empty embedded graph, over real HTTP."""

import urllib.request
from collections.abc import Iterator

import pytest

from tests.served import jobgraph_serve, post


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data = tmp_path_factory.mktemp("serve")
    with jobgraph_serve(data) as base:
        yield base
    assert not (data / "redis.pid").exists(), "stopping the service shut the embedded server down"


def test_serving_an_empty_graph_loads_the_demo_postings(served: str) -> None:
    body = post(served, "{ postings { totalCount } companies { totalCount } }")
    assert "errors" not in body, body
    assert body["data"]["postings"]["totalCount"] >= 30
    assert body["data"]["companies"]["totalCount"] >= 10


def test_graphiql_is_served_at_the_graphql_path(served: str) -> None:
    request = urllib.request.Request(f"{served}/graphql", headers={"Accept": "text/html"})
    with urllib.request.urlopen(request, timeout=10) as response:
        page = response.read().decode()
    assert "graphiql" in page.lower()


def test_roles_sharing_skills_answers_on_the_demo_data(served: str) -> None:
    roles = post(served, "{ roles(first: 100) { nodes { id name } } }")["data"]["roles"]["nodes"]
    backend = next(r for r in roles if r["name"].startswith("Backend"))
    body = post(served, f'{{ rolesSharingSkills(role: "{backend["id"]}") {{ role {{ name }} sharedCount }} }}')
    found = body["data"]["rolesSharingSkills"]
    assert found, "some role at another employer shares a skill with a backend role"
    assert all(r["sharedCount"] >= 1 for r in found)
    assert [r["sharedCount"] for r in found] == sorted((r["sharedCount"] for r in found), reverse=True)
