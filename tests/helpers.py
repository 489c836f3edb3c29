"""Test helpers: JSON compared as parsed values, never as text."""

from __future__ import annotations

import json
from typing import Any


def json_value(text: str | bytes) -> Any:
    """Parse JSON exactly: integers stay exact ints, floats stay floats, nothing else coerced."""
    return json.loads(text)


def same_json(a: Any, b: Any) -> bool:
    """Equal as JSON values (objects unordered), with integers and floats kept apart (1 != 1.0).

    Python's ``==`` alone would call ``1 == 1.0`` and ``True == 1`` equal.
    """
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same_json(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same_json(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)
