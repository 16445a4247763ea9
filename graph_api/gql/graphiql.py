"""The GraphiQL page: Strawberry's, opening on an example query about roles and skills."""

from __future__ import annotations

import json
import logging
import re
from functools import cache

from strawberry.http.ides import get_graphql_ide_html

log = logging.getLogger(__name__)

EXAMPLE_QUERY = """\
# jobgraph: job postings as a graph of companies, roles, skills and locations.
#
# Press the run button (or Ctrl-Enter). The variables below name a role and a skill by key;
# every `id` the API returns works there too. Open the docs (top left) for every field.
# Mutations (ingestPostings, deletePosting) need the header `Authorization: Bearer <API key>`.

query Example($role: ID!, $skill: ID!) {
  # Roles at other employers whose typical skills overlap this role's
  rolesSharingSkills(role: $role, minShared: 2, first: 5) {
    role { name }
    sharedCount
    weightedJaccard
    sharedSkills { name }
    employers { name }
  }
  # One skill, and who asks for it most
  skill(id: $skill) {
    name
    category
    roles(first: 5) { edges { postings node { name } } }
    companies(first: 5) { edges { postings node { name } } }
  }
}
"""
EXAMPLE_VARIABLES = {"role": "backend-engineer", "skill": "python"}


@cache
def graphiql_html() -> str:
    """Strawberry's GraphiQL page (same assets), opening on ``EXAMPLE_QUERY`` with its variables."""
    page = get_graphql_ide_html("graphiql")
    example = json.dumps(EXAMPLE_QUERY).replace("</", "<\\/")
    variables = json.dumps(json.dumps(EXAMPLE_VARIABLES, indent=2))
    page, found = re.subn(
        r"const EXAMPLE_QUERY = `.*?`;", lambda _: f"const EXAMPLE_QUERY = {example};", page, count=1, flags=re.S
    )
    if not found:
        log.warning("GraphiQL page changed shape: it opens without the jobgraph example query")
    page = re.sub(
        r"React\.useState\(\s*parameters\.variables,?\s*\)",
        lambda _: f"React.useState(parameters.variables || (parameters.q ? undefined : {variables}))",
        page,
        count=1,
    )
    return page.replace("<title>Strawberry GraphiQL</title>", "<title>jobgraph · GraphiQL</title>")
