"""The binary side of the item: fields to the generated message and bytes, and back.

The bindings write and read every byte; this module sets the fields, and checks
messages against CONTRACT.md section 3. One way out, :func:`encode`; one way in,
:func:`decode`, whose full path is :func:`fields_from_message`.
"""

from __future__ import annotations

from typing import Any

from google.protobuf import unknown_fields
from google.protobuf.message import Message as ProtoMessage

from imagegen.v1 import image_generation_call_pb2 as pb

from ._absent import ABSENT
from ._errors import DecodeError, ValidationError
from ._fields import (
    KNOWN_MEMBERS,
    NO_UNKNOWN_FIELDS,
    Extras,
    Fields,
    UnknownFields,
    Value,
    value_of,
)
from ._jsonvalue import canonical_text, parse_exact, shorten
from ._limits import MAX_NAME_LENGTH, checked_input, with_stack_room
from ._status import STATUS_BY_TEXT, Status

Message = pb.ImageGenerationCall

# Keyed by text: a str hashes in C, a Status member in Python (Enum.__hash__).
_NUMBER_BY_TEXT: dict[str, int] = {
    s.value: getattr(pb, f"IMAGE_GENERATION_STATUS_{s.name}") for s in Status
}
_STATUS_BY_NUMBER = {number: STATUS_BY_TEXT[text] for text, number in _NUMBER_BY_TEXT.items()}
_UNSPECIFIED = pb.IMAGE_GENERATION_STATUS_UNSPECIFIED
_KNOWN_FIELDS = ("id", "result", "status_text", "extra_members", "status")

# Status is the last field on the wire, so that no cut of a message reads as an
# item. The bindings write unknown fields after the known ones, so a message that
# has them is written as two messages, read as one: all but status, then status
# alone, serialized here once per value; the order a newer writer uses.
_STATUS_FIELD = {
    number: Message(status=number).SerializeToString()  # type: ignore[arg-type]
    for number in (_UNSPECIFIED, *_NUMBER_BY_TEXT.values())
}
# No map field (tests/test_shortcuts.py checks): SerializeToString is deterministic.


def encode(
    id_: str, status: Status | str, value: Value, extras: Extras, unknown: UnknownFields
) -> bytes:
    """An item's bytes: deterministic, with ``status`` the last field on the wire."""
    message = Message()  # fields set one by one: most are conditional
    # The bindings keep a UTF-8 copy on a non-ASCII str as long as it lives.
    message.id = id_ if id_.isascii() else id_.encode()  # type: ignore[assignment]
    if type(value) is bytes:
        message.result_image = value
    elif value is None:
        message.result_null = 0  # type: ignore[assignment]  # google.protobuf.NULL_VALUE
    elif value is not ABSENT:
        message.result_text = value  # type: ignore[assignment]
    if type(status) is Status:
        number = _NUMBER_BY_TEXT[status._value_]
    else:
        message.status_text = status
        number = _UNSPECIFIED
    for name, text in extras:
        message.extra_members.add(name=name, json_value=text)
    if unknown is NO_UNKNOWN_FIELDS:
        message.status = number  # type: ignore[assignment]
        return message.SerializeToString()
    message.MergeFromString(unknown.message)
    for member, member_unknown in zip(message.extra_members, unknown.members, strict=True):
        member.MergeFromString(member_unknown)
    return message.SerializeToString() + _STATUS_FIELD[number]


def decode(data: object, max_size: object) -> Fields:
    """Parse bytes with the generated bindings and check them against the contract.

    The shortcut is a proof by length: every field takes at least its minimal
    encoding, so a message of exactly the minimal size of its id, a non-empty
    image or a null, and a documented status holds nothing else, and every
    check of the full path, :func:`fields_from_message`, would pass.
    """
    data = checked_input(data, max_size, DecodeError, False)
    try:
        message = Message.FromString(data)  # type: ignore[arg-type]  # upb takes any buffer
    except Exception as exc:  # the runtime's own DecodeError, or any it may add
        msg = (
            f"expected a protobuf ImageGenerationCall message, got bytes that do not parse ({exc})"
        )
        raise DecodeError("$", msg) from None
    number: int = message.status
    image = message.result_image
    if 1 <= number <= 4 and (image or message.WhichOneof("result") == "result_null"):
        id_ = message.id
        id_size = len(id_) if id_.isascii() else len(id_.encode())
        # A field: 1-byte tag, size (varint, 7 bits a byte), bytes; result_null: tag, value;
        # status: 2-byte tag, value.
        size = 4 + (len(image).bit_length() + 6) // 7 + len(image) if image else 5
        if id_size:
            size += 1 + (id_size.bit_length() + 6) // 7 + id_size
        if len(data) == size and (image or not message.result_null):  # NULL_VALUE is 0
            return id_, _STATUS_BY_NUMBER[number], image or None, (), NO_UNKNOWN_FIELDS
    return fields_from_message(message)


