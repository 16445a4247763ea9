"""Readers: the seed's layout, JSON Lines, CSV, and bad input that is reported without losing the rest."""

import json
from pathlib import Path

from loaders.readers import read_bytes, read_paths
from loaders.records import RawPosting, Rejection
from tests.conftest import GOLD


def test_the_seed_splits_into_eleven_postings_with_the_annotated_line_ranges(seed_path: Path) -> None:
    postings = [r for r in read_paths([str(seed_path)]) if isinstance(r, RawPosting)]
    ranges = [(p.source.line, int(p.fields["last_line"])) for p in postings]
    assert ranges == [tuple(p["lines"]) for p in json.loads(GOLD.read_text())["postings"]]


def test_blank_lines_separate_postings_and_sections_stay_with_theirs() -> None:
    text = b"Data Engineer at Acme building pipelines.\nRequirements\nPython\n\nQA Engineer at Globex.\n"
    postings = list(read_bytes("x.txt", text, "text"))
    assert [p.source.line for p in postings if isinstance(p, RawPosting)] == [1, 5]
    first = postings[0]
    assert isinstance(first, RawPosting)
    assert first.text.endswith("Requirements\nPython")


def test_a_broken_json_line_is_reported_with_its_line_and_the_rest_loads() -> None:
    data = b'{"title": "Backend Engineer", "description": "Go and Postgres"}\n{"title": oops\n{"title": "QA"}\n'
    found = list(read_bytes("jobs.jsonl", data, "json"))
    rejected = [r for r in found if isinstance(r, Rejection)]
    assert [(r.path, r.line) for r in rejected] == [("jobs.jsonl", 2)]
    assert [r.fields["title"] for r in found if isinstance(r, RawPosting)] == ["Backend Engineer", "QA"]


def test_a_csv_row_with_the_wrong_column_count_is_rejected_alone() -> None:
    data = b'Job Title,Company Name,Job Description\nDev,Acme,"Python, multi\nline"\nBroken,row\nQA,Globex,Selenium\n'
    found = list(read_bytes("jobs.csv", data, "csv"))
    rejected = [r for r in found if isinstance(r, Rejection)]
    assert [(r.line, r.reason) for r in rejected] == [(4, "2 columns where the header has 3")]
    kept = [r for r in found if isinstance(r, RawPosting)]
    assert [(r.source.line, r.fields["company"]) for r in kept] == [(2, "Acme"), (5, "Globex")]


def test_invalid_utf8_empty_and_binary_files_are_rejected_with_a_reason() -> None:
    bad = list(read_bytes("t.txt", "Café Engineer\n".encode("latin-1") + b"Backend Engineer at Acme.\n", "text"))
    assert isinstance(bad[0], Rejection)
    assert (bad[0].line, "UTF-8" in bad[0].reason) == (1, True)
    assert any(isinstance(r, RawPosting) for r in bad)
    assert [r.reason for r in read_bytes("e.txt", b"  \n", "text") if isinstance(r, Rejection)] == ["empty file"]
    binary = list(read_bytes("b.jsonl", b"\x00\x01\x02", "json"))
    assert len(binary) == 1
    assert isinstance(binary[0], Rejection)
    assert "binary" in binary[0].reason


def test_schema_org_job_posting_fields_are_understood() -> None:
    record = {
        "@type": "JobPosting",
        "title": "Data Engineer",
        "hiringOrganization": {"@type": "Organization", "name": "Acme GmbH"},
        "jobLocation": {"address": {"addressLocality": "München", "addressCountry": "DE"}},
        "jobLocationType": "TELECOMMUTE",
        "description": "<p>Build <b>Spark</b> jobs.</p><ul><li>Airflow</li></ul>",
    }
    (found,) = list(read_bytes("ld.json", json.dumps(record).encode(), "json"))
    assert isinstance(found, RawPosting)
    assert found.fields["company"] == "Acme GmbH"
    assert (found.fields["city"], found.fields["country"], found.fields["work_mode"]) == (
        "München",
        "DE",
        "TELECOMMUTE",
    )
    assert found.text == "Build Spark jobs.\n\n- Airflow"


def test_an_html_page_yields_its_job_posting_json_ld() -> None:
    page = b"""<html><head><title>Jobs</title>
<script type="application/ld+json">{"@type": "Organization", "name": "Acme"}</script>
<script type="application/ld+json">
{"@context": "https://schema.org", "@graph": [{"@type": "JobPosting", "title": "Senior Data Engineer",
 "hiringOrganization": {"name": "Acme"}, "description": "<p>Spark and Airflow.</p>"}]}
</script></head><body>...</body></html>"""
    (found,) = list(read_bytes("job.html", page, "html"))
    assert isinstance(found, RawPosting)
    assert (found.source.line, found.fields["title"], found.text) == (3, "Senior Data Engineer", "Spark and Airflow.")


def test_an_html_page_without_a_job_posting_is_rejected_with_a_reason() -> None:
    (found,) = list(read_bytes("about.html", b"<html><body>About us</body></html>", "html"))
    assert isinstance(found, Rejection)
    assert "JobPosting" in found.reason


def test_a_ten_megabyte_line_is_rejected_and_the_next_posting_still_loads() -> None:
    data = b"x" * (10 * 1024 * 1024) + b"\n\nBackend Engineer at Acme building APIs in Go.\n"
    found = list(read_bytes("huge.txt", data, "text"))
    assert isinstance(found[0], Rejection)
    assert found[0].line == 1
    assert [r.source.line for r in found if isinstance(r, RawPosting)] == [3]
