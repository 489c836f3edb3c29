"""``ImageGenerationCall``: one immutable item, readable from and writable to JSON and binary."""

from __future__ import annotations

import inspect
import json
import types
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, final

import msgspec

from . import _jsonmap, _wire
from ._absent import ABSENT, Result
from ._base64 import encode
from ._errors import ValidationError
from ._fields import NO_UNKNOWN_FIELDS, Extras, UnknownFields, Value
from ._limits import DEFAULT_MAX_SIZE, checked_input, with_stack_room
from ._status import Status

_REPR_RESULT_CHARS = 40


class _CheckedCall(msgspec.StructMeta):
    """Calling the class is the checked keyword constructor (a ``Struct`` has no ``__init__``)."""

    def __call__(cls, *args: object, **keywords: Any) -> ImageGenerationCall:
        if args:
            msg = (
                f"ImageGenerationCall() takes keyword arguments only, got {len(args)} positional: "
                "ImageGenerationCall(id=..., status=..., result=...)"
            )
            raise TypeError(msg)
        return _keywords(**keywords)

    @property
    def __match_args__(cls) -> tuple[str, ...]:  # type: ignore[override]  # read-only here
        """``case ImageGenerationCall(id, status, result)``: the public fields, not the stored ones."""
        return ("id", "status", "result")

    @property
    def __signature__(cls) -> inspect.Signature:
        """What help() and inspect.signature show: the constructor's keywords, not the fields."""
        return inspect.signature(_keywords).replace(return_annotation=inspect.Signature.empty)


def _keywords(
    *,
    id: str,
    status: Status | str,
    result: Result = ABSENT,
    image_bytes: bytes | None = None,
    extra: Mapping[str, Any] | None = None,
    strict: bool = False,
) -> ImageGenerationCall:
    """The checked keyword constructor: every value is checked, whatever its type."""
    return _make(*_jsonmap.fields_from_keywords(id, status, result, image_bytes, extra, strict))


_keywords.__name__ = _keywords.__qualname__ = "ImageGenerationCall"  # as its TypeErrors say