def fields_from_message(message: object) -> Fields:
    """Check a generated message against the contract and return its fields (the full path).

    A message of the same full name from another descriptor pool (a user's own
    generated copy of the schema, perhaps another version of it) is read
    through its bytes, as any other writer's would be.
    """
    if not isinstance(message, Message):
        if isinstance(message, ProtoMessage):
            name = message.DESCRIPTOR.full_name
            if name == Message.DESCRIPTOR.full_name:
                return decode(message.SerializeToString(), None)
            msg = f"expected an {Message.DESCRIPTOR.full_name} message, got a {name} message"
        else:
            msg = (
                f"expected an {Message.DESCRIPTOR.full_name} message, got {type(message).__name__}"
            )
        raise DecodeError("$", msg)
    status = _decode_status(message)
    value: Value
    which = message.WhichOneof("result")
    if which == "result_image":  # empty: no writer of ours sends it, but it plainly means ""
        value = message.result_image or ""
    elif which == "result_text":  # canonical base64 sent as text is held as its image
        value = value_of(message.result_text)
    elif which == "result_null":
        if message.result_null != 0:  # type: ignore[comparison-overlap]  # NULL_VALUE
            msg = f"expected NULL_VALUE (0), got unknown enum value {message.result_null}"
            raise DecodeError("result_null", msg)
        value = None
    else:
        value = ABSENT
    extras = _decode_extras(message.extra_members)
    return message.id, status, value, extras, _unknown_fields(message)


def _decode_status(message: Message) -> Status | str:
    number: int = message.status
    known = _STATUS_BY_NUMBER.get(number)
    if known is not None:  # a documented value is never the default: the field is there
        if message.HasField("status_text"):
            shown = shorten(message.status_text)
            msg = f"expected no status_text beside status {known.value!r}, got {shown!r}"
            raise DecodeError("status_text", msg)
        return known
    if not message.HasField("status"):
        msg = (
            "expected field 2047, written last in every message, got a message without it: "
            "cut short, or not an ImageGenerationCall"
        )
        raise DecodeError("status", msg)
    if not message.HasField("status_text"):
        if number == _UNSPECIFIED:
            msg = "expected the status text beside IMAGE_GENERATION_STATUS_UNSPECIFIED, got none"
            raise DecodeError("status_text", msg)
        msg = f"expected a known status or a status_text beside it, got enum value {number} alone"
        raise DecodeError("status", msg)
    text = message.status_text  # a newer writer's status number still carries its text
    return STATUS_BY_TEXT.get(text, text)


def _decode_extras(members: Any) -> Extras:
    extras: dict[str, str] = {}
    for index, member in enumerate(members):
        where = f"extra_members[{index}]"
        name = member.name
        if len(name) > MAX_NAME_LENGTH:
            msg = f"expected a name of at most {MAX_NAME_LENGTH} characters, got one of {len(name)}"
            raise DecodeError(f"{where}.name", msg)
        if name in KNOWN_MEMBERS or name in extras:
            why = "a member the item names itself" if name in KNOWN_MEMBERS else "a repeat"
            msg = f"expected a unique unknown member name, got {name!r} ({why})"
            raise DecodeError(f"{where}.name", msg)
        try:
            extras[name] = with_stack_room(_canonical, member.json_value)
        except ValidationError as exc:
            raise DecodeError(f"{where}.json_value", exc.message) from None
    return tuple(extras.items())


def _canonical(text: str) -> str:
    return canonical_text(parse_exact(text, 1))  # a member's value: one level inside the item


def _unknown_fields(message: Message) -> UnknownFields:
    members = message.extra_members
    if not len(unknown_fields.UnknownFieldSet(message)) and not any(
        len(unknown_fields.UnknownFieldSet(member)) for member in members
    ):
        return NO_UNKNOWN_FIELDS
    per_member = tuple(_serialized_unknown(member, ("name", "json_value")) for member in members)
    return UnknownFields(_serialized_unknown(message, _KNOWN_FIELDS), per_member)


def _serialized_unknown(message: Any, known: tuple[str, ...]) -> bytes:
    """The unknown fields of ``message``, serialized by the bindings: a copy with the known cleared."""
    rest = type(message)()
    rest.CopyFrom(message)
    for name in known:
        rest.ClearField(name)
    return rest.SerializeToString(deterministic=True)  # type: ignore[no-any-return]
