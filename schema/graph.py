"""Node labels and relationship types of the job graph."""

from enum import StrEnum


class Label(StrEnum):
    POSTING = "Posting"
    COMPANY = "Company"
    ROLE = "Role"
    SKILL = "Skill"
    LOCATION = "Location"
    INDUSTRY = "Industry"


class Rel(StrEnum):
    POSTED_BY = "POSTED_BY"  # (Posting)-[:POSTED_BY]->(Company)
    FOR_ROLE = "FOR_ROLE"  # (Posting)-[:FOR_ROLE]->(Role)
    REQUIRES = "REQUIRES"  # (Posting)-[:REQUIRES {mentions}]->(Skill)
    LOCATED_IN = "LOCATED_IN"  # (Posting)-[:LOCATED_IN]->(Location)
    PART_OF = "PART_OF"  # (Location city)-[:PART_OF]->(Location region|country)
    IN_INDUSTRY = "IN_INDUSTRY"  # (Posting)-[:IN_INDUSTRY]->(Industry)


#: Every label is keyed by the same property, a stable slug (see ``schema.keys``).
KEY = "key"
