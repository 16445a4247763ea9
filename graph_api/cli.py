"""The ``jobgraph`` command: where the loaders and a graph store are wired together."""

import asyncio
import json
import logging
import sys
from pathlib import Path
from typing import Any

import click

from graph_api import cypher_command, transfer
from graph_api.errors import GraphApiError
from graph_api.progress import Progress
from graph_api.settings import Settings
from graph_api.stores import open_store
from loaders.errors import LoaderError
from loaders.load import DEFAULT_BATCH, LoadReport, extracted, load
from loaders.readers import FORMATS, read_paths
from loaders.records import Read

EXIT_REJECTED = 3  # the load finished, but some records were rejected


def _mapping(pairs: tuple[str, ...]) -> dict[str, str]:
    out: dict[str, str] = {}
    for pair in pairs:
        column, sep, field = pair.partition("=")
        if not sep or not column or not field:
            raise click.BadParameter(f"{pair!r}: expected COLUMN=FIELD", param_hint="--map")
        out[column] = field
    return out


@click.group()
@click.option("-v", "--verbose", is_flag=True, help="Log more.")
def main(verbose: bool) -> None:
    """jobgraph: job postings in, a knowledge graph out, served over GraphQL."""
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s"
    )


@main.command()
@click.option("--host", default=None, help="Interface to listen on (default 127.0.0.1, or JOBGRAPH_HOST).")
@click.option("--port", type=int, default=None, help="Port (default 8000, or JOBGRAPH_PORT).")
@click.option("--demo/--no-demo", default=None, help="Load the demo postings if the graph is empty (default on).")
@click.option(
    "--workers", type=click.IntRange(1), default=None, help="Worker processes (default 1, or JOBGRAPH_WORKERS)."
)
def serve(host: str | None, port: int | None, demo: bool | None, workers: int | None) -> None:
    """Serve the GraphQL API (GraphiQL at /graphql)."""
    from graph_api import serving

    settings = Settings()
    overrides: dict[str, Any] = {}
    if host is not None:
        overrides["host"] = host
    if port is not None:
        overrides["port"] = port
    if demo is not None:
        overrides["demo_on_empty"] = demo
    if workers is not None:
        overrides["workers"] = workers
    settings = settings.model_copy(update=overrides)
    click.echo(f"jobgraph: GraphiQL at http://{settings.host}:{settings.port}/graphql", err=True)
    serving.run(settings, log_level="info")


@main.command("load")
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None, help="Input format (default: by extension).")
@click.option("--map", "maps", multiple=True, metavar="COLUMN=FIELD", help="Map a CSV column or JSON key to a field.")
@click.option("--batch-size", type=click.IntRange(1, 10_000), default=DEFAULT_BATCH, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
def load_command(
    paths: tuple[str, ...], fmt: str | None, maps: tuple[str, ...], batch_size: int, as_json: bool
) -> None:
    """Load postings from files, folders or - (stdin) into the graph. Safe to re-run."""
    try:
        reads = list(read_paths(list(paths), fmt, mapping=_mapping(maps)))
        progress = Progress(total=len(reads))
        try:
            report = asyncio.run(_load(reads, batch_size, progress))
        finally:
            progress.close()
    except (GraphApiError, LoaderError) as e:
        raise click.ClickException(str(e)) from e
    for rejection in report.rejected:
        click.echo(f"rejected {rejection}", err=True)
    if as_json:
        click.echo(json.dumps(report.as_dict()))
    else:
        click.echo(
            f"{report.read} postings read: {report.new} new, {report.updated} updated, "
            f"{report.unchanged} unchanged; {len(report.rejected)} rejected"
        )
        if report.created:
            click.echo("created: " + ", ".join(f"{n} {label}" for label, n in sorted(report.created.items())))
        for reason, n in sorted(report.rejected_by_reason().items()):
            click.echo(f"rejected {n}: {reason}")
    if report.rejected:
        sys.exit(EXIT_REJECTED)


async def _load(reads: list[Read], batch_size: int, progress: Progress) -> LoadReport:
    store = await open_store(Settings())
    try:
        return await load(store, reads, batch_size=batch_size, on_batch=progress)
    finally:
        await store.close()


@main.command("extract")
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None, help="Input format (default: by extension).")
@click.option("--map", "maps", multiple=True, metavar="COLUMN=FIELD", help="Map a CSV column or JSON key to a field.")
def extract_command(paths: tuple[str, ...], fmt: str | None, maps: tuple[str, ...]) -> None:
    """Extract postings to JSON Lines on stdout (no graph needed), in input order."""
    report = LoadReport()
    reads: list[Read] | Any = read_paths(list(paths), fmt, mapping=_mapping(maps))
    out = sys.stdout
    for posting in extracted(reads, report):
        out.write(json.dumps(_extract_json(posting), ensure_ascii=False) + "\n")
    for rejection in report.rejected:
        click.echo(f"rejected {rejection}", err=True)
    if report.rejected:
        sys.exit(EXIT_REJECTED)


