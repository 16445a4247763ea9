"""``python -m graph_api`` is the ``jobgraph`` command."""

from graph_api.cli import main

main()
