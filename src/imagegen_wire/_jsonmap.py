"""The JSON side of the item: read a document or a dict into fields, write fields as JSON.

Fields are plain values (``id``, ``status``, the result, extra members) that
``ImageGenerationCall`` holds; this module knows the documented JSON shape and
the two modes of CONTRACT.md section 1, and nothing of protobuf.

One way in: :func:`read_json`. Its full path is :func:`read_exact` (the exact
parser, then :func:`fields_from_mapping`); two shortcuts answer first where
they can, and decline (``None``) where they cannot, errors included:

- msgspec, once, for a document of the four members (typed, no dict built)
  or with unknown members (untyped): it reads integers of any size exactly,
  lets a repeated name's last value win, and refuses what the contract
  refuses (NaN, 1e400, lone surrogates, bad UTF-8), so its values are the
  exact parser's; strict mode, which must see repeated names, never uses it;
- for a large document, the result read in place (:func:`_read_in_place`),
  the rest of the document read as any other.

``tests/test_shortcuts.py`` holds each shortcut to the full path.
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
from ._jsonvalue import (
    canonical_text,
    check_member_name,
    check_value,
    decode_utf8,
    describe,
    member_path,
    parse_exact,
    shorten,
)
from ._limits import MAX_NAME_LENGTH, Input, with_stack_room
from ._status import KNOWN_STATUSES_TEXT, STATUS_BY_TEXT, Status

TYPE_VALUE = "image_generation_call"
KNOWN_MEMBERS = ("type", "id", "result", "status")
_KNOWN_MEMBERS_TEXT = ", ".join(repr(name) for name in KNOWN_MEMBERS)

Extras = tuple[tuple[str, str], ...]
"""Unknown members in document order, each as (name, canonical JSON text of its value)."""

Value = bytes | Result
"""The result as an item holds it: ``bytes`` when it is canonical base64 (the image),
else the ``Result`` itself (a string, ``None`` or ``ABSENT``). One form for each result,
so equal items hold equal values."""

Fields = tuple[str, "Status | str", Value, Extras, None]
"""(id, status, result value, extras, None): everything the JSON item says besides its
constant type; the last is the unknown protobuf fields it holds, which are none."""


def value_of(result: Result) -> Value:
    """The held form of a checked result: its image if it is canonical base64."""
    return (decode_canonical(result) or result) if type(result) is str else result


def read_json(data: Input, strict: bool) -> Fields:
    """Read one JSON document (``str`` or UTF-8 bytes, already size-checked) into fields."""
    if len(data) >= LARGE_DOCUMENT_BYTES:
        if type(data) is str:
            # Encoded once here, for every reader after (msgspec would keep a
            # UTF-8 copy on the caller's str).
            with contextlib.suppress(UnicodeEncodeError):  # else the full path words it
                data = data.encode()
        if type(data) is bytes:
            fields = _read_in_place(data, strict)
            if fields is not None:
                return fields
    if not strict:
        try:
            shape = _decode_shape(data)
        # DecodeError and ValidationError (ValueErrors) for anything but the plain item;
        # UnicodeEncodeError (a ValueError) for a str holding a lone surrogate.
        except ValueError:
            pass
        else:
            status = shape.status
            result = shape.result
            value: Value
            if type(result) is str:  # value_of, written out: this runs for every item
                value = decode_canonical(result) or result
            else:
                value = ABSENT if result is msgspec.UNSET else None
            return shape.id, STATUS_BY_TEXT.get(status, status), value, (), None
    # Anything else may nest: values inside unknown members.
    return with_stack_room(_read_nested, data, strict)


def _read_nested(data: Input, strict: bool) -> Fields:
    if not strict:
        try:
            obj = _decode_any(data)
        except ValueError:
            pass
        else:
            # msgspec's values are the exact parser's: the checks answer for it, errors included.
            return fields_from_mapping(obj, False)
    return _read_exact(data, strict)


def read_exact(data: Input, *, strict: bool) -> Fields:
    """The full path: the exact parser, then the contract's checks. It words every error."""
    return with_stack_room(_read_exact, data, strict)


def _read_exact(data: Input, strict: bool) -> Fields:
    text = data if isinstance(data, str) else decode_utf8(data)
    return fields_from_mapping(parse_exact(text), strict)


class _Shape(msgspec.Struct, forbid_unknown_fields=True, gc=False):
    """The item with its four members only: what msgspec reads straight into an object."""

    type: Literal["image_generation_call"]
    id: str
    status: str
    result: str | msgspec.UnsetType | None = msgspec.UNSET


_decode_shape = msgspec.json.Decoder(_Shape).decode
_decode_any = msgspec.json.Decoder().decode


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
    repeated: tuple[str, ...] = getattr(obj, "repeated", ())
    if strict and repeated:
        msg = (
            f"expected each member once (strict mode), got {shorten(repeated[0])!r} more than once"
        )
        raise ValidationError(member_path("$", repeated[0]), msg)

    type_ = obj.get("type", ABSENT)
    if not isinstance(type_, str) or type_ != TYPE_VALUE:
        got = "nothing: the member is missing" if type_ is ABSENT else describe(type_)
        raise ValidationError("$.type", f"expected {TYPE_VALUE!r}, got {got}")
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
    return id_, status_value, value_of(result), tuple(extras), None


