"""Fixtures: a real embedded FalkorDB for the session, and Neo4j when NEO4J_URI is set.

``store`` is parametrised over engines, so every test using it is a contract test that runs on
each engine available; Neo4j is skipped with a visible reason when it is not configured.
"""

import os
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from graph_api.stores.falkordb import FalkorDBStore
from graph_api.stores.neo4j import Neo4jStore
from schema.cypher import Cypher
from schema.store import GraphStore

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED = SHARED / "data" / "seed" / "postings.txt"
GOLD = SHARED / "data" / "seed" / "gold.json"

NEO4J_SKIP = "Neo4j contract tests need NEO4J_URI, NEO4J_USER and NEO4J_PASSWORD"
neo4j_configured = bool(os.environ.get("NEO4J_URI"))

CLEAR = Cypher("clear_graph", "MATCH (n) DETACH DELETE n")


@pytest.fixture(scope="session")
def embedded_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("falkordb")


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def embedded_server(embedded_dir: Path) -> AsyncIterator[FalkorDBStore]:
    """Holds a lease on the session's embedded server, so it stays up between tests."""
    store = await FalkorDBStore.open_embedded(embedded_dir, graph="session")
    yield store
    await store.close()


@pytest_asyncio.fixture(loop_scope="session")
async def falkordb_store(embedded_server: FalkorDBStore, embedded_dir: Path) -> AsyncIterator[FalkorDBStore]:
    """A fresh, empty graph of its own on the session's embedded server."""
    store = await FalkorDBStore.open_embedded(embedded_dir, graph=f"t-{uuid.uuid4().hex[:12]}")
    await store.ensure_schema()
    yield store
    await store.drop_graph()
    await store.close()


@pytest_asyncio.fixture(loop_scope="session")
async def neo4j_store() -> AsyncIterator[Neo4jStore]:
    if not neo4j_configured:
        pytest.skip(NEO4J_SKIP)
    store = await Neo4jStore.open(
        os.environ["NEO4J_URI"],
        os.environ.get("NEO4J_USER", "neo4j"),
        os.environ.get("NEO4J_PASSWORD", ""),
        database=os.environ.get("NEO4J_DATABASE") or None,
    )
    await store.write(CLEAR)
    await store.ensure_schema()
    yield store
    await store.write(CLEAR)
    await store.close()


@pytest.fixture(params=["falkordb", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def store(request: pytest.FixtureRequest) -> GraphStore:
    """An empty graph on each engine: the same contract test runs against both."""
    name = "falkordb_store" if request.param == "falkordb" else "neo4j_store"
    found: GraphStore = request.getfixturevalue(name)
    return found


@pytest.fixture
def seed_path() -> Path:
    if not SEED.exists():
        pytest.skip(f"the seed postings are not at {SEED}")
    return SEED
