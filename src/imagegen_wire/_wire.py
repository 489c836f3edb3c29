"""The binary side of the item: fields to the generated message and back.

Every byte is written and read by the protoc-generated bindings; this module
only decides which fields to set, and checks that a decoded message is one a
conforming writer could have produced (CONTRACT.md section 3).
"""

from __future__ import annotations

from typing import Any

from google.protobuf import struct_pb2, unknown_fields

from imagegen.v1 import image_generation_call_pb2 as pb

from ._absent import ABSENT, Result
from ._errors import DecodeError, ValidationError
from ._jsonmap import KNOWN_MEMBERS, Extras
from ._jsonvalue import MAX_NAME_LENGTH, _short, canonical_text, parse_exact
from ._limits import DEFAULT_MAX_SIZE, check_binary_size
from ._status import STATUS_BY_TEXT, Status

Message = pb.ImageGenerationCall

UnknownFields = tuple[bytes, tuple[bytes, ...]]
"""Fields from a newer schema that this one does not name, kept to be written back:
(those of the message itself, those of each extra member in order)."""

# Keyed by the status text: a str key hashes in C, while hashing a Status member
# runs Enum.__hash__ in Python (a tenth of a small item's to_bytes).
_NUMBER_BY_TEXT: dict[str, int] = {
    Status.IN_PROGRESS.value: pb.IMAGE_GENERATION_STATUS_IN_PROGRESS,
    Status.COMPLETED.value: pb.IMAGE_GENERATION_STATUS_COMPLETED,
    Status.GENERATING.value: pb.IMAGE_GENERATION_STATUS_GENERATING,
    Status.FAILED.value: pb.IMAGE_GENERATION_STATUS_FAILED,
}
_STATUS_BY_NUMBER = {number: STATUS_BY_TEXT[text] for text, number in _NUMBER_BY_TEXT.items()}
_KNOWN_FIELDS = ("id", "result", "status_text", "extra_members", "status")
_UNSPECIFIED = pb.IMAGE_GENERATION_STATUS_UNSPECIFIED

# The schema has no map field, the one thing SerializeToString(deterministic=True)
# orders differently; plain SerializeToString then writes the same bytes in half
# the time. tests/test_wire_determinism.py fails if a map field is ever added.


def build_message(
    id_: str,
    status: Status | str,
    result: Result,
    image: bytes | None,
    extras: Extras,
    unknown: UnknownFields | None,
) -> Message:
    """The generated message for these fields; ``image`` is the result's bytes when canonical."""
    number = _NUMBER_BY_TEXT.get(status._value_) if type(status) is Status else None
    if image is not None and number is not None and not extras and unknown is None:
        # The usual item, in one constructor call.
        return Message(id=id_, result_image=image, status=number)  # type: ignore[arg-type]
    message = Message(id=id_)
    if image is not None:
        message.result_image = image
    elif result is None:
        # protoc's .pyi and types-protobuf type enum values differently; both are 0 here.
        message.result_null = struct_pb2.NULL_VALUE  # type: ignore[assignment]
    elif result is not ABSENT:
        message.result_text = result
    if number is None:
        message.status_text = status
        number = _UNSPECIFIED
    message.status = number  # type: ignore[assignment]
    for name, text in extras:
        message.extra_members.add(name=name, json_value=text)
    if unknown is not None:
        message.MergeFromString(unknown[0])
        for member, member_unknown in zip(message.extra_members, unknown[1], strict=True):
            member.MergeFromString(member_unknown)
    return message


def plain_bytes(
    id_: str, status: Status | str, result: Result | object, image: bytes | None
) -> bytes | None:
    """The bytes of an item with a documented status and nothing else beside its fields.

    ``None`` for any other item: then :func:`build_message` and :func:`serialize`.
    ``result`` is only read when ``image`` is ``None``.
    """
    if type(status) is not Status:
        return None
    number = _NUMBER_BY_TEXT[status._value_]
    # Attribute stores on an empty message: 20% less than the keyword constructor.
    message = Message()
    message.id = id_
    if image is not None:
        message.result_image = image
    elif result is None:
        message.result_null = 0  # type: ignore[assignment]  # NULL_VALUE
    elif type(result) is str:
        message.result_text = result
    elif result is not ABSENT:
        return None
    message.status = number  # type: ignore[assignment]
    # The message holds its own copy now; dropping ours lowers the peak of a huge image.
    del image
    return message.SerializeToString()


def decode(data: object, max_size: int | None = DEFAULT_MAX_SIZE) -> DecodedFields:
    """Parse bytes with the generated bindings and check them: :func:`parse_message`, then
    :func:`fields_from_message`."""
    return _fields(parse_message(data, max_size))


def serialize(message: Message) -> bytes:
    """Deterministic bytes: equal items give equal bytes (see the note on map fields above)."""
    return message.SerializeToString()


def encode(
    id_: str,
    status: Status | str,
    result: Result,
    image: bytes | None,
    extras: Extras,
    unknown: UnknownFields | None,
) -> bytes:
    """An item's bytes: deterministic, with ``status`` the last field on the wire.

    The bindings write unknown fields (from a newer schema) after every known
    one, so after ``status``; a cut in them would then decode as a shorter
    item. So a message with unknown fields is written as two, the rest and then
    ``status`` alone, each by the bindings: protobuf reads concatenated
    messages as one, and this is the very order (fields by number) a newer
    writer uses, so its bytes come back unchanged.
    """
    message = build_message(id_, status, result, image, extras, unknown)
    if unknown is None:
        return serialize(message)
    number = message.status
    message.ClearField("status")
    return serialize(message) + serialize(Message(status=number))


