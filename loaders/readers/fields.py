"""Mapping the field names postings come with (JSON keys, CSV headers, schema.org) onto ours."""

import re
from collections.abc import Mapping
from typing import Any

from loaders.readers.html_text import html_to_text

_ALIASES: dict[str, str] = {}
for _field, _names in {
    "id": "id jobid postingid identifier uuid reqid requisitionid jobkey",
    "title": "title jobtitle position positiontitle positionname jobname",
    "company": "company companyname employer employername hiringorganization organization organisation",
    "location": "location joblocation locations place worklocation",
    "city": "city town addresslocality",
    "region": "region state province addressregion",
    "country": "country countryname addresscountry",
    "description": "description jobdescription text body content details fulltext posting",
    "date_posted": "dateposted posted postedat postingdate date createdat publishedat published",
    "employment_type": "employmenttype jobtype contracttype typeofemployment",
    "work_mode": "workmode remote worktype joblocationtype locationtype workplacetype",
    "url": "url link joburl applyurl postingurl",
    "skills": "skills requiredskills skill tags keywords",
    "industry": "industry sector companyindustry industries",
}.items():
    for _name in _names.split():
        _ALIASES[_name] = _field


def field_for(name: str) -> str | None:
    """Our field for a column or key name, matched case- and punctuation-insensitively."""
    return _ALIASES.get(re.sub(r"[^a-z0-9]", "", name.lower()))


def _text(value: Any) -> str | None:
    """A field value as a string: lists joined with ', ', schema.org objects by their name/value."""
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, Mapping):
        for key in ("name", "value", "@value", "addressLocality"):
            if key in value:
                return _text(value[key])
        return None
    if isinstance(value, list):
        parts = [t for t in (_text(v) for v in value) if t]
        return ", ".join(parts) or None
    return None


def is_job_posting(obj: Mapping[str, Any]) -> bool:
    kind = obj.get("@type")
    return kind == "JobPosting" or (isinstance(kind, list) and "JobPosting" in kind)


def map_record(obj: Mapping[str, Any]) -> dict[str, str]:
    """Our fields from one JSON object or CSV row; schema.org JobPosting is understood natively."""
    if is_job_posting(obj):
        return _map_job_posting(obj)
    out: dict[str, str] = {}
    for key, value in obj.items():
        target = field_for(str(key))
        text = _text(value)
        if target is not None and text is not None and target not in out:
            out[target] = text
    return out


def _map_job_posting(obj: Mapping[str, Any]) -> dict[str, str]:
    out: dict[str, str] = {}
    simple = {
        "title": "title",
        "description": "description",
        "date_posted": "datePosted",
        "employment_type": "employmentType",
        "url": "url",
        "skills": "skills",
        "industry": "industry",
        "work_mode": "jobLocationType",
        "company": "hiringOrganization",
        "id": "identifier",
    }
    for target, key in simple.items():
        text = _text(obj.get(key))
        if text:
            out[target] = text
    places = obj.get("jobLocation")
    place = places[0] if isinstance(places, list) and places else places
    if isinstance(place, Mapping):
        address = place.get("address")
        if isinstance(address, Mapping):
            for target, key in (
                ("city", "addressLocality"),
                ("region", "addressRegion"),
                ("country", "addressCountry"),
            ):
                text = _text(address.get(key))
                if text:
                    out[target] = text
        elif isinstance(address, str) and address.strip():
            out["location"] = address.strip()
    if "country" not in out:
        requirement = _text(obj.get("applicantLocationRequirements"))
        if requirement:
            out["country"] = requirement
    return out


def description_text(fields: Mapping[str, str]) -> str:
    """The posting text the extractor sees: the description (HTML converted), else the title."""
    description = fields.get("description")
    if description:
        return html_to_text(description)
    return fields.get("title", "")
