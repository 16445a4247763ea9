"""The jobgraph command: load's summary and exit status, and the `extract` JSON Lines contract."""

import json
import uuid
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph_api.cli import EXIT_REJECTED, main

EXTRACT_KEYS = {
    "source", "id", "title", "role", "seniority", "company", "locations", "work_mode",
    "employment_type", "industries", "skills", "text",
}  # fmt: skip


@pytest.fixture
def env(embedded_dir: Path, embedded_server: object) -> dict[str, str]:
    """The session's embedded server, a graph of this test's own."""
    return {"JOBGRAPH_GRAPH_URL": f"embedded://{embedded_dir}", "JOBGRAPH_GRAPH_NAME": f"cli-{uuid.uuid4().hex[:8]}"}


def test_a_load_with_bad_records_reports_each_with_file_and_line_and_loads_the_rest(
    tmp_path: Path, env: dict[str, str]
) -> None:
    jobs = tmp_path / "jobs.jsonl"
    jobs.write_text(
        '{"id": "1", "title": "Backend Engineer", "company": "Acme", "description": "Python and Django."}\n'
        '{"id": "2", "title": oops}\n'
        '{"id": "3", "title": "QA Engineer", "company": "Globex", "description": "Selenium and Java."}\n'
    )
    result = CliRunner().invoke(main, ["load", "--json", str(jobs)], env=env)
    assert result.exit_code == EXIT_REJECTED, result.output
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert (summary["read"], summary["new"], summary["rejected"]) == (2, 2, 1)
    assert summary["created"]["Company"] == 2
    assert f"{jobs}:2: invalid JSON" in result.stderr


def test_loading_the_same_file_twice_reports_everything_unchanged(tmp_path: Path, env: dict[str, str]) -> None:
    jobs = tmp_path / "jobs.csv"
    jobs.write_text("Job Title,Company Name,Job Description\nData Engineer,Acme,Spark and Airflow on AWS\n")
    assert CliRunner().invoke(main, ["load", str(jobs)], env=env).exit_code == 0
    again = CliRunner().invoke(main, ["load", "--json", str(jobs)], env=env)
    assert again.exit_code == 0, again.output
    summary = json.loads(again.stdout)
    assert (summary["new"], summary["unchanged"], summary["created"]) == (0, 1, {})


def test_extract_writes_one_json_object_per_posting_in_input_order(seed_path: Path) -> None:
    result = CliRunner().invoke(main, ["extract", str(seed_path)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == 11
    assert all(row.keys() >= EXTRACT_KEYS for row in rows)
    assert [row["source"]["line"] for row in rows] == sorted(row["source"]["line"] for row in rows)
    for row in rows:
        for skill in row["skills"]:
            for m in skill["mentions"]:
                assert row["text"][m["start"] : m["end"]].strip(), "mentions point into the text"


def test_extract_from_json_uses_the_description_as_the_text(tmp_path: Path) -> None:
    jobs = tmp_path / "jobs.json"
    jobs.write_text(json.dumps([{"title": "SRE", "description": "<p>We run Kubernetes &amp; Terraform.</p>"}]))
    result = CliRunner().invoke(main, ["extract", str(jobs)])
    (row,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert row["text"] == "We run Kubernetes & Terraform."
    mentions = {s["name"]: s["mentions"] for s in row["skills"]}
    start, end = mentions["Kubernetes"][0]["start"], mentions["Kubernetes"][0]["end"]
    assert row["text"][start:end] == "Kubernetes"