def _string_member(obj: Mapping[str, Any], name: str) -> str:
    value = obj.get(name, ABSENT)
    if not isinstance(value, str):
        got = "nothing: the member is missing" if value is ABSENT else describe(value)
        raise ValidationError(f"$.{name}", f"expected a string, got {got}")
    checked: str = check_value(value, f"$.{name}", 0)
    return checked


def _result_member(obj: Mapping[str, Any], *, strict: bool) -> Result:
    value: object = obj.get("result", ABSENT)
    if value is ABSENT:
        if strict:
            msg = "expected a string or null (strict mode requires the member), got nothing: the member is missing"
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
    id: object, status: object, result: object, image_bytes: object, extra: object
) -> Fields:
    """Check the keyword constructor's arguments as the default mode would check a document."""
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
            raise ValidationError(
                "$", f"expected extra members as a mapping, got {describe(extra)}"
            )
        for name in extra:
            if name in KNOWN_MEMBERS:
                msg = f"expected extra members other than {_KNOWN_MEMBERS_TEXT}, got {name!r}"
                raise ValidationError(member_path("$", name), msg)
        document.update(extra)
    return read_mapping(document, strict=False)


# -- writing -----------------------------------------------------------------------

_HEAD = '{"type":"image_generation_call","id":'
# Everything after the result for each documented status, written once.
_STATUS_TAIL = {status: f',"status":"{status.value}"' for status in Status}


def write_json(id_: str, status: Status | str, value: Value, extras: Extras) -> str:
    """Compact JSON: ``type``, ``id``, ``result`` (unless absent), ``status``, then extras.

    U+0085, U+2028 and U+2029 are written escaped: the JSON value is the same,
    and readers that split lines on them (``str.splitlines``, older JavaScript)
    keep an NDJSON record whole.
    """
    if type(value) is bytes:  # canonical base64 needs no escaping
        result = f',"result":"{encode(value)}"'
    elif value is ABSENT:
        result = ""
    elif value is None:
        result = ',"result":null'
    else:
        result = ',"result":' + encode_basestring(value)  # type: ignore[arg-type]
    status_json = (
        _STATUS_TAIL[status] if type(status) is Status else ',"status":' + encode_basestring(status)
    )
    extras_json = "".join(f",{encode_basestring(n)}:{t}" for n, t in extras) if extras else ""
    document = f"{_HEAD}{encode_basestring(id_)}{result}{status_json}{extras_json}}}"
    return document if document.isascii() else escape_line_breaks(document)


def escape_line_breaks(text: str) -> str:
    """JSON ``text`` with the line breaks JSON leaves raw (U+0085, U+2028, U+2029) escaped.

    They can only stand inside strings, where an escape means the same character.
    """
    return _LINE_BREAK.sub(lambda found: f"\\u{ord(found[0]):04x}", text)


_LINE_BREAK = re.compile("[\u0085\u2028\u2029]")


# -- large documents -------------------------------------------------------------

LARGE_DOCUMENT_BYTES = 64 * 1024
"""From this size on, :func:`read_json` tries to read the result in place."""

# The top-level "result" member up to its string's opening quote, with the
# whitespace JSON allows around the colon: pretty-printed documents take this
# path too, not only compact ones.
_RESULT_VALUE = re.compile(rb'"result"[ \t\n\r]*:[ \t\n\r]*"')
_TAIL_WINDOW = 4096


def _read_in_place(data: bytes, strict: bool) -> Fields | None:
    """Fields of a large document whose result is canonical base64, else ``None``.

    A JSON parser would copy a 100 MB result into a ``str`` and the base64
    decoder would read it again; here the decoder reads it in place, in the
    document, and only the rest of the document is parsed.

    Why the slice is the top-level ``result`` string and nothing else:
    - base64 validation passes only on alphabet and padding, so the slice holds
      no quote: the quote found after it is the one that ends the string
      (searched for in the last ``_TAIL_WINDOW`` bytes; a longer tail fails
      validation and declines);
    - the rest, with ``""`` in place of the slice, must read as an item whose
      ``result`` is ``""``, with no backslash anywhere (no escaped spelling of a
      member name) and ``"result"`` written exactly once: so the only member of
      that name, at any depth, is the top-level one whose value was the slice.

    Every rule of either mode then holds for the document exactly when it holds
    for the rest, since a canonical base64 string is as valid a ``result`` as
    ``""``: the rest is read in the caller's mode.
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
        fields = read_json(rest, strict)
    except ValidationError:
        return None  # the whole document is read again, for the error's own words
    if fields[2] != "":
        return None
    return fields[0], fields[1], image, fields[3], None
