"""Every statement jobgraph runs on Neo4j passes Neo4j's own Cypher front end (``scripts/lint_cypher.py``).

Skipped, with the reason, where node or the linter (``npm ci --prefix tools/cypher-lint``) is missing.
Statements that linted clean under the same linter are remembered in pytest's cache, so a run lints
only what changed (a full lint takes a minute or two).
"""

import pytest

from scripts import lint_cypher
from scripts.lint_cypher import Statement

CLEAN = "jobgraph/cypher-lint-clean"
#: Removed in Neo4j 5 (``exists(n.prop)``) and deprecated (``id()``): the linter must flag it.
KNOWN_BAD = Statement("known bad", "MATCH (n) WHERE exists(n.key) RETURN id(n) AS i")


def test_every_statement_for_neo4j_passes_neo4js_cypher_front_end(request: pytest.FixtureRequest) -> None:
    missing = lint_cypher.linter_ready()
    if missing:
        pytest.skip(f"Neo4j's Cypher linter is not available: {missing}")
    statements = lint_cypher.collect()
    wheres = " ".join(s.where for s in statements)
    for source in ("graph_api.reads", "loaders.writer", "stores.ddl", "pages.ListQuery", "sent", "docs/", "tests/"):
        assert source in wheres, f"no statement collected from {source}"
    cache = request.config.cache
    clean = set(cache.get(CLEAN, [])) if cache is not None else set()
    todo = [s for s in statements if lint_cypher.fingerprint(s.text) not in clean]
    findings = lint_cypher.lint([KNOWN_BAD, *todo])
    assert [f["where"] for f in findings[:1]] == ["known bad"], "the linter no longer flags what Neo4j 5 rejects"
    assert [(f["where"], f["text"], f["diagnostics"]) for f in findings[1:]] == []
    if cache is not None:
        cache.set(CLEAN, sorted(clean | {lint_cypher.fingerprint(s.text) for s in todo}))
