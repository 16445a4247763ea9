"""ingestPostings and deletePosting over HTTP, on a real engine: the API key, the report, idempotence."""

import asyncio
from typing import Any

import httpx
import pytest

from graph_api.app import create_app
from graph_api.gql.mutations import write_lock
from graph_api.settings import Settings
from schema.store import GraphStore

KEY = "test-key-0123456789"
AUTH = {"Authorization": f"Bearer {KEY}"}

INGEST = """
mutation Ingest($postings: [PostingInput!]!) {
  ingestPostings(postings: $postings) {
    received created updated unchanged
    rejected { index reason }
    ids
  }
}
"""
DELETE = "mutation Delete($id: ID!) { deletePosting(id: $id) }"
POSTING = """
query Posting($id: ID!) {
  posting(id: $id) { title company { name } source { path } skills { skill { name } } }
}
"""

BACKEND = {
    "id": "b-1",
    "title": "Backend Engineer",
    "company": "Acme Logistics",
    "location": "Austin, TX",
    "description": "<p>Build Go services on <b>PostgreSQL</b> and Kafka.</p>",
    "datePosted": "2026-09-14",
    "employmentType": "Full-time",
    "url": "https://jobs.example.com/acme/b-1",
    "skills": ["Terraform"],
    "industry": "Logistics",
}
DATA = {"id": "d-1", "title": "Data Engineer", "company": "Globex", "description": "Spark and Python pipelines."}


async def _ask(
    store: GraphStore,
    query: str,
    variables: dict[str, Any],
    *,
    headers: dict[str, str] | None = None,
    **settings: Any,
) -> Any:
    settings = {"demo_on_empty": False, "api_key": KEY, **settings}
    app = create_app(Settings(**settings), store=store)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as client:
        response = await client.post("/graphql", json={"query": query, "variables": variables}, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


async def _ingest(store: GraphStore, *postings: dict[str, Any], **settings: Any) -> Any:
    return await _ask(store, INGEST, {"postings": list(postings)}, headers=AUTH, **settings)


async def _postings(store: GraphStore) -> int:
    body = await _ask(store, "{ postings { totalCount } }", {})
    count: int = body["data"]["postings"]["totalCount"]
    return count


def _code(body: dict[str, Any]) -> str:
    code: str = body["errors"][0]["extensions"]["code"]
    return code


# -- who may mutate ----------------------------------------------------------------------------------


async def test_with_no_api_key_configured_mutations_are_disabled_and_say_so(store: GraphStore) -> None:
    body = await _ask(store, INGEST, {"postings": [DATA]}, headers=AUTH, api_key=None)
    assert body["data"] is None
    assert _code(body) == "FORBIDDEN"
    assert "JOBGRAPH_API_KEY" in body["errors"][0]["message"]
    assert await _postings(store) == 0


@pytest.mark.parametrize(
    "headers",
    [
        pytest.param(None, id="no header"),
        pytest.param({"Authorization": "Bearer wrong-key"}, id="wrong key"),
        pytest.param({"Authorization": f"Basic {KEY}"}, id="not a bearer token"),
        pytest.param({"Authorization": "Bearer "}, id="empty token"),
    ],
)
async def test_a_mutation_without_the_right_key_is_unauthenticated(
    store: GraphStore, headers: dict[str, str] | None
) -> None:
    body = await _ask(store, INGEST, {"postings": [DATA]}, headers=headers)
    assert _code(body) == "UNAUTHENTICATED"
    assert "Authorization: Bearer" in body["errors"][0]["message"]
    assert await _postings(store) == 0


async def test_a_blank_api_key_setting_disables_mutations_rather_than_accepting_a_blank_token(
    store: GraphStore,
) -> None:
    body = await _ask(store, DELETE, {"id": "x"}, headers={"Authorization": "Bearer "}, api_key="  ")
    assert _code(body) == "FORBIDDEN"


async def test_the_bearer_scheme_is_matched_case_insensitively(store: GraphStore) -> None:
    body = await _ask(store, DELETE, {"id": "nothing"}, headers={"Authorization": f"bearer {KEY}"})
    assert body == {"data": {"deletePosting": False}, "extensions": body["extensions"]}


# -- ingestPostings ----------------------------------------------------------------------------------


async def test_ingested_postings_are_extracted_into_the_graph(store: GraphStore) -> None:
    body = await _ingest(store, BACKEND, DATA)
    report = body["data"]["ingestPostings"]
    assert {k: report[k] for k in ("received", "created", "updated", "unchanged", "rejected")} == {
        "received": 2,
        "created": 2,
        "updated": 0,
        "unchanged": 0,
        "rejected": [],
    }
    found = await _ask(store, POSTING, {"id": report["ids"][0]})
    posting = found["data"]["posting"]
    assert posting["title"] == "Backend Engineer"
    assert posting["company"] == {"name": "Acme Logistics"}
    assert posting["source"] == {"path": "graphql"}
    skills = {s["skill"]["name"] for s in posting["skills"]}
    assert {"PostgreSQL", "Apache Kafka", "Go"} <= skills  # found in the description (HTML converted)
    assert "Terraform" in skills  # listed by the source though the description never names it


async def test_ingesting_the_same_postings_again_changes_nothing(store: GraphStore) -> None:
    first = (await _ingest(store, BACKEND, DATA))["data"]["ingestPostings"]
    again = (await _ingest(store, BACKEND, DATA))["data"]["ingestPostings"]
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 2)
    assert again["ids"] == first["ids"]
    assert await _postings(store) == 2


