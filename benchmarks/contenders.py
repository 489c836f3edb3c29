"""Each contender's two operations, JSON to binary and binary to JSON, for one item and a stream.

A contender gets our compact JSON documents and prepares, outside the timing,
the inputs it would naturally be handed: protobuf's ``json_format`` its own
JSON form of the same message (a ``str``, as ``Parse`` works on text), the OpenRouter SDK a validated model (it has no
binary form), msgspec its own msgpack. The timed calls then start from those.

Streams of binary messages are length-delimited (a varint size before each
message). Peers without a stream API of their own share :func:`frame` and
:func:`unframe`, so that all of them pay the same for framing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import msgspec
import orjson
from google.protobuf import json_format
from openrouter.components import OutputItemImageGenerationCall as SdkModel

from imagegen.v1 import image_generation_call_pb2 as pb
from imagegen_wire import ImageGenerationCall

try:  # the library's stream module; without it (an older checkout) a per-item loop stands in
    from imagegen_wire import _stream
except ImportError:  # pragma: no cover
    _stream = None  # type: ignore[assignment]


def frame(messages: Sequence[bytes]) -> bytes:
    """Messages as one length-delimited stream (varint size, then the bytes)."""
    out = bytearray()
    for message in messages:
        size = len(message)
        while size > 0x7F:
            out.append(size & 0x7F | 0x80)
            size >>= 7
        out.append(size)
        out += message
    return bytes(out)


def unframe(stream: bytes) -> Iterator[memoryview]:
    """The messages of a length-delimited stream, as views into it."""
    view = memoryview(stream)
    position, end = 0, len(stream)
    while position < end:
        size = shift = 0
        while True:
            byte = stream[position]
            position += 1
            size |= (byte & 0x7F) << shift
            if byte < 0x80:
                break
            shift += 7
        yield view[position : position + size]
        position += size


# Contenders whose JSON to binary is also timed on a ``str`` (``response.text``
# rather than ``response.content``), under the name ``f"{name}[str]"``.
TAKES_STR = ("imagegen_wire", "sdk")


def str_name(name: str) -> str:
    """The timing key of ``name``'s JSON to binary on ``str`` input."""
    return f"{name}[str]"


@dataclass
class Contender:
    """One way to do the two operations; ``encode``/``decode`` are per item."""

    name: str
    label: str
    # Turn one of our JSON documents into (this contender's JSON input, its binary input).
    prepare: Callable[[bytes], tuple[Any, Any]]
    encode: Callable[[Any], Any]  # JSON to binary (or, for JSON-only peers, to its object)
    decode: Callable[[Any], Any]  # binary (or object) to JSON
    # Whole-stream operations; by default a per-item loop over lines and frames.
    encode_stream: Callable[[bytes], Any] | None = None
    decode_stream: Callable[[bytes], Any] | None = None

    def stream_inputs(self, documents: Sequence[bytes]) -> tuple[bytes, Any]:
        """NDJSON of this contender's JSON form, and its binary stream, for the N workload."""
        pairs = [self.prepare(document) for document in documents]
        ndjson = b"".join(_as_bytes(json_in) + b"\n" for json_in, _ in pairs)
        binaries = [binary for _, binary in pairs]
        if all(isinstance(binary, bytes) for binary in binaries):
            return ndjson, frame(binaries)
        return ndjson, binaries  # objects (the SDK's models) have no stream form

    def run_encode_stream(self, ndjson: bytes) -> Any:
        if self.encode_stream is not None:
            return self.encode_stream(ndjson)
        encode = self.encode
        outputs = [encode(line) for line in ndjson.splitlines()]
        if outputs and isinstance(outputs[0], bytes):
            return frame(outputs)
        return outputs

    def run_decode_stream(self, stream: Any) -> Any:
        if self.decode_stream is not None:
            return self.decode_stream(stream)
        decode = self.decode
        messages = unframe(stream) if isinstance(stream, bytes) else stream
        lines = [_as_bytes(decode(message)) for message in messages]
        return b"".join(line + b"\n" for line in lines)


def _as_bytes(text: str | bytes) -> bytes:
    return text.encode() if isinstance(text, str) else text


# -- imagegen-wire ----------------------------------------------------------------


def _ours_prepare(document: bytes) -> tuple[bytes, bytes]:
    return document, ImageGenerationCall.from_json(document).to_bytes()


def _ours_encode(document: str | bytes) -> bytes:
    return ImageGenerationCall.from_json(document).to_bytes()


def _ours_decode(data: bytes) -> str:
    return ImageGenerationCall.from_bytes(data).to_json()


