"""What readers produce: a raw posting (text plus any structured fields) or a rejection."""

from dataclasses import dataclass, field

from schema.model import Source


@dataclass(frozen=True, slots=True)
class RawPosting:
    """A posting as read, before extraction. ``fields`` hold structured values the source gave."""

    source: Source
    text: str
    fields: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Rejection:
    """A record that could not be read; the rest of the file still loads."""

    path: str
    line: int | None
    reason: str
    record: int | None = None

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.reason}"


Read = RawPosting | Rejection

#: Structured field names every reader maps its input onto.
FIELDS = (
    "id",
    "title",
    "company",
    "location",
    "city",
    "region",
    "country",
    "description",
    "date_posted",
    "employment_type",
    "work_mode",
    "url",
    "skills",
    "industry",
)
