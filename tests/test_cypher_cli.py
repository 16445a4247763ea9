"""`jobgraph cypher`: read-only unless --write, parameters, table/json/csv output, clear errors.

The CLI tests run the command through click's CliRunner against the session's embedded server, each in
a graph of its own; the contract tests at the end run the same logic on every configured engine.
"""

import csv
import io
import json
import uuid
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from graph_api.cli import main
from graph_api.cypher_command import (
    CypherCommandError,
    parse_param,
    parse_params,
    query_text,
    render,
    run_cypher,
)
from schema.store import GraphStore

SLOW = "UNWIND range(1, 50000000) AS x WITH x WHERE x % 7 = 0 RETURN count(x) AS n"
SKILLS = "MATCH (s:Skill) RETURN s.name AS name, s.postings AS postings ORDER BY postings DESC, name"


@pytest.fixture
def env(embedded_dir: Path, embedded_server: object) -> dict[str, str]:
    """The session's embedded server, a graph of this test's own."""
    return {"JOBGRAPH_GRAPH_URL": f"embedded://{embedded_dir}", "JOBGRAPH_GRAPH_NAME": f"cy-{uuid.uuid4().hex[:8]}"}


def cypher(env: dict[str, str], *args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(main, ["cypher", *args], env=env, input=stdin)


def seed(env: dict[str, str]) -> None:
    result = cypher(
        env,
        "--write",
        "UNWIND $rows AS row CREATE (:Skill {key: row.key, name: row.name, postings: row.n})",
        "--param",
        'rows=[{"key": "go", "name": "Go", "n": 3}, {"key": "python", "name": "Python", "n": 12}]',
    )
    assert result.exit_code == 0, result.output


def test_a_write_is_refused_with_a_clear_message_and_nothing_is_written(env: dict[str, str]) -> None:
    refused = cypher(env, "CREATE (:Skill {key: 'rust', name: 'Rust'})")
    assert refused.exit_code != 0
    assert "writes to the graph" in refused.stderr
    assert "--write" in refused.stderr
    counted = cypher(env, "--format", "json", "MATCH (s:Skill) RETURN count(s) AS n")
    assert json.loads(counted.stdout) == [{"n": 0}]


def test_with_write_the_statement_writes(env: dict[str, str]) -> None:
    seed(env)
    result = cypher(env, "--format", "json", SKILLS)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == [{"name": "Python", "postings": 12}, {"name": "Go", "postings": 3}]


def test_parameters_are_json_when_they_parse_and_strings_otherwise(env: dict[str, str]) -> None:
    result = cypher(
        env,
        "--format",
        "json",
        "--param",
        "n=5",
        "--param",
        "name=Go",
        "--param",
        'quoted="5"',
        "--param",
        'list=["a", 1]',
        "--param",
        "flag=true",
        "RETURN $n + 1 AS n, $name AS name, $quoted AS quoted, size($list) AS items, $flag AS flag",
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == [{"n": 6, "name": "Go", "quoted": "5", "items": 2, "flag": True}]


def test_parameters_filter_a_match(env: dict[str, str]) -> None:
    seed(env)
    result = cypher(env, "--format", "json", "--param", "key=go", "MATCH (s:Skill {key: $key}) RETURN s.name AS name")
    assert json.loads(result.stdout) == [{"name": "Go"}]


def test_json_output_is_a_list_of_objects_and_the_default_when_not_on_a_terminal(env: dict[str, str]) -> None:
    seed(env)
    default = cypher(env, SKILLS)
    explicit = cypher(env, "--format", "json", SKILLS)
    assert default.exit_code == 0, default.output
    assert json.loads(default.stdout) == json.loads(explicit.stdout)
    assert isinstance(json.loads(default.stdout), list)


def test_csv_output_has_a_header_and_one_line_per_row(env: dict[str, str]) -> None:
    seed(env)
    result = cypher(env, "--format", "csv", "MATCH (s:Skill) RETURN s.name AS name, [s.key, 'x'] AS tags ORDER BY name")
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows == [["name", "tags"], ["Go", '["go", "x"]'], ["Python", '["python", "x"]']]


def test_table_output_aligns_its_columns(env: dict[str, str]) -> None:
    seed(env)
    result = cypher(env, "--format", "table", SKILLS)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["name", "postings"]
    assert set(lines[1].replace(" ", "")) == {"-"}
    assert lines[2].split() == ["Python", "12"]
    assert lines[3].split() == ["Go", "3"]
    assert lines[-1] == "(2 rows)"
    # numbers are right-aligned under their header: every number ends where the header does
    ends = {len(line) for line in lines[:4] if line.strip() and not set(line) <= {"-", " "}}
    assert len(ends) == 1, lines


def test_the_query_can_come_from_a_file_or_stdin(env: dict[str, str], tmp_path: Path) -> None:
    query = tmp_path / "q.cypher"
    query.write_text("RETURN $x AS x;\n")
    from_file = cypher(env, "--format", "json", "--file", str(query), "--param", "x=1")
    from_stdin = cypher(env, "--format", "json", "--param", "x=1", "-", stdin="RETURN $x AS x")
    assert json.loads(from_file.stdout) == json.loads(from_stdin.stdout) == [{"x": 1}]


def test_a_query_past_its_timeout_fails_with_a_clear_message(env: dict[str, str]) -> None:
    result = cypher(env, "--timeout", "0.001", SLOW)
    assert result.exit_code != 0
    assert "ran past 0.001s" in result.stderr
    assert "--timeout" in result.stderr


def test_a_syntax_error_fails_with_the_engines_message(env: dict[str, str]) -> None:
    result = cypher(env, "MATCH (n RETURN n")
    assert result.exit_code != 0
    assert "rejected the query" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "no query"),
        (["--param", "oops", "RETURN 1"], "expected NAME=VALUE"),
        (["--file", "/nonexistent/q.cypher"], "cannot read"),
        (["   ;  "], "empty"),
    ],
)
def test_bad_input_is_reported_without_running_anything(env: dict[str, str], args: list[str], message: str) -> None:
    result = cypher(env, *args)
    assert result.exit_code != 0
    assert message in result.stderr


