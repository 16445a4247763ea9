"""The exported SDL (schema/jobgraph.graphql) is the schema the code serves."""

import subprocess
import sys
from pathlib import Path

from graph_api.gql.schema import schema

SDL = Path(__file__).resolve().parents[1] / "schema" / "jobgraph.graphql"


def test_the_exported_sdl_matches_the_served_schema() -> None:
    assert SDL.read_text(encoding="utf-8") == schema.as_str().rstrip() + "\n", (
        "schema/jobgraph.graphql is stale: run `python scripts/export_schema.py`"
    )


def test_the_sdl_declares_relay_nodes_and_the_traversals() -> None:
    text = SDL.read_text(encoding="utf-8")
    for needle in ("interface Node", "type PageInfo", "rolesSharingSkills(", "skillGap(", "search(", "stats:"):
        assert needle in text


def test_the_export_script_runs() -> None:
    done = subprocess.run([sys.executable, "-c", "import scripts.export_schema as s; print(len(s.sdl()))"],
                          capture_output=True, text=True, cwd=SDL.parents[1])  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert int(done.stdout) > 1000
