"""Extraction: a raw posting in, an ExtractedPosting out. Given fields win over extraction but are
still normalised; the text fills in whatever the fields leave out."""

import hashlib
import re
from datetime import date
from pathlib import PurePath

from loaders.extract.companies import clean_company, find_company
from loaders.extract.industries import clean_industry, find_industries
from loaders.extract.locations import find_locations, location_from_parts, parse_location
from loaders.extract.skills import default_taxonomy, find_skills
from loaders.extract.titles import parse_title, title_from_summary
from loaders.extract.workmode import find_employment_type, find_work_mode
from loaders.records import RawPosting
from schema.model import ExtractedPosting, Location, SkillHit, WorkMode

#: Bumped whenever extraction changes, so a reload refreshes postings extracted by an older version.
EXTRACTOR_VERSION = "1"

_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_NOT_HASHED = {"source", "content_hash"}
#: Every white-space character (``str.isspace``) but the space and the newline.
OTHER_SPACES = (
    "\t\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000"
)
_OTHER_ASCII_SPACES = "".join(space for space in OTHER_SPACES if space.isascii())


def extract(raw: RawPosting) -> ExtractedPosting:
    fields, text = raw.fields, raw.text
    low = text.lower()  # lower-cased once for every extractor that reads it so
    normalised = collapse_spaces(low)
    title = fields.get("title") or title_from_summary(text.split("\n", 1)[0])
    role, seniority = parse_title(title) if title else (None, None)
    company = clean_company(fields["company"]) if fields.get("company") else find_company(text, low=low)
    industry = clean_industry(fields["industry"]) if fields.get("industry") else None
    posting = ExtractedPosting(
        id=_identity(raw, normalised),
        source=raw.source,
        text=text,
        title=title,
        role=role,
        seniority=seniority,
        company=company,
        locations=tuple(_locations(fields, text)),
        work_mode=_work_mode(fields, text, low),
        employment_type=_employment_type(fields, text, low),
        industries=(industry,) if industry else tuple(find_industries(text, normalised=normalised)),
        skills=tuple(_skills(fields, text)),
        date_posted=_date(fields.get("date_posted")),
        url=fields.get("url"),
    )
    return posting.model_copy(update={"content_hash": content_hash(posting)})


def collapse_spaces(text: str) -> str:
    """``" ".join(text.split())``: each run of white space one space, none at the ends.

    Most postings space their words with single spaces and newlines only, and then replacing the newlines
    is all it takes: much cheaper than splitting the text into words.
    """
    flat = text.replace("\n", " ")
    others = _OTHER_ASCII_SPACES if flat.isascii() else OTHER_SPACES
    if "  " in flat or flat[:1] == " " or flat[-1:] == " " or any(space in flat for space in others):
        return " ".join(text.split())
    return flat


def content_hash(posting: ExtractedPosting) -> str:
    """A digest of everything extracted (not where it was read from): equal hashes, nothing to write.

    Pydantic's JSON serialiser writes the fields in their declared order, so the digest is the same in
    every process, and every field but ``source`` and ``content_hash`` is part of it.
    """
    body = posting.model_dump_json(exclude=_NOT_HASHED)
    return hashlib.sha1(f"{EXTRACTOR_VERSION}\n{body}".encode()).hexdigest()


def _identity(raw: RawPosting, normalised: str) -> str:
    """The source's own id, namespaced by file name (so two exports' ``1`` differ); else a text hash.

    ``normalised`` is the text lower-cased with its white space collapsed, so reflowing a posting keeps its id.
    """
    given = raw.fields.get("id")
    if given:
        return f"{PurePath(raw.source.path).name}#{given}"
    return "h:" + hashlib.sha1(normalised.encode()).hexdigest()[:20]


def _locations(fields: dict[str, str], text: str) -> list[Location]:
    if any(fields.get(k) for k in ("city", "region", "country")):
        place = location_from_parts(fields.get("city"), fields.get("region"), fields.get("country"))
        if place is not None:
            return [place]
    if fields.get("location"):
        found = parse_location(fields["location"])
        if found:
            return found
    return find_locations(text)


def _work_mode(fields: dict[str, str], text: str, low: str) -> WorkMode | None:
    given = fields.get("work_mode", "")
    if given.strip().upper() == "TELECOMMUTE" or given.strip().lower() in {"true", "yes", "remote"}:
        return WorkMode.REMOTE
    for value in (given, fields.get("location"), fields.get("title")):
        mode = find_work_mode(value) if value else None  # an empty value states nothing
        if mode is not None:
            return mode
    return find_work_mode(text, low=low)


def _employment_type(fields: dict[str, str], text: str, low: str) -> str | None:
    given = fields.get("employment_type")
    return (find_employment_type(given) if given else None) or find_employment_type(text, low=low)


def _skills(fields: dict[str, str], text: str) -> list[SkillHit]:
    hits = find_skills(text)
    named = {h.skill.key for h in hits}
    listed = fields.get("skills")
    if listed:
        taxonomy = default_taxonomy()
        for part in re.split(r"[,;|\n]", listed):
            for hit in taxonomy.find(part.strip()):
                if hit.skill.key not in named:
                    named.add(hit.skill.key)
                    hits.append(SkillHit(skill=hit.skill))  # listed, not mentioned in the text
    return hits


def _date(value: str | None) -> date | None:
    if not value:
        return None
    match = _DATE.search(value)
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None