def ours() -> Contender:
    contender = Contender(
        "imagegen_wire",
        "imagegen-wire from_json/to_bytes, from_bytes/to_json",
        _ours_prepare,
        _ours_encode,
        _ours_decode,
    )
    if _stream is not None:
        contender.encode_stream, contender.decode_stream = _stream_functions()
    return contender


def _stream_functions() -> tuple[Callable[[bytes], Any], Callable[[bytes], Any]]:
    """NDJSON to delimited stream and back through the library's own stream module."""
    import io

    def encode_stream(ndjson: bytes) -> bytes:
        out = io.BytesIO()
        _stream.write_delimited(out, _stream.read_ndjson(io.BytesIO(ndjson)))
        return out.getvalue()

    def decode_stream(stream: bytes) -> bytes:
        out = io.BytesIO()
        _stream.write_ndjson(out, _stream.read_delimited(io.BytesIO(stream)))
        return out.getvalue()

    return encode_stream, decode_stream


# -- protobuf json_format ---------------------------------------------------------


def _pb_prepare(document: bytes) -> tuple[str, bytes]:
    message = ImageGenerationCall.from_json(document).to_proto()
    return json_format.MessageToJson(message, indent=None), message.SerializeToString()


def _pb_encode(text: str | bytes) -> bytes:  # Parse decodes bytes to str first: given str
    message = json_format.Parse(text, pb.ImageGenerationCall())
    return message.SerializeToString()


def _pb_decode(data: bytes) -> str:
    message = pb.ImageGenerationCall()
    message.ParseFromString(data)
    return json_format.MessageToJson(message, indent=None)


def protobuf_json_format() -> Contender:
    return Contender(
        "json_format",
        "protobuf json_format Parse+SerializeToString, ParseFromString+MessageToJson",
        _pb_prepare,
        _pb_encode,
        _pb_decode,
    )


# -- OpenRouter SDK ---------------------------------------------------------------


def _sdk_prepare(document: bytes) -> tuple[bytes, SdkModel]:
    return document, SdkModel.model_validate_json(document)


def openrouter_sdk() -> Contender:
    return Contender(
        "sdk",
        "OpenRouter SDK model_validate_json, model_dump_json (JSON only, no binary)",
        _sdk_prepare,
        SdkModel.model_validate_json,
        SdkModel.model_dump_json,
    )


# -- msgspec ----------------------------------------------------------------------


class MsgspecItem(msgspec.Struct):
    """The item as a user of msgspec would declare it; ``bytes`` makes JSON base64 compact."""

    type: Literal["image_generation_call"]
    id: str
    status: str
    result: bytes | msgspec.UnsetType | None = msgspec.UNSET


_MS_JSON_DECODER = msgspec.json.Decoder(MsgspecItem)
_MS_JSON_ENCODER = msgspec.json.Encoder()
_MS_PACK_DECODER = msgspec.msgpack.Decoder(MsgspecItem)
_MS_PACK_ENCODER = msgspec.msgpack.Encoder()


def _ms_prepare(document: bytes) -> tuple[bytes, bytes]:
    return document, _MS_PACK_ENCODER.encode(_MS_JSON_DECODER.decode(document))


def _ms_encode(document: bytes) -> bytes:
    return _MS_PACK_ENCODER.encode(_MS_JSON_DECODER.decode(document))


def _ms_decode(data: bytes) -> bytes:
    return _MS_JSON_ENCODER.encode(_MS_PACK_DECODER.decode(data))


def msgspec_msgpack() -> Contender:
    return Contender(
        "msgspec",
        "msgspec Struct: JSON decode + msgpack encode, msgpack decode + JSON encode",
        _ms_prepare,
        _ms_encode,
        _ms_decode,
    )


# -- references -------------------------------------------------------------------


def _orjson_prepare(document: bytes) -> tuple[bytes, Any]:
    return document, orjson.loads(document)


def orjson_reference() -> Contender:
    return Contender(
        "orjson",
        "reference: orjson.loads, orjson.dumps (JSON only, no checks, no binary)",
        _orjson_prepare,
        orjson.loads,
        orjson.dumps,
    )


def _copy_prepare(document: bytes) -> tuple[bytes, bytes]:
    return document, ImageGenerationCall.from_json(document).to_bytes()


def _copy(data: bytes | memoryview) -> bytes:
    return memoryview(data).tobytes()


def memory_copy() -> Contender:
    return Contender(
        "memcpy",
        "reference: one copy of the input bytes (the floor of any conversion)",
        _copy_prepare,
        _copy,
        _copy,
    )


def all_contenders() -> list[Contender]:
    """Ours first, then the peers, then the references."""
    return [
        ours(),
        protobuf_json_format(),
        openrouter_sdk(),
        msgspec_msgpack(),
        orjson_reference(),
        memory_copy(),
    ]
