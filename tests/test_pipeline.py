"""The extraction pipeline: shared text preparation, identities and content hashes."""

import subprocess
import sys
from datetime import date

import pytest

from loaders.pipeline import OTHER_SPACES, collapse_spaces, content_hash, extract
from loaders.records import RawPosting
from schema.model import Industry, Location, Mention, Skill, SkillHit, Source, WorkMode
from tests.factories import posting


def test_other_spaces_are_every_white_space_character_but_the_space_and_the_newline() -> None:
    every = {char for char in map(chr, range(sys.maxunicode + 1)) if char.isspace()}
    assert set(OTHER_SPACES) == every - {" ", "\n"}


@pytest.mark.parametrize(
    "text",
    [
        "one two\nthree",
        "one  two",
        "one\n\ntwo",
        " lead and trail\n",
        "tab\there",
        "crlf\r\nline",
        "no\u00a0break",
        "Łódź\u2009thin",
        "",
        "\n",
        "word",
    ],
)
def test_collapsing_spaces_is_splitting_into_words_and_joining_them(text: str) -> None:
    assert collapse_spaces(text) == " ".join(text.split())


def test_a_reflowed_posting_keeps_its_identity() -> None:
    source = Source(path="postings.txt", line=1)
    one = extract(RawPosting(source, "Data Engineer at Acme.\nPython and SQL."))
    other = extract(RawPosting(source, "data engineer  at ACME.  PYTHON and sql."))
    assert one.id == other.id


def test_the_content_hash_ignores_where_a_posting_was_read_but_nothing_it_says() -> None:
    base = posting()
    assert content_hash(base) == content_hash(base.model_copy(update={"source": Source(path="elsewhere.csv")}))
    changes = {
        "text": base.text + ".",
        "title": "Other",
        "work_mode": WorkMode.REMOTE,
        "employment_type": "Full-time",
        "locations": (Location(country="Germany", country_code="DE"),),
        "industries": (Industry(name="Banking"),),
        "date_posted": date(2024, 1, 2),
        "url": "https://example.com/1",
        "skills": (SkillHit(skill=Skill(name="Python", category="Language"), mentions=(Mention(start=0, end=6),)),),
    }
    hashes = {content_hash(base.model_copy(update={field: value})) for field, value in changes.items()}
    assert content_hash(base) not in hashes
    assert len(hashes) == len(changes)
    hit = base.skills[0]
    aliased = hit.model_copy(update={"skill": hit.skill.model_copy(update={"aliases": ("py",)})})
    moved = hit.model_copy(update={"mentions": (Mention(start=1, end=7),)})
    for changed in (aliased, moved):
        assert content_hash(base.model_copy(update={"skills": (changed,)})) != content_hash(base)


def test_the_content_hash_is_the_same_in_another_process() -> None:
    raw = RawPosting(Source(path="postings.txt", line=1), "Senior Data Engineer at Acme in Berlin. Python, SQL.")
    here = extract(raw).content_hash
    code = (
        "from loaders.pipeline import extract; from loaders.records import RawPosting; from schema.model import Source;"
        "print(extract(RawPosting(Source(path='postings.txt', line=1), "
        "'Senior Data Engineer at Acme in Berlin. Python, SQL.')).content_hash)"
    )
    there = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert there == here
