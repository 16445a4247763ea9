"""Stable string keys: every node is MERGEd and addressed by one of these, never by an engine id."""

import re
import unicodedata

_NON_WORD = re.compile(r"[^a-z0-9+#.]+")


def slug(*parts: str | None) -> str:
    """A lower-case, accent-free, punctuation-light key built from ``parts``.

    ``+``, ``#`` and ``.`` survive because they distinguish real names (C++, C#, .NET, Node.js).

    >>> slug("Senior .NET Developer")
    'senior-.net-developer'
    >>> slug("Łódź", "PL")
    'lodz/pl'
    """
    cleaned = []
    for part in parts:
        if part is None:
            continue
        if part.isascii():  # nothing to decompose (most names): much the cheapest way
            text = part.lower()
        else:
            text = unicodedata.normalize("NFKD", part.replace("ł", "l").replace("Ł", "L"))
            text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
        text = _NON_WORD.sub("-", text).strip("-.")
        cleaned.append(text)
    return "/".join(cleaned)
