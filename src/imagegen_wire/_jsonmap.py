"""The JSON side of the item: read a document or a dict into fields, write fields as JSON.

It knows the two modes of CONTRACT.md section 1, and nothing of protobuf. One
way in, :func:`read_json`, whose full path is :func:`read_exact`. Its shortcuts,
held to it by ``tests/test_shortcuts.py``, decline what they cannot answer:
msgspec, typed (the four members) else untyped, whose values are the exact
parser's (strict mode, which must see repeated names, never uses it); and a
large document's result read in place (:func:`_read_in_place`).
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Mapping
from json.encoder import encode_basestring
from typing import Any, Literal

import msgspec

from ._absent import ABSENT, Result
from ._base64 import decode_canonical, encode
from ._errors import ValidationError
from ._fields import KNOWN_MEMBERS, NO_UNKNOWN_FIELDS, Extras, Fields, Value, value_of
from ._jsonvalue import (
    canonical_text,
    check_member_name,
    check_nesting,
    check_value,
    describe,
    member_path,
    parse_exact,
    shorten,
)
from ._limits import MAX_NAME_LENGTH, Input, with_stack_room
from ._status import KNOWN_STATUSES_TEXT, STATUS_BY_TEXT, Status

TYPE_VALUE = "image_generation_call"
_KNOWN_MEMBERS_TEXT = ", ".join(repr(name) for name in KNOWN_MEMBERS)


def read_json(data: Input, strict: bool) -> Fields:
    """Read one JSON document (``str`` or UTF-8 bytes, already size-checked) into fields."""
    if len(data) >= LARGE_DOCUMENT_BYTES:
        if type(data) is str:  # encoded once, for every reader after
            with contextlib.suppress(UnicodeEncodeError):  # else the full path words it
                data = data.encode()
        if type(data) is bytes:
            fields = _read_in_place(data, strict)
            if fields is not None:
                return fields
    if not strict:
        try:
            shape = _decode_shape(data)
        except ValueError:  # msgspec's errors, and UnicodeEncodeError for a lone surrogate
            pass
        else:
            return _shape_fields(shape)
        # Anything else may nest (values inside unknown members): counted first, then
        # parsed with room on the stack.
        check_nesting(data)
        try:
            obj = with_stack_room(_decode_any, data)
        except ValueError:
            pass
        else:  # msgspec's values are the exact parser's: the checks answer for it, errors included
            return read_mapping(obj, strict=False)
    return read_exact(data, strict=strict)


def read_exact(data: Input, *, strict: bool) -> Fields:
    """The full path: the exact parser, then the contract's checks. It words every error."""
    return read_mapping(with_stack_room(parse_exact, data), strict=strict)


class _Shape(msgspec.Struct, forbid_unknown_fields=True, gc=False):
    """The item with its four members only: what msgspec reads straight into an object."""

    type: Literal["image_generation_call"]
    id: str
    status: str
    result: str | msgspec.UnsetType | None = msgspec.UNSET


_shape_decoder = msgspec.json.Decoder(_Shape)
_decode_shape = _shape_decoder.decode
_decode_any = msgspec.json.Decoder().decode


def _shape_fields(shape: _Shape) -> Fields:
    status, result = shape.status, shape.result
    value = value_of(ABSENT if result is msgspec.UNSET else result)
    return shape.id, STATUS_BY_TEXT.get(status, status), value, (), NO_UNKNOWN_FIELDS


def read_plain_lines(block: bytes) -> list[Fields] | None:
    """The fields of each line of ``block`` (whole lines, each ending in ``\\n``), if every
    line starts with ``{`` and msgspec's typed shape reads it as :func:`read_json` would;
    else ``None``.

    A shortcut of :func:`read_json` line by line, non-strict, for a block under
    ``LARGE_DOCUMENT_BYTES``. ``decode_lines`` reads the values between line
    breaks; no line is blank when each starts with ``{``, so as many values as
    lines is one value a line.
    """
    lines = block.count(b"\n")
    if len(block) >= LARGE_DOCUMENT_BYTES or block[:1] != b"{" or block.count(b"\n{") != lines - 1:
        return None
    try:
        shapes = _shape_decoder.decode_lines(block)
    except ValueError:
        return None
    if len(shapes) != lines:
        return None
    return [_shape_fields(shape) for shape in shapes]


