"""graph_api/gql."""
