"""docker-compose.yml, the Dockerfile and the monitoring files under deploy/, checked without Docker.

No Docker engine runs here: the files are parsed and held to what the stack needs (Neo4j healthy
before the API, persisted data, the monitoring profile) and to each other (every mounted file
exists and parses, the dashboard asks only for series the API exports, the image holds every
package and exposes the mapped port).
"""

import json
import re
import shlex
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml

from graph_api.metrics import Metrics, series_names
from graph_api.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
COMPOSE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"
PYPROJECT = ROOT / "pyproject.toml"


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(COMPOSE.read_text())
    return loaded


def _services(compose: dict[str, Any]) -> dict[str, dict[str, Any]]:
    services: dict[str, dict[str, Any]] = compose["services"]
    return services


def _bind_mounts(compose: dict[str, Any]) -> list[tuple[str, Path, str]]:
    """(service, host path, container path) for every volume that is a file or folder of the repo."""
    mounts = []
    for name, service in _services(compose).items():
        for volume in service.get("volumes", []):
            source, target = volume.split(":")[:2]
            if source.startswith((".", "/")):
                mounts.append((name, (ROOT / source).resolve(), target))
    return mounts


def _container_ports(service: dict[str, Any]) -> set[int]:
    return {int(str(port).split(":")[-1].split("/")[0]) for port in service.get("ports", [])}


def _dockerfile() -> list[tuple[str, str]]:
    """(instruction, arguments) for each instruction, continuation lines joined, comments dropped."""
    text = re.sub(r"\\\n", " ", DOCKERFILE.read_text())
    lines = [line.strip() for line in text.splitlines()]
    return [
        (word.upper(), rest.strip())
        for line in lines
        if line and not line.startswith("#")
        for word, _, rest in [line.partition(" ")]
    ]


# -- the services --------------------------------------------------------------------------------


def test_the_stack_is_neo4j_and_the_api_with_monitoring_behind_a_profile(compose: dict[str, Any]) -> None:
    services = _services(compose)
    assert set(services) == {"neo4j", "api", "prometheus", "grafana"}
    assert "profiles" not in services["neo4j"]
    assert "profiles" not in services["api"]
    assert services["prometheus"]["profiles"] == ["monitoring"]
    assert services["grafana"]["profiles"] == ["monitoring"]


def test_neo4j_is_community_5_with_a_cypher_shell_healthcheck_auth_from_env_memory_and_volumes(
    compose: dict[str, Any],
) -> None:
    neo4j = _services(compose)["neo4j"]
    image, _, tag = neo4j["image"].partition(":")
    assert image == "neo4j"
    assert tag.startswith("5")
    assert "enterprise" not in tag
    check = neo4j["healthcheck"]
    assert "cypher-shell" in " ".join(check["test"])
    assert {"interval", "timeout", "retries", "start_period"} <= set(check)
    env = neo4j["environment"]
    assert env["NEO4J_AUTH"].startswith("neo4j/${NEO4J_PASSWORD:?")  # required, never defaulted
    assert {
        "NEO4J_server_memory_heap_initial__size",
        "NEO4J_server_memory_heap_max__size",
        "NEO4J_server_memory_pagecache_size",
    } <= set(env)
    targets = {volume.split(":")[1] for volume in neo4j["volumes"]}
    assert {"/data", "/logs"} <= targets
    assert _container_ports(neo4j) == {7474, 7687}


def test_the_api_is_built_here_waits_for_a_healthy_neo4j_and_loads_the_demo(compose: dict[str, Any]) -> None:
    api = _services(compose)["api"]
    assert api["build"] in (".", {"context": "."})
    assert api["depends_on"]["neo4j"]["condition"] == "service_healthy"
    env = api["environment"]
    assert env["JOBGRAPH_GRAPH_URL"] == "bolt://neo4j:7687"
    assert env["NEO4J_PASSWORD"].startswith("${NEO4J_PASSWORD")
    assert env["JOBGRAPH_DEMO_ON_EMPTY"] == "true"
    assert env["JOBGRAPH_METRICS"] == "true"
    assert _container_ports(api) == {8000}


