"""`jobgraph copy` and `jobgraph migrate`: whole graphs between engines, schema and aggregates.

The copy contract test moves the demo graph from an embedded FalkorDB graph into each configured
engine (so embedded -> Neo4j runs whenever NEO4J_URI is set); the CLI tests copy between two graphs
of the session's embedded server and check the report, idempotency and the refusals.
"""

import json
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio
from click.testing import CliRunner, Result

from graph_api.cli import main
from graph_api.demo import demo_reads
from graph_api.stores.falkordb import FalkorDBStore
from graph_api.transfer import (
    TransferError,
    aggregate_problems,
    copy_graph,
    key_pages,
    migrate,
    same_graph,
    settings_for,
)
from loaders.load import load
from schema.cypher import Cypher
from schema.store import GraphStore

NODES = Cypher("dump_nodes", "MATCH (n) RETURN labels(n) AS labels, properties(n) AS props")
RELS = Cypher(
    "dump_rels",
    "MATCH (a)-[r]->(b) RETURN labels(a)[0] AS a, a.key AS ak, type(r) AS t, b.key AS bk, properties(r) AS p",
)
AGGREGATES = Cypher(
    "dump_aggregates",
    "MATCH (a)-[e:ROLE_SKILL|COMPANY_SKILL|COMPANY_ROLE|TYPICAL_SKILL]->(b) "
    "RETURN type(e) AS t, a.key AS a, b.key AS b, e.postings AS n ORDER BY t, a, b",
)


async def dump(store: GraphStore) -> tuple[list[str], list[str]]:
    """Every node and relationship, as sorted JSON: engine-independent, id-free."""
    nodes = sorted(json.dumps(row, sort_keys=True) for row in await store.read(NODES))
    rels = sorted(json.dumps(row, sort_keys=True) for row in await store.read(RELS))
    return nodes, rels


@pytest_asyncio.fixture(loop_scope="session")
async def demo_source(embedded_server: FalkorDBStore, embedded_dir: Path) -> AsyncIterator[FalkorDBStore]:
    """A graph of the session's embedded server holding the demo postings."""
    store = await FalkorDBStore.open_embedded(embedded_dir, graph=f"src-{uuid.uuid4().hex[:12]}")
    await store.ensure_schema()
    await load(store, demo_reads())
    yield store
    await store.drop_graph()
    await store.close()


async def test_copy_moves_every_node_and_relationship_into_each_engine_idempotently(
    store: GraphStore, demo_source: FalkorDBStore
) -> None:
    report = await copy_graph(demo_source, store, batch_size=5)  # many pages, several key pages per label
    assert report.ok, report.mismatches()
    assert report.nodes["Posting"].source == report.nodes["Posting"].target > 30
    assert report.relationships["REQUIRES"].written == report.relationships["REQUIRES"].source > 100
    assert {"ROLE_SKILL", "COMPANY_SKILL", "COMPANY_ROLE", "TYPICAL_SKILL"} <= set(report.relationships)
    source_dump = await dump(demo_source)
    assert await dump(store) == source_dump, "same nodes, properties and relationships on both sides"

    again = await copy_graph(demo_source, store, batch_size=1000)
    assert again.ok
    assert {k: t.target for k, t in again.nodes.items()} == {k: t.target for k, t in report.nodes.items()}
    assert await dump(store) == source_dump, "a second copy creates no duplicates"

    skill = await store.read(
        Cypher(
            "python", "MATCH (s:Skill {key: 'python'}) RETURN s.name AS name, s.category AS category, s.postings AS n"
        )
    )
    assert skill == [{"name": "Python", "category": "Programming Language", "n": skill[0]["n"]}]
    assert skill[0]["n"] > 5
    profile = await store.read(
        Cypher(
            "profile",
            "MATCH (:Role {key: 'backend-engineer'})-[t:TYPICAL_SKILL]->(s:Skill) RETURN s.key AS s, t.rank AS rank "
            "ORDER BY rank",
        )
    )
    assert [row["rank"] for row in profile] == list(range(1, len(profile) + 1))


async def test_key_pages_walk_every_key_once_in_order(store: GraphStore, demo_source: FalkorDBStore) -> None:
    await copy_graph(demo_source, store)
    pages = [page async for page in key_pages(store, "Skill", 7)]
    keys = [key for page in pages for key in page]
    assert len(pages) > 10
    assert all(len(page) == 7 for page in pages[:-1])
    assert keys == sorted(keys)
    assert (
        len(keys) == len(set(keys)) == (await store.read(Cypher("n", "MATCH (s:Skill) RETURN count(s) AS n")))[0]["n"]
    )


async def test_copy_refuses_a_node_it_cannot_address(store: GraphStore, demo_source: FalkorDBStore) -> None:
    await demo_source.write(Cypher("keyless", "CREATE (:Note {text: 'no key'})"))
    try:
        with pytest.raises(TransferError, match="one label and a key"):
            await copy_graph(demo_source, store)
    finally:
        await demo_source.write(Cypher("unkeyless", "MATCH (n:Note) DELETE n"))


