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
    # Aggregates the loader maintains with the postings, so traversals need not scan postings:
    ROLE_SKILL = "ROLE_SKILL"  # (Role)-[:ROLE_SKILL {postings}]->(Skill)
    COMPANY_SKILL = "COMPANY_SKILL"  # (Company)-[:COMPANY_SKILL {postings}]->(Skill)
    COMPANY_ROLE = "COMPANY_ROLE"  # (Company)-[:COMPANY_ROLE {postings}]->(Role)
    # A role's or company's skill profile: its top skills by share of its postings.
    TYPICAL_SKILL = "TYPICAL_SKILL"  # (Role|Company)-[:TYPICAL_SKILL {postings, share, rank}]->(Skill)


#: How many skills a profile (TYPICAL_SKILL) keeps per role or company.
PROFILE_SIZE = 20


#: Every label is keyed by the same property, a stable slug (see ``schema.keys``).
KEY = "key"
