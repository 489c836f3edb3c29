"""``ImageGenerationCall``: one immutable item, readable from and writable to JSON and binary."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import Any, Final

from . import _base64, _jsonmap, _wire
from ._absent import ABSENT, Result
from ._jsonvalue import parse_canonical
from ._limits import DEFAULT_MAX_SIZE, check_json_size
from ._status import Status


class _Pending(enum.Enum):
    """A form of the result not derived yet: the text of an image read from bytes, or the reverse."""

    PENDING = "PENDING"


_PENDING: Final = _Pending.PENDING

# From this size, an item read from JSON bytes keeps where its image is in the
# document, not the image: to_bytes then decodes it for the call, so the peak
# of JSON to binary is three copies of the image, not four (benchmarks/README.md).
_KEEP_DOCUMENT_FROM = 16 * 1024 * 1024


class _InDocument:
    """Canonical base64 already checked, at ``where`` in the caller's immutable JSON bytes."""

    __slots__ = ("data", "where")

    def __init__(self, data: bytes, where: slice) -> None:
        self.data = data
        self.where = where

    def decode(self) -> bytes:
        image = _base64.decode_canonical_bytes(memoryview(self.data)[self.where])
        assert image is not None  # checked when the item was made
        return image


_REPR_RESULT_CHARS = 40


