"""Mutations: ``ingestPostings`` and ``deletePosting``, allowed only with the configured API key.

Postings go through the loader's own stages: the same field mapping as the file readers
(``loaders.readers.fields``), the same extraction (run in a worker thread, off the event loop)
and the same idempotent batch writer, so a posting sent here lands exactly as if it had been
read from a file named ``graphql``. Writes from this process are serialised per store, so two
concurrent calls touching the same posting cannot both apply its aggregate deltas.
"""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import Sequence

import strawberry

from graph_api.gql.errors import BadUserInput, Forbidden, Unauthenticated
from graph_api.gql.ids import global_id, key_from_id
from graph_api.gql.types import Info
from graph_api.stores.counting import CountingStore
from loaders.load import DEFAULT_BATCH, LoadReport, extracted
from loaders.readers.fields import description_text, map_record
from loaders.records import RawPosting, Read, Rejection
from loaders.writer import batched, delete_postings, write_batch
from schema.graph import Label
from schema.model import ExtractedPosting, Source
from schema.store import GraphStore

SOURCE_PATH = "graphql"  # what Posting.source.path says for postings ingested here
MAX_TEXT = 100_000  # characters of description one posting may carry

_write_locks: weakref.WeakKeyDictionary[object, asyncio.Lock] = weakref.WeakKeyDictionary()


@strawberry.input(description="A posting to ingest. Give at least a title or a description; the rest is optional.")
class PostingInput:
    id: strawberry.ID | None = strawberry.field(
        default=None, description="Your id for the posting: sending the same id again updates it."
    )
    title: str | None = None
    company: str | None = None
    location: str | None = strawberry.field(default=None, description='Free text, e.g. "Austin, TX" or "Remote".')
    description: str | None = strawberry.field(default=None, description="Plain text or HTML.")
    date_posted: str | None = strawberry.field(default=None, description="ISO date, e.g. 2026-09-14.")
    employment_type: str | None = None
    url: str | None = None
    skills: list[str] | None = strawberry.field(
        default=None, description="Skills the source lists; the description is searched for more."
    )
    industry: str | None = None


@strawberry.type(description="A posting that was not ingested, and why.")
class RejectedPosting:
    index: int = strawberry.field(description="Its position in the `postings` list (from 0).")
    reason: str


@strawberry.type(description="What ingestPostings did with each posting.")
class IngestReport:
    received: int
    created: int = strawberry.field(description="Postings new to the graph.")
    updated: int = strawberry.field(description="Postings that existed and changed.")
    unchanged: int = strawberry.field(description="Postings that existed as sent (nothing written).")
    rejected: list[RejectedPosting]
    ids: list[strawberry.ID] = strawberry.field(
        description="Global IDs of the postings ingested (created, updated or unchanged), in input order."
    )


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="Ingest postings through the loader's pipeline (extraction, then idempotent writes). "
        "Needs the API key (`Authorization: Bearer …`)."
    )
    async def ingest_postings(self, info: Info, postings: list[PostingInput]) -> IngestReport:
        require_api_key(info)
        limit = info.context.settings.max_ingest
        if len(postings) > limit:
            raise BadUserInput(
                f"at most {limit} postings per call; got {len(postings)} (send them in several calls)",
                argument="postings",
            )
        reads = [raw_posting(i, p) for i, p in enumerate(postings)]
        report = LoadReport()
        # Extraction is CPU-bound (dictionaries, gazetteer): it runs in a worker thread.
        ready = await asyncio.to_thread(lambda: list(extracted(reads, report)))
        async with write_lock(info.context.store):
            await _write(info.context.store, ready, report)
        return IngestReport(
            received=len(postings),
            created=report.new,
            updated=report.updated,
            unchanged=report.unchanged,
            rejected=[RejectedPosting(index=_index(r), reason=r.reason) for r in report.rejected],
            ids=[strawberry.ID(global_id(Label.POSTING.value, p.id)) for p in ready],
        )

    @strawberry.mutation(
        description="Delete a posting (by ID), taking back what it added to the counts and profiles. "
        "True if it existed. Needs the API key (`Authorization: Bearer …`)."
    )
    async def delete_posting(self, info: Info, id: strawberry.ID) -> bool:
        require_api_key(info)
        key = key_from_id(id, Label.POSTING.value)
        async with write_lock(info.context.store):
            deleted = await delete_postings(info.context.store, [key])
        return bool(deleted)


def require_api_key(info: Info) -> None:
    """FORBIDDEN when the server has no API key (mutations are off); UNAUTHENTICATED without the right one."""
    if info.context.settings.api_key is None:
        raise Forbidden("Mutations are disabled on this server: it has no API key configured (JOBGRAPH_API_KEY).")
    if not info.context.authorized:
        raise Unauthenticated("This mutation needs the API key: send the header 'Authorization: Bearer <key>'.")


def raw_posting(index: int, posting: PostingInput) -> Read:
    """A posting input as the file readers would have read it: our field names, then the posting text."""
    given = {
        "id": posting.id,
        "title": posting.title,
        "company": posting.company,
        "location": posting.location,
        "description": posting.description,
        "date_posted": posting.date_posted,
        "employment_type": posting.employment_type,
        "url": posting.url,
        "skills": posting.skills,
        "industry": posting.industry,
    }
    record = index + 1  # 1-based, like the file readers' record numbers
    if posting.description is not None and len(posting.description) > MAX_TEXT:
        return Rejection(SOURCE_PATH, None, f"description is longer than {MAX_TEXT} characters", record)
    fields = map_record({k: v for k, v in given.items() if v is not None})
    text = description_text(fields)
    if not text.strip():
        return Rejection(SOURCE_PATH, None, "a posting needs a title or a description", record)
    return RawPosting(Source(path=SOURCE_PATH, record=record), text, fields)


def _index(rejection: Rejection) -> int:
    return (rejection.record or 1) - 1


async def _write(store: GraphStore, postings: Sequence[ExtractedPosting], report: LoadReport) -> None:
    for batch in batched(postings, DEFAULT_BATCH):
        new, updated, unchanged = await write_batch(store, batch)
        report.new += new
        report.updated += updated
        report.unchanged += unchanged


def write_lock(store: GraphStore) -> asyncio.Lock:
    """One lock per shared store (not per request's counting wrapper)."""
    shared = store.inner if isinstance(store, CountingStore) else store
    lock = _write_locks.get(shared)
    if lock is None:
        lock = _write_locks[shared] = asyncio.Lock()
    return lock