@final
class ImageGenerationCall(msgspec.Struct, frozen=True, gc=False, metaclass=_CheckedCall):
    """One ``image_generation_call`` item: immutable, hashable, compared by value.

    Make one from JSON, a dict, bytes, a generated message, or by keywords
    (``result=`` the text, or ``image_bytes=`` an image to base64-encode;
    ``strict=True`` refuses what ``from_json(strict=True)`` refuses, an unknown
    status among it).
    ``result`` tells an absent member (``ABSENT``), null (``None``) and a string
    apart. Unknown members are part of the value in their order, as ``to_json``
    writes them: compare ``to_dict()`` to ignore their order.

    >>> item = ImageGenerationCall(id="ig_1", status="completed", image_bytes=b"hi")
    >>> item.result, item.status is Status.COMPLETED
    ('aGk=', True)
    >>> ImageGenerationCall.from_bytes(item.to_bytes()) == item
    True
    """

    # Every field is private, so that msgspec.structs.replace(item, id=...) has no field
    # to change; id and status are read through the properties below.
    _id: str
    _status: Status | str
    # The result in one form: the image when the text is canonical base64, else the text.
    _value: Value
    _extras: Extras
    _unknown: UnknownFields

    if TYPE_CHECKING:

        def __init__(
            self,
            *,
            id: str,
            status: Status | str,
            result: Result = ABSENT,
            image_bytes: bytes | None = None,
            extra: Mapping[str, Any] | None = None,
            strict: bool = False,
        ) -> None:
            """Make an item, checked as JSON is; ``extra``: unknown members (``{"prompt": "a cat"}``).

            ``strict=True`` checks it as ``from_json(strict=True)`` does: one of the
            four statuses (a typo such as ``"completd"`` raises), ``result`` given,
            no ``extra``.
            """

    # -- JSON -------------------------------------------------------------

    @classmethod
    def from_json(
        cls, data: str | bytes, *, strict: bool = False, max_size: int | None = DEFAULT_MAX_SIZE
    ) -> ImageGenerationCall:
        """Read one JSON item (``str``, or UTF-8 ``bytes``); ``ValidationError`` names the path.

        The default mode keeps unknown members and statuses, allows an absent
        ``result``, and lets a repeated member's last value win; ``strict=True``
        accepts only the closed shape of the SDK's seed document. Input past
        ``max_size`` (bytes, or a ``str``'s characters; ``None``: no bound) is
        refused unparsed.

        >>> ImageGenerationCall.from_json('{"type":"image_generation_call","id":"a","status":"failed"}')
        ImageGenerationCall(id='a', status=Status.FAILED, result=ABSENT)
        """
        return _make(
            *_jsonmap.read_json(checked_input(data, max_size, ValidationError, True), strict)
        )

    @classmethod
    def from_dict(cls, obj: Mapping[str, Any], *, strict: bool = False) -> ImageGenerationCall:
        """Read an item from a dict shaped like parsed JSON (as ``json.loads`` returns)."""
        return _make(*_jsonmap.read_mapping(obj, strict=strict))

    def to_json(self, *, indent: int | None = None) -> str:
        """JSON, compact; ``indent`` (say 2) pretty-prints it for people."""
        if indent is None:
            return _jsonmap.write_json(self._id, self._status, self._value, self._extras)
        obj = self.to_dict()
        text = with_stack_room(lambda: json.dumps(obj, indent=indent, ensure_ascii=False))
        return _jsonmap.escape_line_breaks(text)

    def to_dict(self) -> dict[str, Any]:
        """The item as parsed JSON: ``json.loads(item.to_json()) == item.to_dict()``."""
        obj: dict[str, Any] = {"type": _jsonmap.TYPE_VALUE, "id": self._id}
        result = self.result
        if result is not ABSENT:
            obj["result"] = result
        obj["status"] = str(self._status)
        obj.update(self.extra)
        return obj

    # -- binary -----------------------------------------------------------

    @classmethod
    def from_bytes(
        cls, data: bytes | bytearray | memoryview, *, max_size: int | None = DEFAULT_MAX_SIZE
    ) -> ImageGenerationCall:
        """Read one binary ``imagegen.v1.ImageGenerationCall`` message, or raise ``DecodeError``.

        Fields from a newer schema are kept for ``to_bytes``. Input past
        ``max_size`` bytes (``None``: no bound) is refused unparsed.
        """
        return _make(*_wire.decode(data, max_size))

    def to_bytes(self) -> bytes:
        """The binary form: deterministic, so equal items give equal bytes."""
        return _wire.encode(self._id, self._status, self._value, self._extras, self._unknown)

    @classmethod
    def from_proto(cls, message: _wire.Message) -> ImageGenerationCall:
        """Read an item from a generated ``image_generation_call_pb2.ImageGenerationCall``.

        A message of that full name from another descriptor pool (your own generated
        copy of the schema, of any version) is read through its bytes.
        """
        return _make(*_wire.fields_from_message(message))

    def to_proto(self) -> _wire.Message:
        """A new generated message holding this item (yours to change): the message of its bytes."""
        return _wire.Message.FromString(self.to_bytes())

    # -- fields -----------------------------------------------------------

    @property
    def id(self) -> str:
        """The ``id`` member; any string, ``""`` included."""
        return self._id

    @property
    def status(self) -> Status | str:
        """A ``Status`` for the four documented values, else the string as it came."""
        return self._status

    @property
    def result(self) -> Result:
        """The ``result`` member: a string, ``None`` for JSON null, or ``ABSENT``."""
        value = self._value
        return encode(value) if type(value) is bytes else value  # type: ignore[return-value]

    @property
    def image_bytes(self) -> bytes | None:
        """The decoded image when ``result`` is canonical base64, else ``None``."""
        value = self._value
        return value if type(value) is bytes else None

    @property
    def extra(self) -> Mapping[str, Any]:
        """Unknown members kept from the JSON, in their order: read-only, its values new each call."""
        return types.MappingProxyType(
            {name: with_stack_room(json.loads, text) for name, text in self._extras}
        )

    @property
    def has_unknown_fields(self) -> bool:
        """True if its bytes held fields of a newer schema: ``to_bytes`` keeps them, JSON cannot."""
        return self._unknown is not NO_UNKNOWN_FIELDS

    # -- Python protocols -------------------------------------------------

    def __repr__(self) -> str:
        value = self._value
        if type(value) is bytes:  # encode only what is shown: 3 bytes give 4 characters
            result: Result = encode(value[: _REPR_RESULT_CHARS // 4 * 3 + 3])
            chars = (len(value) + 2) // 3 * 4
        else:
            result = self.result
            chars = len(result) if isinstance(result, str) else 0
        if isinstance(result, str) and chars > _REPR_RESULT_CHARS:
            shown = f"{result[:_REPR_RESULT_CHARS]!r}... ({chars} chars)"
        else:
            shown = repr(result)
        status = (
            f"Status.{self._status.name}" if type(self._status) is Status else repr(self._status)
        )
        extra = f", extra={with_stack_room(repr, dict(self.extra))}" if self._extras else ""
        return f"ImageGenerationCall(id={self._id!r}, status={status}, result={shown}{extra})"

    # -- pydantic (imported only when pydantic asks) -----------------------

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> Any:
        """A field type of pydantic models and FastAPI bodies: an item, a dict or JSON in."""
        from . import _pydantic

        return _pydantic.core_schema_of(source, handler)

    @classmethod
    def __get_pydantic_json_schema__(cls, schema: Any, handler: Any) -> Any:
        """The item's JSON Schema (``imagegen-wire schema --json-schema``) in a model's."""
        from . import _pydantic

        return _pydantic.json_schema_of(schema, handler)

    def __replace__(self, **changes: Any) -> ImageGenerationCall:
        """``copy.replace(item, status="failed")``: a new item, checked as the constructor checks.

        Takes the constructor's keywords; the others keep their values (``image_bytes=``
        replaces ``result``). Fields of a newer schema are kept, as protobuf keeps them.
        """
        given: dict[str, Any] = {"id": self._id, "status": self._status, "extra": self.extra}
        if "image_bytes" not in changes:
            given["result"] = self.result
        made = _keywords(**{**given, **changes})
        if self._unknown is NO_UNKNOWN_FIELDS:
            return made
        return _make(made.id, made.status, made._value, made._extras, self._unknown)

    def __reduce__(self) -> tuple[object, ...]:
        # Its own bytes, read back with no max_size: what to_bytes wrote, of any size.
        return (_from_pickle, (self.to_bytes(),))

    def __copy__(self) -> ImageGenerationCall:
        return self  # immutable, as a tuple or a str is: a copy would be equal and never differ

    def __deepcopy__(self, memo: object) -> ImageGenerationCall:
        return self  # every field is immutable too (str, Status, bytes, tuples)


# The Struct's own call: positional fields, already checked, no keyword checks.
_make: Callable[..., ImageGenerationCall] = msgspec.StructMeta.__call__.__get__(ImageGenerationCall)


def plain_items(block: bytes) -> list[ImageGenerationCall] | None:
    """The items of whole NDJSON lines (none blank), each one plain as ``from_json`` reads it
    on its shortcut; ``None`` if any is not: read them one by one."""
    fields = _jsonmap.read_plain_lines(block)
    return None if fields is None else [_make(*each) for each in fields]


def _from_pickle(data: bytes) -> ImageGenerationCall:
    """An item from the bytes its ``__reduce__`` wrote: checked as ``from_bytes`` checks, any size."""
    return _make(*_wire.decode(data, None))