def test_every_jobgraph_setting_the_compose_file_sets_is_a_real_setting(compose: dict[str, Any]) -> None:
    known = {f"JOBGRAPH_{name.upper()}" for name in Settings.model_fields}
    for service in _services(compose).values():
        env = service.get("environment", {})
        assert isinstance(env, dict), "environment is written as a mapping"
        unknown = {name for name in env if name.startswith("JOBGRAPH_")} - known
        assert not unknown, f"not settings: {unknown}"


def test_named_volumes_are_declared_and_data_persists(compose: dict[str, Any]) -> None:
    declared = set(compose["volumes"])
    used = {
        volume.split(":")[0]
        for service in _services(compose).values()
        for volume in service.get("volumes", [])
        if not volume.startswith((".", "/"))
    }
    assert used == declared
    assert {"neo4j-data", "prometheus-data", "grafana-data"} <= declared


def test_prometheus_and_grafana_images_are_pinned_and_wired(compose: dict[str, Any]) -> None:
    services = _services(compose)
    prometheus, grafana = services["prometheus"], services["grafana"]
    assert re.fullmatch(r"prom/prometheus:v\d+\.\d+\.\d+", prometheus["image"])
    assert re.fullmatch(r"grafana/grafana(-oss)?:\d+\.\d+\.\d+", grafana["image"])
    assert "--config.file=/etc/prometheus/prometheus.yml" in prometheus["command"]
    assert _container_ports(prometheus) == {9090}
    assert _container_ports(grafana) == {3000}
    assert "api" in prometheus["depends_on"]
    targets = {target for service, _, target in _bind_mounts(compose) if service == "grafana"}
    assert "/etc/grafana/provisioning" in targets


# -- the files it mounts -------------------------------------------------------------------------


def test_every_file_the_compose_file_mounts_exists_in_the_repo(compose: dict[str, Any]) -> None:
    mounts = _bind_mounts(compose)
    assert mounts
    for service, source, _ in mounts:
        assert source.exists(), f"{service} mounts {source.relative_to(ROOT)}, which is missing"
        assert source.is_relative_to(ROOT)


def test_prometheus_scrapes_the_api_metrics(compose: dict[str, Any]) -> None:
    (config_path,) = [s for name, s, t in _bind_mounts(compose) if t == "/etc/prometheus/prometheus.yml"]
    config = yaml.safe_load(config_path.read_text())
    (job,) = [job for job in config["scrape_configs"] if job["job_name"] == "jobgraph"]
    assert job.get("metrics_path", "/metrics") == "/metrics"
    targets = [target for static in job["static_configs"] for target in static["targets"]]
    api_port = _container_ports(_services(compose)["api"]).pop()
    assert targets == [f"api:{api_port}"]


def _provisioning(compose: dict[str, Any]) -> Path:
    (path,) = [s for name, s, t in _bind_mounts(compose) if t == "/etc/grafana/provisioning"]
    return path


def test_grafana_provisions_the_prometheus_datasource(compose: dict[str, Any]) -> None:
    files = sorted((_provisioning(compose) / "datasources").glob("*.y*ml"))
    assert files, "no datasource provisioning file"
    datasources = [d for f in files for d in yaml.safe_load(f.read_text())["datasources"]]
    (prometheus,) = datasources
    assert prometheus["type"] == "prometheus"
    assert prometheus["url"] == "http://prometheus:9090"
    assert prometheus["uid"]


def test_grafana_provisions_the_dashboard_folder_that_is_mounted(compose: dict[str, Any]) -> None:
    files = sorted((_provisioning(compose) / "dashboards").glob("*.y*ml"))
    assert files, "no dashboard provisioning file"
    config = yaml.safe_load(files[0].read_text())
    assert config["apiVersion"] == 1
    (provider,) = config["providers"]
    assert provider["type"] == "file"
    folder = provider["options"]["path"]
    mounted = {t: s for name, s, t in _bind_mounts(compose) if name == "grafana"}
    assert folder in mounted, f"the dashboards' folder {folder} is not mounted into Grafana"
    assert list(mounted[folder].glob("*.json")), "no dashboard in the mounted folder"