def parse_message(data: object, max_size: int | None = DEFAULT_MAX_SIZE) -> Message:
    """Parse bytes with the generated bindings, or raise ``DecodeError``.

    The size is checked first, before the bindings copy the input.
    """
    if not isinstance(data, (bytes, bytearray, memoryview)):
        msg = f"expected bytes, bytearray or memoryview, got {type(data).__name__}"
        raise DecodeError("$", msg)
    check_binary_size(data, max_size)
    try:
        message = Message.FromString(data)  # type: ignore[arg-type]  # upb takes any buffer
    # The runtime raises its own DecodeError, and for odd buffers (a memoryview
    # of another item size, say) TypeError or BufferError: all mean "not ours".
    except Exception as exc:
        msg = (
            f"expected a protobuf ImageGenerationCall message, got bytes that do not parse ({exc})"
        )
        raise DecodeError("$", msg) from None
    return message


DecodedFields = tuple[str, "Status | str", Result, "bytes | None", Extras, "UnknownFields | None"]
"""(id, status, result, image, extras, unknown); result is ``None`` when ``image`` carries it."""


def fields_from_message(message: object) -> DecodedFields:
    """Check a generated message against the contract and return its fields."""
    if not isinstance(message, Message):
        msg = f"expected an imagegen.v1.ImageGenerationCall message, got {type(message).__name__}"
        raise DecodeError("$", msg)
    return _fields(message)


def _fields(message: Message) -> DecodedFields:
    status = _decode_status(message)
    result: Result
    image: bytes | None = None
    which = message.WhichOneof("result")
    if which == "result_image":
        image = message.result_image
        result = None
        if not image:  # no writer of ours sends this, but its meaning is plain: ""
            image, result = None, ""
    elif which == "result_text":
        result = message.result_text
    elif which == "result_null":
        if message.result_null != struct_pb2.NULL_VALUE:  # type: ignore[comparison-overlap]
            msg = f"expected NULL_VALUE (0), got unknown enum value {message.result_null}"
            raise DecodeError("result_null", msg)
        result = None
    else:
        result = ABSENT
    members = message.extra_members
    if members:
        return message.id, status, result, image, _decode_extras(members), _unknown_fields(message)
    # No extra members: only the message itself can hold unknown fields.
    unknown = _unknown_fields(message) if len(unknown_fields.UnknownFieldSet(message)) else None
    return message.id, status, result, image, (), unknown


def _decode_status(message: Message) -> Status | str:
    number: int = message.status
    known = _STATUS_BY_NUMBER.get(number)
    if known is not None:  # a documented value is never the default: the field is there
        if message.HasField("status_text"):
            shown = _short(message.status_text)
            msg = f"expected no status_text beside status {known.value!r}, got {shown!r}"
            raise DecodeError("status_text", msg)
        return known
    if not message.HasField("status"):
        msg = (
            "expected field 2047, written last in every message, got a message without it: "
            "cut short, or not an ImageGenerationCall"
        )
        raise DecodeError("status", msg)
    text = message.status_text if message.HasField("status_text") else None
    if text is None:
        if number == pb.IMAGE_GENERATION_STATUS_UNSPECIFIED:
            msg = "expected the status text beside IMAGE_GENERATION_STATUS_UNSPECIFIED, got none"
            raise DecodeError("status_text", msg)
        msg = f"expected a known status or a status_text beside it, got enum value {number} alone"
        raise DecodeError("status", msg)
    # A newer writer's status value still carries its text; the text is the JSON.
    return STATUS_BY_TEXT.get(text, text)


def _decode_extras(members: Any) -> Extras:
    extras = []
    seen: set[str] = set()
    for index, member in enumerate(members):
        where = f"extra_members[{index}]"
        if len(member.name) > MAX_NAME_LENGTH:
            msg = f"expected a name of at most {MAX_NAME_LENGTH} characters, got one of {len(member.name)}"
            raise DecodeError(f"{where}.name", msg)
        if member.name in KNOWN_MEMBERS or member.name in seen:
            why = "a member the item names itself" if member.name in KNOWN_MEMBERS else "a repeat"
            msg = f"expected a unique unknown member name, got {member.name!r} ({why})"
            raise DecodeError(f"{where}.name", msg)
        seen.add(member.name)
        try:
            value: Any = parse_exact(member.json_value)
        except ValidationError as exc:
            raise DecodeError(f"{where}.json_value", exc.message) from None
        extras.append((member.name, canonical_text(value)))
    return tuple(extras)


def _unknown_fields(message: Message) -> UnknownFields | None:
    members = message.extra_members
    if not len(unknown_fields.UnknownFieldSet(message)) and not any(
        len(unknown_fields.UnknownFieldSet(member)) for member in members
    ):
        return None
    # Clearing every known field leaves exactly the unknown ones to serialize:
    # the generated bindings write them, so no wire code of ours is involved.
    rest = Message()
    rest.CopyFrom(message)
    for name in _KNOWN_FIELDS:
        rest.ClearField(name)
    per_member = []
    for member in members:
        member_rest = pb.ExtraMember()
        member_rest.CopyFrom(member)
        member_rest.ClearField("name")
        member_rest.ClearField("json_value")
        per_member.append(member_rest.SerializeToString(deterministic=True))
    return rest.SerializeToString(deterministic=True), tuple(per_member)
