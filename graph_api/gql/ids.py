"""Relay global IDs: ``base64url("Type:key")`` built from the stable keys, never engine ids."""

import base64
import binascii
from functools import lru_cache

from graph_api.gql.errors import BadUserInput
from schema.graph import Label

TYPES = {label.value for label in Label}


@lru_cache(maxsize=1 << 14)  # every object of every answer gets one; the same skills and companies recur
def global_id(type_name: str, key: str) -> str:
    return base64.urlsafe_b64encode(f"{type_name}:{key}".encode()).decode().rstrip("=")


def parse_id(value: str) -> tuple[str | None, str]:
    """``(type, key)`` from a global ID; ``(None, value)`` when ``value`` is a plain key."""
    try:
        decoded = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None, value
    type_name, sep, key = decoded.partition(":")
    if sep and type_name in TYPES and key:
        return type_name, key
    return None, value


def key_from_id(value: str, expected: str, argument: str = "id") -> str:
    """The stable key behind a global ID (or a plain key) that must name a ``expected`` node."""
    type_name, key = parse_id(value)
    if type_name is not None and type_name != expected:
        raise BadUserInput(f"{argument}: expected a {expected} id, got a {type_name} id", argument=argument)
    return key