def _extract_json(posting: Any) -> dict[str, Any]:
    return {
        "source": posting.source.model_dump(),
        "id": posting.id,
        "title": posting.title,
        "role": posting.role.name if posting.role else None,
        "seniority": posting.seniority.value if posting.seniority else None,
        "company": posting.company.name if posting.company else None,
        "locations": [
            {"city": loc.city, "region": loc.region, "country": loc.country, "country_code": loc.country_code}
            for loc in posting.locations
        ],
        "work_mode": posting.work_mode.value if posting.work_mode else None,
        "employment_type": posting.employment_type,
        "industries": [i.name for i in posting.industries],
        "skills": [
            {
                "name": hit.skill.name,
                "category": hit.skill.category,
                "mentions": [{"start": m.start, "end": m.end} for m in hit.mentions],
            }
            for hit in posting.skills
        ],
        "date_posted": posting.date_posted.isoformat() if posting.date_posted else None,
        "url": posting.url,
        "text": posting.text,
    }


@main.command("cypher")
@click.argument("query", required=False)
@click.option(
    "--file", "file", type=click.Path(dir_okay=False, path_type=Path), default=None, help="Read the query from a file."
)
@click.option(
    "--param",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="A query parameter ($NAME); VALUE is parsed as JSON when it parses, else taken as a string.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(cypher_command.FORMATS),
    default=None,
    help="Output format (default: table on a terminal, else json).",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0),
    default=None,
    metavar="SECONDS",
    help="Stop the query after this long (default: JOBGRAPH_QUERY_TIMEOUT, 10; 0 for no limit).",
)
@click.option("--write", is_flag=True, help="Allow the statement to write (it runs read-only otherwise).")
def cypher_cmd(
    query: str | None, file: Path | None, params: tuple[str, ...], fmt: str | None, timeout: float | None, write: bool
) -> None:
    """Run one Cypher statement against the configured graph (read-only unless --write).

    QUERY is the statement, or - to read it from stdin; or use --file F.

    \b
    jobgraph cypher "MATCH (s:Skill) RETURN s.name AS skill, s.postings AS postings ORDER BY postings DESC LIMIT 5"
    jobgraph cypher --param skill=python --format csv --file related.cypher
    """
    settings = Settings()
    limit = settings.query_timeout if timeout is None else (timeout or None)
    output: cypher_command.OutputFormat
    if fmt is None:
        output = "table" if sys.stdout.isatty() else "json"
    else:
        output = "json" if fmt == "json" else "csv" if fmt == "csv" else "table"
    try:
        text = cypher_command.query_text(query, file, sys.stdin)
        values = cypher_command.parse_params(params)
        rows = asyncio.run(cypher_command.execute(settings, text, values, write=write, timeout=limit))
    except GraphApiError as e:
        raise click.ClickException(str(e)) from e
    click.echo(cypher_command.render(rows, output), nl=False)


@main.command("migrate")
@click.option("--rebuild", is_flag=True, help="Rebuild the aggregates even when they look complete.")
def migrate_cmd(rebuild: bool) -> None:
    """Apply the schema (constraints, indexes) and rebuild the aggregates if they are missing or stale."""
    try:
        report = asyncio.run(transfer.migrate_configured(Settings(), rebuild=rebuild))
    except GraphApiError as e:
        raise click.ClickException(str(e)) from e
    for line in report.lines():
        click.echo(line)


@main.command("copy")
@click.option("--from", "source_url", required=True, metavar="URL", help="The source graph (JOBGRAPH_GRAPH_URL forms).")
@click.option("--to", "target_url", required=True, metavar="URL", help="The target graph (JOBGRAPH_GRAPH_URL forms).")
@click.option(
    "--from-graph",
    default=None,
    metavar="NAME",
    help="FalkorDB graph name in the source (default: JOBGRAPH_GRAPH_NAME).",
)
@click.option(
    "--to-graph", default=None, metavar="NAME", help="FalkorDB graph name in the target (default: JOBGRAPH_GRAPH_NAME)."
)
@click.option("--batch-size", type=click.IntRange(1, 10_000), default=transfer.DEFAULT_COPY_BATCH, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def copy_cmd(
    source_url: str, target_url: str, from_graph: str | None, to_graph: str | None, batch_size: int, as_json: bool
) -> None:
    """Copy a whole graph between engines (e.g. embedded -> Neo4j), idempotently, and verify the counts."""
    try:
        source = transfer.settings_for(source_url, from_graph)
        target = transfer.settings_for(target_url, to_graph)
        report = asyncio.run(
            transfer.copy_between(source, target, batch_size=batch_size, on_step=lambda s: logging.info("copied %s", s))
        )
    except GraphApiError as e:
        raise click.ClickException(str(e)) from e
    if as_json:
        click.echo(json.dumps(report.as_dict()))
    else:
        for line in report.lines():
            click.echo(line)
    if not report.ok:
        raise click.ClickException("the copy could not be verified: " + "; ".join(report.mismatches()))