class ImageGenerationCall:
    """One ``image_generation_call`` item.

    Make one from JSON, a dict, bytes or a generated message, or by keywords;
    write it back to any of them. Items are immutable, hashable and compare by
    value; ``result`` tells an absent member (``ABSENT``), JSON null (``None``)
    and a string apart.

    >>> item = ImageGenerationCall(id="ig_1", status="completed", result="aGk=")
    >>> item.status is Status.COMPLETED, item.image_bytes
    (True, b'hi')
    >>> ImageGenerationCall.from_bytes(item.to_bytes()) == item
    True
    """

    __slots__ = ("_extras", "_hash", "_id", "_image", "_result", "_status", "_unknown")

    _id: str
    _status: Status | str
    _result: Result | _Pending
    _image: bytes | _InDocument | _Pending | None
    _extras: _jsonmap.Extras
    _unknown: _wire.UnknownFields | None
    _hash: int | None

    def __init__(
        self,
        *,
        id: str,
        status: Status | str,
        result: Result = ABSENT,
        extra: Mapping[str, Any] | None = None,
    ) -> None:
        """Make an item; arguments are checked as the default mode checks a JSON document.

        ``extra`` holds unknown members (``{"prompt": "a cat"}``), written after
        the known ones. Raises ``ValidationError`` for anything JSON cannot hold.
        """
        id_, status_, result_, extras = _jsonmap.fields_from_keywords(id, status, result, extra)
        _fill(self, id_, status_, result_, _PENDING, extras, None)

    @classmethod
    def _from_fields(cls, fields: _jsonmap.Fields) -> ImageGenerationCall:
        id_, status, result, extras = fields
        return _new(cls, id_, status, result, _PENDING, extras, None)

    # -- JSON -------------------------------------------------------------

    @classmethod
    def from_json(
        cls, data: str | bytes, *, strict: bool = False, max_size: int | None = DEFAULT_MAX_SIZE
    ) -> ImageGenerationCall:
        """Read one JSON item (``str``, or UTF-8 ``bytes``).

        The default mode is forward-compatible: unknown members and statuses
        are kept, ``result`` may be absent and a repeated member's last value
        wins. ``strict=True`` accepts only the closed shape of the SDK's seed
        document. Raises ``ValidationError`` naming the path of the problem.
        Input longer than ``max_size`` (bytes, or characters of a ``str``;
        ``None`` for no bound) is refused before it is parsed.

        >>> ImageGenerationCall.from_json('{"type":"image_generation_call","id":"a","status":"failed"}')
        ImageGenerationCall(id='a', status=Status.FAILED, result=ABSENT)
        """
        if isinstance(data, (str, bytes, bytearray, memoryview)):
            check_json_size(data, max_size)  # before any parser sees (or copies) the input
        if type(data) is bytes and len(data) >= _jsonmap.LARGE_DOCUMENT_BYTES:
            large = _jsonmap.parse_large(data, strict=strict)
            if large is not None:
                id_, status, image, extras, where = large
                if len(data) >= _KEEP_DOCUMENT_FROM:
                    # Keep where the image is, not a second copy of it (see _InDocument).
                    return _new(cls, id_, status, _PENDING, _InDocument(data, where), extras, None)
                return _new(cls, id_, status, _PENDING, image, extras, None)
        if not strict:
            fields = _jsonmap.parse_fast(data)  # None: the full parser decides, errors included
            if fields is not None:
                return _new(cls, fields[0], fields[1], fields[2], _PENDING, fields[3], None)
        return cls._from_fields(_jsonmap.parse_json(data, strict=strict, max_size=None))

    @classmethod
    def from_dict(cls, obj: Mapping[str, Any], *, strict: bool = False) -> ImageGenerationCall:
        """Read an item from a dict shaped like parsed JSON (as ``json.loads`` returns)."""
        return cls._from_fields(_jsonmap.fields_from_mapping(obj, strict=strict))

    def to_json(self) -> str:
        """Compact JSON: ``type``, ``id``, ``result`` (left out when absent), ``status``, extras."""
        image = self._image
        result = self._result
        if result is _PENDING:
            if type(image) is bytes:  # the result property, written out: every item read from bytes
                result = _base64.encode(image)
                object.__setattr__(self, "_result", result)
            else:
                result = self.result
        return _jsonmap.write_json(
            self._id,
            self._status,
            result,
            self._extras,
            result_is_base64=image is not None and image is not _PENDING,
        )

    def to_dict(self) -> dict[str, Any]:
        """The item as parsed JSON: ``json.loads(item.to_json()) == item.to_dict()``."""
        obj: dict[str, Any] = {"type": _jsonmap.TYPE_VALUE, "id": self._id}
        result = self.result
        if result is not ABSENT:
            obj["result"] = result
        obj["status"] = self._status.value if isinstance(self._status, Status) else self._status
        for name, text in self._extras:
            obj[name] = parse_canonical(text)
        return obj

    # -- binary -----------------------------------------------------------

    @classmethod
    def from_bytes(
        cls, data: bytes | bytearray | memoryview, *, max_size: int | None = DEFAULT_MAX_SIZE
    ) -> ImageGenerationCall:
        """Read one binary ``imagegen.v1.ImageGenerationCall`` message.

        Fields from a newer schema are kept and written back by ``to_bytes``.
        Raises ``DecodeError`` for bytes that are not a valid message, and for
        more than ``max_size`` bytes (``None`` for no bound) before parsing.
        """
        id_, status, result, image, extras, unknown = _wire.decode(data, max_size)
        if image is not None:
            return _new(cls, id_, status, _PENDING, image, extras, unknown)
        return _new(cls, id_, status, result, _PENDING, extras, unknown)

    def to_bytes(self) -> bytes:
        """The binary form: deterministic, so equal items give equal bytes."""
        image = self._image
        if image is _PENDING:  # image_bytes, written out: this runs for every item
            result = self._result
            image = _base64.decode_canonical(result) if type(result) is str else None
            object.__setattr__(self, "_image", image)
        elif isinstance(image, _InDocument):
            # Items read from JSON carry no unknown fields, so status stays last here.
            message = _wire.build_message(self._id, self._status, ABSENT, None, self._extras, None)
            # Decoded for this call only, straight into the message: with no other
            # reference it is freed once the bindings hold their copy, so the
            # peak is three copies of the image (theirs, the encoding, the output).
            message.result_image = image.decode()
            return _wire.serialize(message)
        if not self._extras and self._unknown is None:
            # The usual item, without building a message to hand out.
            plain = _wire.plain_bytes(self._id, self._status, self._result, image)
            if plain is not None:
                return plain
        result = None if image is not None else self.result
        # encode, not serialize: it keeps status last when unknown fields travel too.
        return _wire.encode(self._id, self._status, result, image, self._extras, self._unknown)

    @classmethod
    def from_proto(cls, message: _wire.Message) -> ImageGenerationCall:
        """Read an item from a generated ``image_generation_call_pb2.ImageGenerationCall``."""
        id_, status, result, image, extras, unknown = _wire.fields_from_message(message)
        if image is not None:
            return _new(cls, id_, status, _PENDING, image, extras, unknown)
        return _new(cls, id_, status, result, _PENDING, extras, unknown)

    def to_proto(self) -> _wire.Message:
        """A new generated message holding this item (yours to change)."""
        image = self.image_bytes
        result = None if image is not None else self.result
        return _wire.build_message(
            self._id, self._status, result, image, self._extras, self._unknown
        )

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
        result = self._result
        if result is _PENDING:
            image = self.image_bytes
            assert isinstance(image, bytes)
            result = _base64.encode(image)
            object.__setattr__(self, "_result", result)
        return result

    @property
    def image_bytes(self) -> bytes | None:
        """The decoded image when ``result`` is canonical base64, else ``None``."""
        image = self._image
        if image is _PENDING:
            result = self._result
            image = _base64.decode_canonical(result) if isinstance(result, str) else None
            object.__setattr__(self, "_image", image)
        elif isinstance(image, _InDocument):
            image = image.decode()
            object.__setattr__(self, "_image", image)
        return image

    @property
    def extra(self) -> dict[str, Any]:
        """Unknown members kept from the JSON, in their order (a new dict each time)."""
        return {name: parse_canonical(text) for name, text in self._extras}

    @property
    def has_unknown_fields(self) -> bool:
        """True if the bytes this item came from held fields of a newer schema.

        They travel on through ``to_bytes``; JSON has no place for them.
        """
        return self._unknown is not None

    # -- value semantics --------------------------------------------------

    def _key(self) -> tuple[object, ...]:
        status = self._status.value if isinstance(self._status, Status) else self._status
        return (self._id, status, self.result, self._extras, self._unknown)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ImageGenerationCall):
            return NotImplemented
        return self is other or self._key() == other._key()

    def __hash__(self) -> int:
        if self._hash is None:
            object.__setattr__(self, "_hash", hash(self._key()))
        assert self._hash is not None
        return self._hash

    def __setattr__(self, name: str, value: object) -> None:
        msg = f"ImageGenerationCall is immutable; cannot set {name!r}"
        raise AttributeError(msg)

    def __delattr__(self, name: str) -> None:
        msg = f"ImageGenerationCall is immutable; cannot delete {name!r}"
        raise AttributeError(msg)

    def __repr__(self) -> str:
        result = self.result
        if isinstance(result, str) and len(result) > _REPR_RESULT_CHARS:
            shown = f"{result[:_REPR_RESULT_CHARS]!r}... ({len(result)} chars)"
        else:
            shown = repr(result)
        status = (
            f"Status.{self._status.name}"
            if isinstance(self._status, Status)
            else repr(self._status)
        )
        extra = f", extra={self.extra!r}" if self._extras else ""
        return f"ImageGenerationCall(id={self._id!r}, status={status}, result={shown}{extra})"

    def __reduce__(self) -> tuple[object, ...]:
        return (ImageGenerationCall.from_bytes, (self.to_bytes(),))


