"""Every setting in one typed object: environment variables (``JOBGRAPH_*``) and ``.env``."""

from functools import cached_property
from pathlib import Path
from urllib.parse import urlsplit

from platformdirs import user_data_dir
from pydantic import AliasChoices, Field
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
    host: str = "127.0.0.1"
    port: int = 8000
    query_timeout: float = 10.0
    demo_on_empty: bool = True

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
