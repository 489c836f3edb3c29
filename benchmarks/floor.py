"""The least any converter through the generated bindings must spend on one small item.

Each "floor" below is only the C calls that such a conversion cannot skip, with
no Python of ours around them: parse the JSON, decode the base64, build and
serialize the generated message (JSON to binary); parse the message, read each
field and its presence (a contract check: status_text beside a known status,
the result's oneof case, extra members), encode the base64, escape the id
(binary to JSON). Left out, to keep the floor low: making the item object,
looking for unknown fields (a converter could defer it), framing the output. Timed side by side with the SDK, they show
which goals a library of this design can reach at all.
"""

from __future__ import annotations

import binascii
from collections.abc import Callable
from typing import Literal

import msgspec
import orjson

from imagegen.v1 import image_generation_call_pb2 as pb
from imagegen_wire import ImageGenerationCall


class _Shape(msgspec.Struct, forbid_unknown_fields=True, gc=False):
    type: Literal["image_generation_call"]
    id: str
    status: str
    result: str | msgspec.UnsetType | None = msgspec.UNSET


def floor_calls(document: bytes) -> dict[str, Callable[[], object]]:
    """Zero-argument calls: the JSON-to-binary floor and the binary-to-JSON floor."""
    decode_shape = msgspec.json.Decoder(_Shape).decode
    message_type = pb.ImageGenerationCall
    data = ImageGenerationCall.from_json(document).to_bytes()

    def encode_floor() -> bytes:
        shape = decode_shape(document)
        image = binascii.a2b_base64(shape.result, strict_mode=True)  # type: ignore[arg-type]
        return message_type(id=shape.id, result_image=image, status=2).SerializeToString()

    def decode_floor() -> str:
        message = message_type.FromString(data)
        reads = (
            message.status,
            message.HasField("status_text"),
            message.WhichOneof("result"),
            message.extra_members,
        )
        text = binascii.b2a_base64(message.result_image, newline=False).decode("ascii")
        return orjson.dumps(message.id).decode() + text + str(len(reads))

    return {"encode": encode_floor, "decode": decode_floor}
