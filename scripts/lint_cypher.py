"""Check every Cypher statement jobgraph would run on Neo4j 5 with Neo4j's own Cypher front end.

Usage::

    npm ci --prefix tools/cypher-lint      # once: Neo4j's language support (its semantic analysis is
                                           # Neo4j's Java Cypher front end compiled to JavaScript)
    python scripts/lint_cypher.py [--list]

Python collects the statements, each in its Neo4j text (``Cypher.for_engine("neo4j")``): every
``Cypher`` held by a module of schema/, loaders/, graph_api/ and bench/ (in dicts, lists and the
properties of their objects), the statements the builders make (paths, pages, copy), the ones
migrate/copy/search send (captured by a store that records and answers no rows), the Neo4j DDL, the
``cypher`` blocks of docs/analytics.md and the Cypher literals of tests/. ``tools/cypher-lint/lint.mjs``
lints them as CYPHER 5; every error and every warning (deprecations included) is a finding, and
the script exits 1 when there is any. ``--list`` prints the statements without linting them.
"""

from __future__ import annotations

import ast
import asyncio
import hashlib
import importlib
import json
import pkgutil
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
LINTER = ROOT / "tools" / "cypher-lint"
PACKAGES = ("schema", "loaders", "graph_api", "bench")
#: Modules whose statements only ever run on FalkorDB.
FALKORDB_ONLY = {"graph_api.stores.falkordb", "graph_api.stores.embedded_server"}
#: Test literals that are wrong on purpose (the tests check that the engines reject them), or fragments.
NOT_STATEMENTS = {"MATCH (n RETURN n", "RETURN 1 ;;", "CALL (x) {", r"CALL\s*\(", "RETURN", "MATCH (n:"}
_CLAUSE = re.compile(r"\s*(MATCH|OPTIONAL MATCH|CREATE|MERGE|UNWIND|CALL|RETURN|WITH|SHOW)\b")


@dataclass(frozen=True, slots=True)
class Statement:
    where: str
    text: str


def linter_ready() -> str | None:
    """None when node and the npm package are installed, else what is missing."""
    if shutil.which("node") is None:
        return "node is not installed"
    if not (LINTER / "node_modules" / "@neo4j-cypher" / "language-support").is_dir():
        return "the linter is not installed: npm ci --prefix tools/cypher-lint"
    return None


def _held(value: Any, where: str, seen: dict[int, Any]) -> Iterator[Statement]:
    from schema.cypher import Cypher

    if id(value) in seen:
        return
    seen[id(value)] = value  # kept alive: a property's fresh value must not free its id for the next one
    if isinstance(value, Cypher):
        yield Statement(f"{where} ({value.name})", value.for_engine("neo4j"))
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from _held(item, f"{where}[{key}]", seen)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _held(item, where, seen)
    elif type(value).__module__.split(".")[0] in PACKAGES:
        for name, attr in vars(type(value)).items():
            if isinstance(attr, property):
                yield from _held(getattr(value, name), f"{where}.{name}", seen)


def _module_statements() -> Iterator[Statement]:
    seen: dict[int, Any] = {}
    for package in PACKAGES:
        root = importlib.import_module(package)
        for info in pkgutil.walk_packages(root.__path__, f"{package}."):
            if info.name in FALKORDB_ONLY or info.name.endswith("__main__"):
                continue
            module = importlib.import_module(info.name)
            for name, value in vars(module).items():
                yield from _held(value, f"{info.name}.{name}", seen)


def _built_statements() -> Iterator[Statement]:
    from graph_api import transfer
    from graph_api.reads import explore, pages
    from schema.graph import Label, Rel

    for a, b in ((Label.SKILL, Label.SKILL), (Label.COMPANY, Label.LOCATION)):
        for hops in (1, explore.MAX_HOPS):
            q = explore.path_query(a, b, hops)
            yield Statement(f"explore.path_query ({q.name})", q.for_engine("neo4j"))
    # Builders fill one template with identifiers from our enums: each shape once is enough.
    for label in Label:
        table = pages.POSTING_FILTERS if label == Label.POSTING else pages.NODE_FILTERS
        for order in pages.Order:
            for skills in ((), ("go", "rust")) if label == Label.POSTING else ((),):
                query = pages.ListQuery(label, order, dict.fromkeys(table, "x"), skills)
                shapes = [(None, False), (["x", "k"], False), (["x", "k"], True)] if order == pages.Order.NAME else []
                for position, backwards in [(None, True), *shapes]:
                    q, _ = query.page(10, position, backwards)
                    yield Statement(f"pages.ListQuery.page ({q.name})", q.for_engine("neo4j"))
                q, _ = query.count()
                yield Statement(f"pages.ListQuery.count ({q.name})", q.for_engine("neo4j"))
    for label in (Label.POSTING, Label.LOCATION):
        for build in (transfer._key_page, transfer._node_read, transfer._node_write, transfer._count_label):
            yield Statement(f"transfer.{build.__name__}", build(label).for_engine("neo4j"))
    for rel in (Rel.REQUIRES, Rel.PART_OF):
        for of_rel in (transfer._rel_ends, transfer._count_rel):
            yield Statement(f"transfer.{of_rel.__name__}", of_rel(rel).for_engine("neo4j"))
        for make in (transfer._rel_read, transfer._rel_write):
            yield Statement(f"transfer.{make.__name__}", make(Label.POSTING, rel, Label.SKILL).for_engine("neo4j"))