async def test_a_posting_sent_again_with_changes_is_updated_in_place(store: GraphStore) -> None:
    first = (await _ingest(store, BACKEND))["data"]["ingestPostings"]
    changed = (await _ingest(store, {**BACKEND, "title": "Senior Backend Engineer"}))["data"]["ingestPostings"]
    assert (changed["created"], changed["updated"], changed["unchanged"]) == (0, 1, 0)
    posting = (await _ask(store, POSTING, {"id": first["ids"][0]}))["data"]["posting"]
    assert posting["title"] == "Senior Backend Engineer"
    assert await _postings(store) == 1


async def test_a_posting_with_neither_title_nor_description_is_rejected_by_index_and_the_rest_load(
    store: GraphStore,
) -> None:
    body = await _ingest(store, DATA, {"id": "empty", "company": "Nobody Inc"}, BACKEND)
    report = body["data"]["ingestPostings"]
    assert report["rejected"] == [{"index": 1, "reason": "a posting needs a title or a description"}]
    assert (report["received"], report["created"], len(report["ids"])) == (3, 2, 2)
    assert await _postings(store) == 2


async def test_an_ingest_waits_while_another_write_holds_the_stores_write_lock(store: GraphStore) -> None:
    # Two writes touching the same posting must not interleave (each would apply its aggregate deltas).
    app = create_app(Settings(demo_on_empty=False, api_key=KEY), store=store)
    request = {"query": INGEST, "variables": {"postings": [BACKEND]}}
    await _ingest(store, DATA)  # the extractor's dictionaries are loaded: what follows takes milliseconds
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as client:
        async with write_lock(store):
            pending = asyncio.create_task(client.post("/graphql", json=request, headers=AUTH))
            await asyncio.sleep(0.5)  # ample time to extract and write one posting
            assert not pending.done()
            assert await _postings(store) == 1
        response = await pending
    assert response.json()["data"]["ingestPostings"]["created"] == 1


async def test_more_postings_than_one_call_may_carry_are_refused_whole(store: GraphStore) -> None:
    body = await _ingest(store, BACKEND, DATA, {**DATA, "id": "d-2"}, max_ingest=2)
    assert body["data"] is None
    assert _code(body) == "BAD_USER_INPUT"
    assert "at most 2 postings" in body["errors"][0]["message"]
    assert body["extensions"]["roundTrips"] == 0
    assert await _postings(store) == 0


# -- deletePosting -----------------------------------------------------------------------------------


async def test_a_deleted_posting_is_gone_and_deleting_it_again_reports_false(store: GraphStore) -> None:
    ids = (await _ingest(store, BACKEND, DATA))["data"]["ingestPostings"]["ids"]
    deleted = await _ask(store, DELETE, {"id": ids[0]}, headers=AUTH)
    assert deleted["data"] == {"deletePosting": True}
    assert (await _ask(store, POSTING, {"id": ids[0]}))["data"]["posting"] is None
    assert await _postings(store) == 1
    again = await _ask(store, DELETE, {"id": ids[0]}, headers=AUTH)
    assert again["data"] == {"deletePosting": False}


async def test_a_posting_can_be_deleted_by_its_plain_key(store: GraphStore) -> None:
    await _ingest(store, DATA)
    deleted = await _ask(store, DELETE, {"id": "graphql#d-1"}, headers=AUTH)
    assert deleted["data"] == {"deletePosting": True}
    assert await _postings(store) == 0


async def test_deleting_with_the_id_of_another_type_is_bad_user_input(store: GraphStore) -> None:
    await _ingest(store, DATA)
    skills = await _ask(store, "{ skills(first: 1) { nodes { id } } }", {})
    skill_id = skills["data"]["skills"]["nodes"][0]["id"]
    body = await _ask(store, DELETE, {"id": skill_id}, headers=AUTH)
    assert _code(body) == "BAD_USER_INPUT"
    assert await _postings(store) == 1
