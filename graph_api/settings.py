"""Every setting in one typed object: environment variables (``JOBGRAPH_*``) and ``.env``."""

from functools import cached_property
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from platformdirs import user_data_dir
from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from graph_api.errors import ConfigError

EMBEDDED = "embedded"
NEO4J_SCHEMES = {"bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc"}
FALKORDB_SCHEMES = {"falkordb", "redis"}


def default_data_dir() -> Path:
    return Path(user_data_dir("jobgraph", appauthor=False))


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="JOBGRAPH_", env_file=".env", extra="ignore")

    graph_url: str = Field(
        default="embedded://",
        description="embedded:// (default; data in data_dir), embedded:///path, bolt://…, neo4j://…, "
        "neo4j+s://…, falkordb://host:port",
    )
    data_dir: Path = Field(default_factory=default_data_dir)
    graph_name: str = "jobgraph"
    neo4j_user: str | None = Field(default=None, validation_alias=AliasChoices("JOBGRAPH_NEO4J_USER", "NEO4J_USER"))
    neo4j_password: str | None = Field(
        default=None, validation_alias=AliasChoices("JOBGRAPH_NEO4J_PASSWORD", "NEO4J_PASSWORD")
    )
    neo4j_database: str | None = None
    neo4j_max_connection_pool_size: int = Field(default=50, ge=1, description="Most connections to Neo4j at once.")
    neo4j_connection_acquisition_timeout: float = Field(
        default=30.0, gt=0, description="Seconds a statement waits for a free Neo4j connection before it fails."
    )
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = Field(default=1, ge=1, description="uvicorn worker processes serving the API.")
    query_timeout: float = Field(default=10.0, gt=0, description="Seconds a read may run before it is stopped.")
    demo_on_empty: bool = True
    # Limits against abusive queries: rejected before anything runs, with code QUERY_TOO_COMPLEX.
    max_depth: int = Field(default=10, ge=1, description="Deepest selection nesting a query may use.")
    max_aliases: int = Field(default=15, ge=0, description="Most field aliases one document may use.")
    max_tokens: int = Field(default=2000, ge=1, description="Most lexical tokens one document may hold.")
    max_ingest: int = Field(default=1000, ge=1, description="Most postings one ingestPostings call may carry.")
    api_key: SecretStr | None = Field(
        default=None, description="Bearer token mutations require; with none set, mutations are disabled."
    )
    result_cache_size: int = Field(
        default=0, ge=0, description="Query answers each process keeps while the graph is unchanged (0: none)."
    )
    result_cache_ttl: float = Field(default=10.0, gt=0, description="Seconds a kept query answer may be reused.")
    debug: bool = Field(default=False, description="Add the names of the statements run to each response.")
    # Operations: logs, metrics, traces.
    log_level: Literal["CRITICAL", "ERROR", "WARNING", "INFO", "DEBUG"] = Field(
        default="INFO", description="Level of jobgraph's own logs (other libraries log warnings and above)."
    )
    log_format: Literal["auto", "json", "text"] = Field(
        default="auto", description="json, text, or auto: text when stderr is a terminal, json otherwise."
    )
    metrics: bool = Field(default=True, description="Collect Prometheus metrics and serve them at /metrics.")
    otel: bool = Field(default=False, description="Trace with OpenTelemetry (needs the otel extra installed).")

    @field_validator("api_key", mode="before")
    @classmethod
    def _blank_key_is_none(cls, value: object) -> object:
        """An empty JOBGRAPH_API_KEY disables mutations rather than accepting an empty token."""
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        return value

    @field_validator("log_level", mode="before")
    @classmethod
    def _level_in_any_case(cls, value: object) -> object:
        return value.strip().upper() if isinstance(value, str) else value

    @field_validator("log_format", mode="before")
    @classmethod
    def _format_in_any_case(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value

    @cached_property
    def scheme(self) -> str:
        scheme = urlsplit(self.graph_url).scheme.lower()
        if scheme not in {EMBEDDED} | NEO4J_SCHEMES | FALKORDB_SCHEMES:
            raise ConfigError(
                f"JOBGRAPH_GRAPH_URL={self.graph_url!r}: unknown scheme {scheme!r}; use embedded://, "
                "bolt://, neo4j://, neo4j+s:// or falkordb://"
            )
        return scheme

    @property
    def embedded_dir(self) -> Path:
        """The embedded engine's directory: the URL's path if it has one, else ``data_dir/falkordb``."""
        path = urlsplit(self.graph_url).path
        return Path(path) if path not in ("", "/") else self.data_dir / "falkordb"