def _dashboards(compose: dict[str, Any]) -> list[dict[str, Any]]:
    folders = [s for name, s, t in _bind_mounts(compose) if name == "grafana" and s.is_dir() and "dashboard" in t]
    return [json.loads(f.read_text()) for folder in folders for f in sorted(folder.glob("*.json"))]


def test_the_dashboard_queries_only_series_the_api_exports(compose: dict[str, Any]) -> None:
    (dashboard,) = _dashboards(compose)
    exported = series_names(Metrics().registry)
    datasource_uids = {
        d["uid"]
        for f in (_provisioning(compose) / "datasources").glob("*.y*ml")
        for d in yaml.safe_load(f.read_text())["datasources"]
    }
    expressions = []
    for panel in dashboard["panels"]:
        assert panel["datasource"]["uid"] in datasource_uids
        assert panel["targets"], panel["title"]
        expressions += [target["expr"] for target in panel["targets"]]
    asked = {name for expr in expressions for name in re.findall(r"\bjobgraph_[a-z_]+", expr)}
    assert asked, "the dashboard queries no jobgraph series"
    assert not asked - exported, f"not exported by graph_api/metrics.py: {sorted(asked - exported)}"
    # what the issue asks the dashboard to show
    assert "jobgraph_graphql_request_duration_seconds_count" in asked  # request rate
    assert any("histogram_quantile(0.99" in e and "graphql_request_duration" in e for e in expressions)
    assert any("histogram_quantile(0.5" in e and "graphql_request_duration" in e for e in expressions)
    assert any("by (code)" in e and "jobgraph_graphql_errors_total" in e for e in expressions)
    assert {"jobgraph_db_query_duration_seconds_bucket", "jobgraph_graphql_round_trips_sum"} <= asked


def test_dashboard_panels_do_not_overlap(compose: dict[str, Any]) -> None:
    (dashboard,) = _dashboards(compose)
    cells: set[tuple[int, int]] = set()
    for panel in dashboard["panels"]:
        grid = panel["gridPos"]
        assert grid["x"] + grid["w"] <= 24
        mine = {
            (x, y) for x in range(grid["x"], grid["x"] + grid["w"]) for y in range(grid["y"], grid["y"] + grid["h"])
        }
        assert not mine & cells, f"{panel['title']} overlaps another panel"
        cells |= mine
    assert len({panel["id"] for panel in dashboard["panels"]}) == len(dashboard["panels"])


# -- the image -----------------------------------------------------------------------------------


def test_the_dockerfile_copies_every_package_pyproject_lists() -> None:
    packages = tomllib.loads(PYPROJECT.read_text())["tool"]["setuptools"]["packages"]
    top_level = {package.split(".")[0] for package in packages}
    copied = set()
    for instruction, args in _dockerfile():
        if instruction == "COPY":
            *sources, _ = shlex.split(args)
            copied |= {source.rstrip("/") for source in sources if not source.startswith("--")}
    missing = top_level - copied
    assert not missing, f"the Dockerfile does not copy {sorted(missing)}"
    assert {"pyproject.toml", "README.md"} <= copied  # what `pip install .` reads


def test_the_image_runs_jobgraph_serve_on_all_interfaces_as_a_user_with_a_healthcheck(
    compose: dict[str, Any],
) -> None:
    instructions = _dockerfile()
    by_name: dict[str, list[str]] = {}
    for instruction, args in instructions:
        by_name.setdefault(instruction, []).append(args)
    assert json.loads(by_name["CMD"][-1]) == ["jobgraph", "serve"]
    env = " ".join(by_name["ENV"])
    assert "JOBGRAPH_HOST=0.0.0.0" in env
    assert "PYTHONUNBUFFERED=1" in env
    user = by_name["USER"][-1]
    assert user not in {"root", "0"}
    assert "/healthz" in by_name["HEALTHCHECK"][-1]
    exposed = {int(port) for args in by_name["EXPOSE"] for port in args.split()}
    api_port = _container_ports(_services(compose)["api"])
    assert api_port <= exposed, "the compose file maps a port the image does not expose"
    assert f"JOBGRAPH_PORT={api_port.pop()}" in env
