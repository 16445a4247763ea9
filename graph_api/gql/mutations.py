"""Mutations. Placeholder until ingestPostings and deletePosting land (issue 4)."""

import strawberry

from graph_api.gql.errors import UserError


class MutationsDisabled(UserError):
    code = "FORBIDDEN"


@strawberry.type
class Mutation:
    @strawberry.mutation(description="Not available yet.")
    def noop(self) -> bool:
        raise MutationsDisabled("mutations are not available yet")
