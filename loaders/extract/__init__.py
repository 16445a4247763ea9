"""loaders/extract."""
