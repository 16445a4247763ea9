"""The catalogue's one generated dialect difference: Neo4j's scoped ``CALL (a, b) {`` subqueries."""

import pytest

from schema.cypher import Cypher, scoped_subqueries


@pytest.mark.parametrize(
    ("falkordb", "neo4j"),
    [
        ("CALL { WITH a, b UNWIND $xs AS x RETURN 1 AS one }", "CALL (a, b) { UNWIND $xs AS x RETURN 1 AS one }"),
        ("CALL {\n  WITH key\n  MATCH (n {key: key})", "CALL (key) {\n  MATCH (n {key: key})"),
        ("CALL { UNWIND $rows AS r RETURN count(r) AS n }", "CALL () { UNWIND $rows AS r RETURN count(r) AS n }"),
        ("CALL { WITH * MATCH (n) RETURN n }", "CALL (*) { MATCH (n) RETURN n }"),
        ("MATCH (n) RETURN n", "MATCH (n) RETURN n"),
    ],
)
def test_importing_with_becomes_a_variable_scope_clause_on_neo4j(falkordb: str, neo4j: str) -> None:
    assert scoped_subqueries(falkordb) == neo4j


def test_a_shared_text_with_subqueries_keeps_the_importing_with_on_falkordb_only() -> None:
    entry = Cypher("x", "MATCH (a) CALL { WITH a RETURN a.key AS k } RETURN k")
    assert entry.for_engine("falkordb") == "MATCH (a) CALL { WITH a RETURN a.key AS k } RETURN k"
    assert entry.for_engine("neo4j") == "MATCH (a) CALL (a) { RETURN a.key AS k } RETURN k"


def test_an_explicit_neo4j_variant_is_kept_as_written() -> None:
    entry = Cypher("x", "CALL { WITH a RETURN a }", neo4j="CALL { WITH a RETURN a }")
    assert entry.for_engine("neo4j") == "CALL { WITH a RETURN a }"
