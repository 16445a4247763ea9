"""Loading the seed postings into a real graph, on every engine."""

import json
from pathlib import Path

from graph_api.reads.nodes import count_nodes
from loaders.load import load
from loaders.readers import read_paths
from schema.cypher import Cypher
from schema.store import GraphStore
from tests.conftest import GOLD

COMPANIES = Cypher("companies", "MATCH (c:Company) RETURN c.name AS name ORDER BY name")
RELS = Cypher("rels", "MATCH ()-[r]->() RETURN type(r) AS type, count(r) AS n ORDER BY type")


async def test_loading_the_seed_yields_eleven_postings_and_the_named_companies(
    store: GraphStore, seed_path: Path
) -> None:
    report = await load(store, read_paths([str(seed_path)]))
    assert (report.read, report.new, report.rejected) == (11, 11, [])
    counts = await count_nodes(store)
    assert counts["Posting"] == 11
    gold = {p["company"] for p in json.loads(GOLD.read_text())["postings"] if p["company"]}
    names = {row["name"] for row in await store.read(COMPANIES)}
    assert gold <= names


async def test_reloading_the_same_file_creates_no_duplicates(store: GraphStore, seed_path: Path) -> None:
    await load(store, read_paths([str(seed_path)]))
    nodes_before, rels_before = await count_nodes(store), await store.read(RELS)
    report = await load(store, read_paths([str(seed_path)]))
    assert (report.new, report.updated, report.unchanged) == (0, 0, 11)
    assert await count_nodes(store) == nodes_before
    assert await store.read(RELS) == rels_before


async def test_the_seed_skills_named_in_the_gold_file_are_in_the_graph(store: GraphStore, seed_path: Path) -> None:
    await load(store, read_paths([str(seed_path)]))
    skills = {row["name"] for row in await store.read(Cypher("skills", "MATCH (s:Skill) RETURN s.name AS name"))}
    must = {s for p in json.loads(GOLD.read_text())["postings"] for s in p["skills_must"]}
    assert must - skills == set()