# -- the functions behind the command ------------------------------------------------------------


def test_parse_param() -> None:
    assert parse_param("n=5") == ("n", 5)
    assert parse_param("name=Go") == ("name", "Go")
    assert parse_param("s=a=b") == ("s", "a=b")
    assert parse_param("empty=") == ("empty", "")
    assert parse_params(["a=1", "a=2"]) == {"a": 2}
    with pytest.raises(CypherCommandError):
        parse_param("1bad=2")


def test_query_text_strips_trailing_semicolons_and_refuses_two_sources(tmp_path: Path) -> None:
    assert query_text("RETURN 1 ;; \n", None, io.StringIO()) == "RETURN 1"
    assert query_text("-", None, io.StringIO("RETURN 2;")) == "RETURN 2"
    with pytest.raises(CypherCommandError, match="not both"):
        query_text("RETURN 1", tmp_path / "q.cypher", io.StringIO())


def test_render_formats() -> None:
    rows = [{"a": "x", "n": 1, "l": [1, 2], "z": None}, {"a": "longer\ntext", "n": 10, "l": [], "z": True}]
    assert json.loads(render(rows, "json")) == rows
    assert render(rows, "csv") == 'a,n,l,z\nx,1,"[1, 2]",\n"longer\ntext",10,[],true\n'
    assert render(rows, "table").splitlines() == [
        "a             n  l       z",
        "-----------  --  ------  ----",
        "x             1  [1, 2]  null",
        "longer text  10  []      true",
        "(2 rows)",
    ]
    assert render([], "table") == "(no rows)\n"
    assert render([], "json") == "[]\n"
    assert render([], "csv") == ""


# -- the same on every configured engine -------------------------------------------------------------


async def test_read_only_is_enforced_by_each_engine(store: GraphStore) -> None:
    with pytest.raises(CypherCommandError, match="--write"):
        await run_cypher(store, "CREATE (:Skill {key: 'rust', name: 'Rust'})")
    assert await run_cypher(store, "MATCH (s:Skill) RETURN count(s) AS n") == [{"n": 0}]
    await run_cypher(store, "CREATE (:Skill {key: $k, name: $n})", {"k": "rust", "n": "Rust"}, write=True)
    assert await run_cypher(store, "MATCH (s:Skill) RETURN s.name AS name") == [{"name": "Rust"}]


async def test_each_engine_reports_timeouts_and_syntax_errors_clearly(store: GraphStore) -> None:
    with pytest.raises(CypherCommandError, match="ran past"):
        await run_cypher(store, SLOW, timeout=0.001)
    with pytest.raises(CypherCommandError, match=f"the {store.engine} engine rejected the query"):
        await run_cypher(store, "MATCH (n RETURN n")


async def test_a_returned_path_comes_out_as_its_nodes_and_relationships(store: GraphStore) -> None:
    statement = "CREATE (:Skill {key: 'a', name: 'A'})-[:CO_OCCURS {postings: 3}]->(:Skill {key: 'b', name: 'B'})"
    await run_cypher(store, statement, write=True)
    rows = await run_cypher(store, "MATCH p = (:Skill {key: 'a'})-[:CO_OCCURS]->(:Skill) RETURN p")
    assert rows == [
        {"p": {"nodes": [{"key": "a", "name": "A"}, {"key": "b", "name": "B"}], "relationships": [{"postings": 3}]}}
    ]
    assert json.loads(render(rows, "json")) == rows
