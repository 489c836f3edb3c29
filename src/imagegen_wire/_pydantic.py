"""pydantic v2 support for ``ImageGenerationCall``: a field type of any model or FastAPI body.

Imported only when pydantic asks the item for its schema, so pydantic stays optional.
Every value goes through the item's own checked paths: an item is kept, a dict is
read by ``from_dict``, text or bytes by ``from_json``; in JSON mode pydantic has
already parsed the document (so repeated member names reach us as its last value,
and floats as its floats), and its dict is read by ``from_dict``. An invalid
member is a pydantic ``ValidationError`` at the field, whose message is ours,
path included. Serialized, the item is ``to_dict()`` in JSON mode (members in
order, unknown members kept, an absent ``result`` absent) and itself in Python mode.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError, core_schema

from ._errors import DecodeError, ValidationError
from ._item import ImageGenerationCall
from ._jsonschema import json_schema

_ERROR_TYPE = "image_generation_call"


def _read(value: Any) -> ImageGenerationCall:
    try:
        if isinstance(value, ImageGenerationCall):
            return value
        if isinstance(value, Mapping):
            return ImageGenerationCall.from_dict(value)
        if isinstance(value, (str, bytes)):
            return ImageGenerationCall.from_json(value)
    except (ValidationError, DecodeError) as exc:
        raise PydanticCustomError(_ERROR_TYPE, "{message}", {"message": str(exc)}) from None
    msg = "expected an image_generation_call item, a dict or JSON text, got {got}"
    raise PydanticCustomError(_ERROR_TYPE, msg, {"got": type(value).__name__})


def _write(item: ImageGenerationCall, info: core_schema.SerializationInfo) -> Any:
    return item.to_dict() if info.mode_is_json() else item


def core_schema_of(source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
    """The core schema: validated by the item's own readers, serialized by ``to_dict``."""
    return core_schema.no_info_plain_validator_function(
        _read,
        serialization=core_schema.plain_serializer_function_ser_schema(
            _write, info_arg=True, when_used="always"
        ),
    )


def json_schema_of(
    schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
) -> JsonSchemaValue:
    """The item's JSON Schema, as ``imagegen-wire schema --json-schema`` writes it."""
    found = dict(json_schema())
    found.pop("$schema", None)  # the document's dialect: not a member of a model's schema
    found.pop("$id", None)
    return found
