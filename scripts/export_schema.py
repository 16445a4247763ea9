"""Write the GraphQL SDL to schema/jobgraph.graphql (a test keeps the file in sync with the code).

python scripts/export_schema.py
"""

from pathlib import Path

from graph_api.gql.schema import schema

TARGET = Path(__file__).resolve().parents[1] / "schema" / "jobgraph.graphql"


def sdl() -> str:
    return schema.as_str().rstrip() + "\n"


if __name__ == "__main__":
    TARGET.write_text(sdl(), encoding="utf-8")
    print(f"wrote {TARGET}")
