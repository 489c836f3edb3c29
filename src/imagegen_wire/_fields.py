"""The item's fields as both sides hold them: the JSON side and the binary side make these.

An item is five values, ``(id, status, value, extras, unknown)``: the readers
(``_jsonmap``, ``_wire``) return them in that order and the item stores them.
"""

from __future__ import annotations

from typing import Final, final

from ._absent import Result
from ._base64 import decode_canonical
from ._status import Status

KNOWN_MEMBERS = ("type", "id", "result", "status")
"""The JSON members the item's fields hold; every other member is an extra."""

Value = bytes | Result
"""The result in the one form an item holds: the image if it is canonical base64, else itself."""

Extras = tuple[tuple[str, str], ...]
"""Unknown members in document order, each as (name, canonical JSON text of its value)."""


@final
class UnknownFields:
    """Fields of a newer schema, kept to be written back: the message's and each extra member's.

    Not a tuple: an item is a ``msgspec.Struct``, and msgspec's encoders write a
    Struct's stored fields, which are not the item's JSON. They cannot write this,
    so ``msgspec.json.encode(item)`` raises a ``TypeError`` naming this type: the
    name says what to do.
    """

    __slots__ = ("members", "message")

    def __init__(self, message: bytes, members: tuple[bytes, ...]) -> None:
        self.message = message
        self.members = members

    def __eq__(self, other: object) -> bool:
        if type(other) is not UnknownFields:
            return NotImplemented
        return (self.message, self.members) == (other.message, other.members)

    def __hash__(self) -> int:
        return hash((self.message, self.members))

    def __repr__(self) -> str:
        return f"UnknownFields({self.message!r}, {self.members!r})"


# What msgspec says: "Encoding objects of type <this name> is unsupported".
UnknownFields.__name__ = "ImageGenerationCall's stored fields (encode item.to_dict() instead)"

NO_UNKNOWN_FIELDS: Final = UnknownFields(b"", ())
"""The unknown fields of an item that has none (every item read from JSON)."""

Fields = tuple[str, "Status | str", Value, Extras, UnknownFields]
"""(id, status, result value, extras, unknown protobuf fields)."""


def value_of(result: Result) -> Value:
    """The held form of a checked result: its image if it is canonical base64."""
    return (decode_canonical(result) or result) if type(result) is str else result
