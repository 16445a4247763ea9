"""Typed records the read functions return; GraphQL types are built from them (``from_record``)."""

from dataclasses import dataclass
from typing import Any

from schema.store import Row


@dataclass(frozen=True, slots=True)
class NodeRecord:
    """Any stored node: its label, stable key and properties."""

    label: str
    key: str
    props: dict[str, Any]

    @classmethod
    def from_row(cls, label: str, props: Row) -> "NodeRecord":
        return cls(label=label, key=str(props["key"]), props=dict(props))

    def get(self, name: str) -> Any:
        return self.props.get(name)


@dataclass(frozen=True, slots=True)
class Weighted:
    """A linked node with a weight (e.g. how many postings connect the two)."""

    node: NodeRecord
    weight: int


@dataclass(frozen=True, slots=True)
class SkillMentions:
    """A skill a posting requires, with the character offsets of its mentions in the posting text."""

    skill: NodeRecord
    mentions: list[tuple[int, int]]


@dataclass(frozen=True, slots=True)
class RoleOverlap:
    """A role at other employers that shares skills with the role asked about."""

    role: NodeRecord
    shared_skills: list[NodeRecord]
    employers: list[NodeRecord]
    weighted_jaccard: float = 0.0

    @property
    def shared_count(self) -> int:
        return len(self.shared_skills)


@dataclass(frozen=True, slots=True)
class CompanyOverlap:
    """A company whose skill profile overlaps the asked company's: it competes for the same skills."""

    company: NodeRecord
    shared_skills: list[NodeRecord]
    weighted_jaccard: float = 0.0

    @property
    def shared_count(self) -> int:
        return len(self.shared_skills)


@dataclass(frozen=True, slots=True)
class RelatedSkill:
    """A skill that postings require together with the asked one."""

    skill: NodeRecord
    postings: int  # postings requiring both
    lift: float  # P(both) / (P(one) * P(other)): 1 = independent, above 1 = asked for together