class _Writable(ImageGenerationCall):
    """The same slots, writable: items are filled in as this, then become immutable.

    Plain attribute stores on this twin and one ``__class__`` swap cost a
    quarter of seven ``object.__setattr__`` calls: 0.26 µs instead of 0.97 µs
    for every item made (benchmarks/README.md).
    """

    __slots__ = ()
    # Both: CPython keeps setting and deleting in one type slot, and takes the
    # fast generic path only when neither is overridden in Python.
    __setattr__ = object.__setattr__  # type: ignore[assignment]
    __delattr__ = object.__delattr__


def _new(
    cls: type[ImageGenerationCall],
    id_: str,
    status: Status | str,
    result: Result | _Pending,
    image: bytes | _InDocument | _Pending | None,
    extras: _jsonmap.Extras,
    unknown: _wire.UnknownFields | None,
) -> ImageGenerationCall:
    """A new item of ``cls`` holding these fields."""
    if cls is not ImageGenerationCall:  # a subclass: its own layout, the slow way
        made = cls.__new__(cls)
        _fill(made, id_, status, result, image, extras, unknown)
        return made
    item = object.__new__(_Writable)
    item._id = id_
    item._status = status
    item._result = result
    item._image = image
    item._extras = extras
    item._unknown = unknown
    item._hash = None
    item.__class__ = ImageGenerationCall  # type: ignore[assignment]
    return item


def _fill(
    item: ImageGenerationCall,
    id_: str,
    status: Status | str,
    result: Result | _Pending,
    image: bytes | _InDocument | _Pending | None,
    extras: _jsonmap.Extras,
    unknown: _wire.UnknownFields | None,
) -> None:
    """Set the slots of an item under construction by ``__init__`` (a subclass's too)."""
    setattr_ = object.__setattr__
    setattr_(item, "_id", id_)
    setattr_(item, "_status", status)
    setattr_(item, "_result", result)
    setattr_(item, "_image", image)
    setattr_(item, "_extras", extras)
    setattr_(item, "_unknown", unknown)
    setattr_(item, "_hash", None)
