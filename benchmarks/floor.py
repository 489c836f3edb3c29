"""The lowest-cost calls the generated bindings allow for S, timed beside us.

S is one small item: a 30-character id, a 32-byte image (44 base64
characters), ``completed``. Each floor is one function making only the calls
no converter through the bindings can skip, and nothing else of ours:

- JSON to binary: msgspec's typed decode of the four-member shape (the
  fastest parser measured), ``binascii.a2b_base64(strict_mode=True)``, an
  empty generated message with ``id`` and ``result_image`` set by attribute,
  ``SerializeToString``, and the status field appended, serialized once
  beforehand (``Message(status=2).SerializeToString()``);
- binary to JSON: ``FromString``, reading ``status``, ``result_image`` and
  ``id`` (what the proof by length needs: no other presence check),
  ``pybase64.b64encode_as_string``, ``json.encoder.encode_basestring`` of the
  id, and the JSON string built by concatenation.

The floor keeps no contract check beyond what msgspec's typed decode does,
makes no item object and handles only this one shape, so every real
converter is above it; ``run.py`` reports each figure as a multiple of it.
"""

from __future__ import annotations

import binascii
from collections.abc import Callable
from json.encoder import encode_basestring
from typing import Literal

import msgspec
import pybase64

from imagegen.v1 import image_generation_call_pb2 as pb


class _Shape(msgspec.Struct, forbid_unknown_fields=True, gc=False):
    type: Literal["image_generation_call"]
    id: str
    status: str
    result: str | msgspec.UnsetType | None = msgspec.UNSET


_decode_shape = msgspec.json.Decoder(_Shape).decode
_Message = pb.ImageGenerationCall
_COMPLETED_FIELD = _Message(status=pb.IMAGE_GENERATION_STATUS_COMPLETED).SerializeToString()
_TAIL = {pb.IMAGE_GENERATION_STATUS_COMPLETED: '","status":"completed"}'}


def json_to_binary(document: str | bytes) -> bytes:
    """The S floor, JSON to binary (the document must be S's shape)."""
    shape = _decode_shape(document)
    message = _Message()
    message.id = shape.id
    message.result_image = binascii.a2b_base64(shape.result, strict_mode=True)  # type: ignore[arg-type]
    return message.SerializeToString() + _COMPLETED_FIELD


def binary_to_json(data: bytes) -> str:
    """The S floor, binary to JSON (the message must be S's shape)."""
    message = _Message.FromString(data)
    status = message.status
    image = message.result_image
    return (
        '{"type":"image_generation_call","id":'
        + encode_basestring(message.id)
        + ',"result":"'
        + pybase64.b64encode_as_string(image)
        + _TAIL[status]
    )


def floor_calls(document: bytes, data: bytes) -> dict[str, Callable[[], object]]:
    """Zero-argument calls: each floor on S's document (bytes and str) and message."""
    text = document.decode()
    return {
        "encode": lambda: json_to_binary(document),
        "encode_str": lambda: json_to_binary(text),
        "decode": lambda: binary_to_json(data),
    }