async def test_migrate_finds_missing_aggregates_and_rebuilds_them_on_each_engine(store: GraphStore) -> None:
    await load(store, demo_reads())
    before = await store.read(AGGREGATES)
    assert await aggregate_problems(store) == []
    await store.write(Cypher("drop_role_skill", "MATCH ()-[e:ROLE_SKILL]->() DELETE e"))
    await store.write(Cypher("drop_counts", "MATCH (c:Company) REMOVE c.postings"))
    problems = await aggregate_problems(store)
    assert any("ROLE_SKILL" in p for p in problems)
    assert any("Company" in p for p in problems)
    report = await migrate(store)
    assert report.rebuilt
    assert await aggregate_problems(store) == []
    assert await store.read(AGGREGATES) == before
    assert not (await migrate(store)).rebuilt


# -- the commands -------------------------------------------------------------------------------


@pytest.fixture
def env(embedded_dir: Path, embedded_server: object) -> dict[str, str]:
    return {"JOBGRAPH_GRAPH_URL": f"embedded://{embedded_dir}", "JOBGRAPH_GRAPH_NAME": f"op-{uuid.uuid4().hex[:8]}"}


def run(env: dict[str, str], *args: str) -> Result:
    return CliRunner().invoke(main, list(args), env=env)


def count(env: dict[str, str], graph: str, query: str) -> object:
    result = run({**env, "JOBGRAPH_GRAPH_NAME": graph}, "cypher", "--format", "json", query)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_copy_command_copies_reports_and_verifies_and_is_idempotent(
    demo_source: FalkorDBStore, embedded_dir: Path, env: dict[str, str]
) -> None:
    target = f"dst-{uuid.uuid4().hex[:8]}"
    url = f"embedded://{embedded_dir}"
    args = ["copy", "--from", url, "--from-graph", demo_source.graph_name, "--to", url, "--to-graph", target]
    first = run(env, *args)
    assert first.exit_code == 0, first.output
    assert "verified: the target's counts match the source" in first.stdout
    assert "Posting" in first.stdout
    assert "REQUIRES" in first.stdout

    second = run(env, *args, "--json")
    assert second.exit_code == 0, second.output
    report = json.loads(second.stdout)
    assert report["verified"] is True
    assert report["nodes"]["Posting"]["source"] == report["nodes"]["Posting"]["target"] > 30
    per_label = count(env, target, "MATCH (n) RETURN labels(n)[0] AS label, count(n) AS n ORDER BY label")
    assert per_label == [{"label": label, "n": tally["target"]} for label, tally in sorted(report["nodes"].items())], (
        "the second run added nothing"
    )
    keys = count(env, target, "MATCH (p:Posting) RETURN p.key AS k, count(p) AS n ORDER BY n DESC LIMIT 1")
    assert keys[0]["n"] == 1  # type: ignore[index]


def test_copy_command_refuses_to_copy_a_graph_onto_itself(embedded_dir: Path, env: dict[str, str]) -> None:
    url = f"embedded://{embedded_dir}"
    result = run(env, "copy", "--from", url, "--to", url)
    assert result.exit_code != 0
    assert "the same graph" in result.stderr


def test_copy_command_reports_an_unknown_url_scheme(env: dict[str, str]) -> None:
    result = run(env, "copy", "--from", "ftp://nowhere", "--to", "embedded://")
    assert result.exit_code != 0
    assert "unknown scheme" in result.stderr


def test_same_graph_compares_what_addresses_a_graph(tmp_path: Path) -> None:
    a = settings_for(f"embedded://{tmp_path}", "one")
    assert same_graph(a, settings_for(f"embedded://{tmp_path}/", "one"))
    assert not same_graph(a, settings_for(f"embedded://{tmp_path}", "two"))
    assert not same_graph(a, settings_for("bolt://localhost:7687"))


def test_migrate_command_applies_the_schema_and_rebuilds_only_what_is_missing(
    demo_source: FalkorDBStore, embedded_dir: Path, env: dict[str, str]
) -> None:
    empty = run(env, "migrate")
    assert empty.exit_code == 0, empty.output
    assert "unique keys" in empty.stdout
    assert "nothing to do" in empty.stdout

    url = f"embedded://{embedded_dir}"
    copied = run(env, "copy", "--from", url, "--from-graph", demo_source.graph_name, "--to", url)
    assert copied.exit_code == 0, copied.output
    present = run(env, "migrate")
    assert "present and consistent" in present.stdout

    dropped = run(env, "cypher", "--write", "MATCH ()-[e:COMPANY_ROLE]->() DELETE e RETURN count(e) AS n")
    assert dropped.exit_code == 0, dropped.output
    rebuilt = run(env, "migrate")
    assert "aggregates: rebuilt" in rebuilt.stdout
    assert "COMPANY_ROLE" in rebuilt.stdout
    assert count(env, env["JOBGRAPH_GRAPH_NAME"], "MATCH ()-[e:COMPANY_ROLE]->() RETURN count(e) > 0 AS ok") == [
        {"ok": True}
    ]

    forced = run(env, "migrate", "--rebuild")
    assert "--rebuild given" in forced.stdout
