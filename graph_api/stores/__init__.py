"""Graph store adapters and the factory that picks one from the settings."""

from graph_api.settings import FALKORDB_SCHEMES, NEO4J_SCHEMES, Settings
from graph_api.stores.falkordb import FalkorDBStore
from graph_api.stores.neo4j import Neo4jStore
from schema.store import GraphStore

__all__ = ["FalkorDBStore", "Neo4jStore", "open_store"]


async def open_store(settings: Settings, *, ensure_schema: bool = True) -> GraphStore:
    """Open the configured engine (starting the embedded one if needed) and apply the schema."""
    from urllib.parse import urlsplit

    scheme = settings.scheme
    store: GraphStore
    if scheme in NEO4J_SCHEMES:
        store = await Neo4jStore.open(
            settings.graph_url,
            settings.neo4j_user,
            settings.neo4j_password,
            database=settings.neo4j_database,
            max_connection_pool_size=settings.neo4j_max_connection_pool_size,
            connection_acquisition_timeout=settings.neo4j_connection_acquisition_timeout,
        )
    elif scheme in FALKORDB_SCHEMES:
        parts = urlsplit(settings.graph_url)
        store = await FalkorDBStore.open_remote(
            parts.hostname or "localhost", parts.port or 6379, settings.graph_name, password=parts.password
        )
    else:
        store = await FalkorDBStore.open_embedded(settings.embedded_dir, settings.graph_name)
    if ensure_schema:
        try:
            await store.ensure_schema()
        except BaseException:
            await store.close()
            raise
    return store