def read_mapping(obj: object, *, strict: bool) -> Fields:
    """Check a caller's dict (shaped like parsed JSON) against the contract; return its fields."""
    return with_stack_room(fields_from_mapping, obj, strict)


def fields_from_mapping(obj: object, strict: bool) -> Fields:
    """Check a parsed document (or a caller's dict) against the contract; return its fields."""
    if not isinstance(obj, Mapping):
        raise ValidationError("$", f"expected a JSON object, got {describe(obj)}")
    for name in obj:
        if not isinstance(name, str):
            raise ValidationError("$", f"expected member names to be strings, got {describe(name)}")
    repeated: str | None = getattr(obj, "repeated", None)
    if strict and repeated is not None:
        msg = f"expected each member once (strict mode), got {shorten(repeated)!r} more than once"
        raise ValidationError(member_path("$", repeated), msg)

    type_ = obj.get("type", ABSENT)
    if not isinstance(type_, str) or type_ != TYPE_VALUE:
        raise ValidationError("$.type", f"expected {TYPE_VALUE!r}, got {describe(type_)}")
    id_ = _string_member(obj, "id")
    result = _result_member(obj, strict=strict)
    status_text = _string_member(obj, "status")
    status = STATUS_BY_TEXT.get(status_text)
    if status is None and strict:
        msg = f"expected one of {KNOWN_STATUSES_TEXT}, got {shorten(status_text)!r}"
        raise ValidationError("$.status", msg)

    extras = []
    for name, value in obj.items():
        if name in KNOWN_MEMBERS:
            continue
        # Past the bound on names, the bound is the error, as in the default mode.
        if strict and len(name) <= MAX_NAME_LENGTH:
            msg = f"expected only the members {_KNOWN_MEMBERS_TEXT} (strict mode), got unknown member {shorten(name)!r}"
            raise ValidationError(member_path("$", name), msg)
        check_member_name(name, "$")
        extras.append((str.__str__(name), canonical_text(check_value(value, ("$", name), 1))))
    status_value = status if status is not None else status_text
    return id_, status_value, value_of(result), tuple(extras), NO_UNKNOWN_FIELDS


def _string_member(obj: Mapping[str, Any], name: str) -> str:
    value = obj.get(name, ABSENT)
    if not isinstance(value, str):
        raise ValidationError(f"$.{name}", f"expected a string, got {describe(value)}")
    checked: str = check_value(value, f"$.{name}", 0)
    return checked


def _result_member(obj: Mapping[str, Any], *, strict: bool) -> Result:
    value: object = obj.get("result", ABSENT)
    if value is ABSENT:
        if strict:
            msg = f"expected a string or null (strict mode requires the member), got {describe(value)}"
            raise ValidationError("$.result", msg)
        return ABSENT
    if value is not None and not isinstance(value, str):
        hint = ""
        if isinstance(value, (bytes, bytearray, memoryview)):
            hint = "; pass image bytes as image_bytes=, which base64-encodes them"
        raise ValidationError("$.result", f"expected a string or null, got {describe(value)}{hint}")
    checked: str | None = check_value(value, "$.result", 0)
    return checked


