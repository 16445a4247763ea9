"""Uniqueness constraints and indexes, declared once; the stores render them per engine."""

from dataclasses import dataclass

from schema.graph import KEY, Label


@dataclass(frozen=True, slots=True)
class Unique:
    label: Label
    prop: str = KEY

    @property
    def name(self) -> str:
        return f"{self.label.lower()}_{self.prop}_unique"


@dataclass(frozen=True, slots=True)
class RangeIndex:
    label: Label
    prop: str

    @property
    def name(self) -> str:
        return f"{self.label.lower()}_{self.prop}_idx"


UNIQUE_KEYS: tuple[Unique, ...] = tuple(Unique(label) for label in Label)

INDEXES: tuple[RangeIndex, ...] = (
    RangeIndex(Label.POSTING, "content_hash"),
    RangeIndex(Label.POSTING, "date_posted"),
    RangeIndex(Label.SKILL, "name"),
    RangeIndex(Label.SKILL, "category"),
    RangeIndex(Label.COMPANY, "name"),
    RangeIndex(Label.ROLE, "name"),
    RangeIndex(Label.LOCATION, "level"),
)


@dataclass(frozen=True, slots=True)
class FullTextIndex:
    """Words in a text property, searchable by word and prefix (engine-specific query syntax)."""

    label: Label
    prop: str

    @property
    def name(self) -> str:
        return f"{self.label.lower()}_{self.prop}_text"


FULLTEXT: tuple[FullTextIndex, ...] = (FullTextIndex(Label.POSTING, "title"),)
