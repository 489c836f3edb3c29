"""A JSON Schema (draft 2020-12) of the item's documented JSON shape, in either mode.

Built from the constants the JSON reader checks against, so it cannot drift
from the code. Rules of CONTRACT.md section 1 about the text rather than the
parsed value (UTF-8, lone surrogates, repeated names, numbers beyond a double)
are beyond any validator; docs/interop.md lists them.

>>> json_schema(strict=True)["required"]
['type', 'id', 'result', 'status']
"""

from __future__ import annotations

from typing import Any

from ._fields import KNOWN_MEMBERS
from ._jsonmap import TYPE_VALUE
from ._status import Status

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def json_schema(*, strict: bool = False) -> dict[str, Any]:
    """The JSON Schema of one item: forward-compatible by default, closed with ``strict``."""
    statuses = [status.value for status in Status]
    mode = "strict mode" if strict else "default, forward-compatible mode"
    if strict:
        status: dict[str, Any] = {"description": "What the call is doing.", "enum": statuses}
        absent = "required"
    else:
        status = {
            "description": f"What the call is doing: one of {', '.join(statuses)}, "
            "or a newer status, kept verbatim.",
            "type": "string",
            "examples": statuses,
        }
        absent = "may be absent, which is not the same as null"
    properties: dict[str, Any] = {
        "type": {"description": "The kind of item.", "const": TYPE_VALUE},
        "id": {
            "description": "The item's id: any string, the empty one included.",
            "type": "string",
        },
        "result": {
            "description": f"The generated image in standard base64, or null; {absent}.",
            "type": ["string", "null"],
        },
        "status": status,
    }
    assert tuple(properties) == KNOWN_MEMBERS  # the schema names what the reader names
    return {
        "$schema": DIALECT,
        "title": f"image_generation_call item ({mode})",
        "description": "One image_generation_call item of the OpenAI / OpenRouter Responses API, "
        f"as imagegen-wire reads it in its {mode}.",
        "type": "object",
        "properties": properties,
        "required": list(KNOWN_MEMBERS if strict else (m for m in KNOWN_MEMBERS if m != "result")),
        "additionalProperties": not strict,  # default mode keeps unknown members of any value
    }