def fields_from_keywords(
    id: object, status: object, result: object, image_bytes: object, extra: object, strict: object
) -> Fields:
    """Check the keyword constructor's arguments as ``read_mapping`` checks a document."""
    if type(strict) is not bool:
        msg = f"expected strict to be True or False, got {strict!r}"
        raise ValidationError("strict", msg)
    if isinstance(status, Status):
        status = status.value
    document: dict[str, object] = {"type": TYPE_VALUE, "id": id, "status": status}
    if image_bytes is not None:
        if result is not ABSENT:
            msg = "expected result or image_bytes, got both"
            raise ValidationError("$.result", msg)
        if not isinstance(image_bytes, (bytes, bytearray, memoryview)):
            msg = f"expected image_bytes to be bytes, got {type(image_bytes).__name__}"
            raise ValidationError("$.result", msg)
        result = encode(bytes(image_bytes))
    if result is not ABSENT:
        document["result"] = result
    if extra is not None:
        if not isinstance(extra, Mapping):
            msg = f"expected extra members as a mapping, got {describe(extra)}"
            raise ValidationError("$", msg)
        for name in extra:
            if name in KNOWN_MEMBERS:
                msg = f"expected extra members other than {_KNOWN_MEMBERS_TEXT}, got {name!r}"
                raise ValidationError(member_path("$", name), msg)
        document.update(extra)
    return read_mapping(document, strict=strict)


_HEAD = '{"type":"image_generation_call","id":'
# Everything after the result for each documented status, written once.
_STATUS_TAIL = {status: f',"status":"{status.value}"' for status in Status}


def write_json(id_: str, status: Status | str, value: Value, extras: Extras) -> str:
    """Compact JSON: ``type``, ``id``, ``result`` (unless absent), ``status``, then extras."""
    head = _HEAD + encode_basestring(id_)
    tail = (
        _STATUS_TAIL[status] if type(status) is Status else ',"status":' + encode_basestring(status)
    )
    if extras:
        tail += "".join(f",{encode_basestring(n)}:{t}" for n, t in extras)
    if type(value) is bytes:  # canonical base64 needs no escaping; one copy of a large image
        document = f'{head},"result":"{encode(value)}"{tail}}}'
    elif value is ABSENT:
        document = f"{head}{tail}}}"
    elif value is None:
        document = f'{head},"result":null{tail}}}'
    else:
        document = f'{head},"result":{encode_basestring(value)}{tail}}}'  # type: ignore[arg-type]
    return document if document.isascii() else escape_line_breaks(document)


def escape_line_breaks(text: str) -> str:
    """JSON ``text`` with U+0085, U+2028 and U+2029 escaped, for readers that split lines on them."""
    return _LINE_BREAK.sub(lambda found: f"\\u{ord(found[0]):04x}", text)


_LINE_BREAK = re.compile("[\u0085\u2028\u2029]")


LARGE_DOCUMENT_BYTES = 64 * 1024
"""From this size on, :func:`read_json` tries to read the result in place."""

# "result" up to its string's opening quote, with the whitespace JSON allows.
_RESULT_VALUE = re.compile(rb'"result"[ \t\n\r]*:[ \t\n\r]*"')
_TAIL_WINDOW = 4096


def _read_in_place(data: bytes, strict: bool) -> Fields | None:
    """Fields of a large document whose result is canonical base64, else ``None``.

    The base64 decoder reads the result where it lies, uncopied; only the rest
    is parsed. The slice is the top-level ``result`` string and nothing else:
    it passed base64 validation, so it holds no quote, and the quote after it
    (looked for in the last ``_TAIL_WINDOW`` bytes) ends the string; the rest,
    with ``""`` in its place, holds no backslash (no escaped member name), holds
    ``"result"`` once, and reads as an item whose ``result`` is ``""``. A
    canonical string is as valid a ``result`` as ``""``, so the document meets
    the caller's mode exactly when the rest does.
    """
    found = _RESULT_VALUE.search(data)
    if found is None:
        return None
    start = found.end()
    end = data.find(b'"', max(start, len(data) - _TAIL_WINDOW))
    image = decode_canonical(memoryview(data)[start:end]) if end != -1 else None
    if image is None:
        return None
    rest = data[:start] + data[end:]
    if b"\\" in rest or rest.count(b'"result"') != 1:
        return None
    try:
        id_, status, value, extras, _ = read_json(rest, strict)
    except ValidationError:
        return None  # the whole document is read again, for the error's own words
    if value != "":
        return None
    return id_, status, image, extras, NO_UNKNOWN_FIELDS