class _Recorder:
    """A GraphStore that keeps the Neo4j text of what it is sent and answers every read with no rows."""

    engine = "neo4j"

    def __init__(self) -> None:
        self.sent: list[Statement] = []

    async def read(self, query: Any, params: Any = None, *, timeout: float | None = None) -> list[dict[str, Any]]:
        self.sent.append(Statement(f"sent ({query.name})", query.for_engine("neo4j")))
        return []

    write = read

    async def ensure_schema(self) -> None:
        from graph_api.stores.ddl import neo4j_statements

        self.sent += [Statement("stores.ddl.neo4j_statements", text) for text in neo4j_statements()]

    async def close(self) -> None:
        pass


def _sent_statements() -> list[Statement]:
    from graph_api import transfer
    from graph_api.reads import explore

    store: Any = _Recorder()
    loop = asyncio.new_event_loop()  # a loop of its own: the caller's current loop (pytest's) stays as it is
    try:
        for job in (
            transfer.migrate(store, rebuild=True),
            transfer.aggregate_problems(store),
            transfer.source_catalogue(store),
            transfer._check_copyable(store),
            explore.search(store, "C++ developer", 5),
            explore.search(store, "C", 5),
        ):
            loop.run_until_complete(job)
    finally:
        loop.close()
    return list(store.sent)


def _doc_statements() -> Iterator[Statement]:
    doc = ROOT / "docs" / "analytics.md"
    for i, block in enumerate(re.findall(r"```cypher\n(.*?)```", doc.read_text(encoding="utf-8"), re.S)):
        yield Statement(f"docs/analytics.md block {i + 1}", block.strip())


def _test_statements() -> Iterator[Statement]:
    """String literals in tests/ that start with a Cypher clause (f-strings are not evaluated)."""
    for path in sorted((ROOT / "tests").glob("*.py")):
        if path.name in ("test_cypher_lint.py", "test_cypher_catalogue.py"):  # wrong or partial on purpose
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and _CLAUSE.match(node.value):
                text = node.value.strip()
                if text not in NOT_STATEMENTS and "{{" not in text:
                    yield Statement(f"tests/{path.name}:{node.lineno}", text)


def collect() -> list[Statement]:
    """Every statement once (the first place it was found names it)."""
    found: dict[str, Statement] = {}
    for s in (
        *_module_statements(),
        *_built_statements(),
        *_sent_statements(),
        *_doc_statements(),
        *_test_statements(),
    ):
        found.setdefault(s.text.strip(), s)
    return list(found.values())


def fingerprint(text: str) -> str:
    """One statement under one installed linter: a statement that linted clean need not be linted again."""
    linter = (LINTER / "package-lock.json").read_bytes() + (LINTER / "lint.mjs").read_bytes()
    return hashlib.sha256(linter + text.encode()).hexdigest()


def lint(statements: list[Statement]) -> list[dict[str, Any]]:
    """Each statement with the diagnostics Neo4j's front end gives it (only those with any)."""
    payload = json.dumps([{"where": s.where, "text": s.text} for s in statements])
    done = subprocess.run(
        ["node", str(LINTER / "lint.mjs")], input=payload, capture_output=True, text=True, check=True, cwd=LINTER
    )
    return [r for r in json.loads(done.stdout) if r["diagnostics"]]


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(ROOT))
    statements = collect()
    if "--list" in argv:
        for s in statements:
            print(f"-- {s.where}\n{s.text.strip()}\n")
        return 0
    missing = linter_ready()
    if missing:
        print(f"cannot lint: {missing}", file=sys.stderr)
        return 2
    findings = lint(statements)
    for f in findings:
        print(f"== {f['where']}\n{f['text'].strip()}")
        for d in f["diagnostics"]:
            print(f"  {d['severity']} at {d['offset']}: {d['message']}")
    print(json.dumps({"statements": len(statements), "with_findings": len(findings)}))
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
