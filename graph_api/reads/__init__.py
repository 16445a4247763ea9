"""Read queries: thin functions over the catalogue's Cypher, returning typed records."""
