"""The JSON side of the item: read a document or a dict into fields, write fields as JSON.

Fields are plain values (``id``, ``status``, ``result``, extra members) that
``ImageGenerationCall`` holds; this module knows the documented JSON shape and
the two modes of CONTRACT.md section 1, and nothing of protobuf.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Literal

import msgspec
import orjson

from ._absent import ABSENT, Result
from ._base64 import decode_canonical_bytes
from ._errors import ValidationError
from ._jsonvalue import (
    MAX_DEPTH,
    MAX_NAME_LENGTH,
    _short,
    canonical_text,
    check_member_name,
    check_value,
    decode_utf8,
    describe,
    member_path,
    parse_exact,
)
from ._limits import DEFAULT_MAX_SIZE, check_json_size
from ._status import KNOWN_STATUSES_TEXT, STATUS_BY_TEXT, Status

TYPE_VALUE = "image_generation_call"
KNOWN_MEMBERS = ("type", "id", "result", "status")
_KNOWN_MEMBERS_TEXT = ", ".join(repr(name) for name in KNOWN_MEMBERS)

Extras = tuple[tuple[str, str], ...]
"""Unknown members in document order, each as (name, canonical JSON text of its value)."""

Fields = tuple[str, "Status | str", Result, Extras]
"""(id, status, result, extras): everything the JSON item says besides its constant type."""


def parse_json(data: object, *, strict: bool, max_size: int | None = DEFAULT_MAX_SIZE) -> Fields:
    """Read one JSON document (``str`` or UTF-8 bytes) into fields.

    The size is checked first, before either parser sees (or copies) the input.
    """
    if not isinstance(data, (str, bytes, bytearray, memoryview)):
        msg = f"expected JSON text as str or bytes, got {type(data).__name__}"
        raise ValidationError("$", msg)
    check_json_size(data, max_size)
    if not strict:
        fields = parse_fast(data)
        if fields is not None:
            return fields
    text = data if isinstance(data, str) else decode_utf8(data)
    return fields_from_mapping(parse_exact(text), strict=strict)


class _Shape(msgspec.Struct, forbid_unknown_fields=True, gc=False):
    """The item with its four members only: what msgspec reads straight into an object."""

    type: Literal["image_generation_call"]
    id: str
    status: str
    result: str | msgspec.UnsetType | None = msgspec.UNSET


_decode_shape = msgspec.json.Decoder(_Shape).decode
_UNSET = msgspec.UNSET


def parse_fast(data: str | bytes | bytearray | memoryview) -> Fields | None:
    """Fields of a default-mode document from a fast parser, or ``None``: the full parser decides.

    First msgspec, typed: for an item of the four members alone it builds no
    dict, which halves the cost of a small item (benchmarks/README.md). It
    rejects anything else (unknown members, a wrong type, bad UTF-8, lone
    surrogates), and a repeated member's last value wins, as in the default
    mode. Then orjson, for items with unknown members.
    """
    try:
        shape = _decode_shape(data)
    # DecodeError (a ValueError) for anything but the plain item; UnicodeEncodeError
    # (a ValueError) for a str holding a lone surrogate; TypeError for other types.
    except (ValueError, TypeError):
        return _parse_dict(data)
    status = shape.status
    result = shape.result
    return shape.id, STATUS_BY_TEXT.get(status, status), ABSENT if result is _UNSET else result, ()


def _parse_dict(data: str | bytes | bytearray | memoryview) -> Fields | None:
    """Fields from orjson's parse, or ``None`` where only the exact parser can answer.

    ``None`` covers every error too: the exact path then words the message.
    """
    try:
        obj = orjson.loads(data)
    except orjson.JSONDecodeError:  # also what orjson raises for a type it does not read
        return None
    if type(obj) is not dict:
        return None
    get = obj.get
    if get("type") != TYPE_VALUE:
        return None
    id_ = get("id")
    status = get("status")
    result = get("result", ABSENT)
    if type(id_) is not str or type(status) is not str:
        return None
    if result is not None and result is not ABSENT and type(result) is not str:
        return None
    known = 4 if result is not ABSENT else 3
    extras: Extras = ()
    if len(obj) > known:
        pairs = []
        for name, value in obj.items():
            if name in KNOWN_MEMBERS:
                continue
            # orjson reads integers past 64 bits as floats: any float is ambiguous.
            # A name past the bound is an error, which only the exact path words.
            if len(name) > MAX_NAME_LENGTH or not _exact_without_floats(value, 1):
                return None
            pairs.append((name, canonical_text(value)))
        extras = tuple(pairs)
    return id_, STATUS_BY_TEXT.get(status, status), result, extras


def _exact_without_floats(value: object, depth: int) -> bool:
    """True if no float hides in ``value`` and it keeps within bounds (else: exact path)."""
    if isinstance(value, float):
        return False
    if isinstance(value, (list, dict)):
        if depth >= MAX_DEPTH:
            return False
        if isinstance(value, dict) and any(len(name) > MAX_NAME_LENGTH for name in value):
            return False
        for member in value.values() if isinstance(value, dict) else value:
            if not _exact_without_floats(member, depth + 1):
                return False
    return True


def fields_from_mapping(obj: object, *, strict: bool) -> Fields:
    """Check a parsed document (or a caller's dict) against the contract; return its fields."""
    if not isinstance(obj, Mapping):
        raise ValidationError("$", f"expected a JSON object, got {describe(obj)}")
    for name in obj:
        if not isinstance(name, str):
            raise ValidationError("$", f"expected member names to be strings, got {describe(name)}")
    repeated: tuple[str, ...] = getattr(obj, "repeated", ())
    if strict and repeated:
        # Names and statuses in messages are cut short (_short): they come from the
        # input, and an error must not repeat a hostile megabyte.
        msg = f"expected each member once (strict mode), got {_short(repeated[0])!r} more than once"
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
        msg = f"expected one of {KNOWN_STATUSES_TEXT}, got {_short(status_text)!r}"
        raise ValidationError("$.status", msg)

    extras = []
    for name, value in obj.items():
        if name in KNOWN_MEMBERS:
            continue
        if strict and len(name) <= MAX_NAME_LENGTH:
            msg = f"expected only the members {_KNOWN_MEMBERS_TEXT} (strict mode), got unknown member {_short(name)!r}"
            raise ValidationError(member_path("$", name), msg)
        check_member_name(name, "$")
        extras.append((str.__str__(name), canonical_text(check_value(value, ("$", name), 1))))
    return id_, status if status is not None else status_text, result, tuple(extras)


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
        raise ValidationError("$.result", f"expected a string or null, got {describe(value)}")
    checked: str | None = check_value(value, "$.result", 0)
    return checked


def fields_from_keywords(id: object, status: object, result: object, extra: object) -> Fields:
    """Check the keyword constructor's arguments as the default mode would check a document."""
    if isinstance(status, Status):
        status = status.value
    document: dict[str, object] = {"type": TYPE_VALUE, "id": id, "status": status}
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
    return fields_from_mapping(document, strict=False)


def _string(text: str) -> str:
    return orjson.dumps(text).decode("utf-8")


_HEAD = '{"type":"image_generation_call","id":'
# Everything after the result for each documented status, written once: known
# statuses need no escaping, and a Status member is looked up by its text.
_STATUS_TAIL = {status.value: f',"status":"{status.value}"' for status in Status}


def write_json(
    id_: str, status: Status | str, result: Result, extras: Extras, *, result_is_base64: bool
) -> str:
    """Compact JSON: ``type``, ``id``, ``result`` (unless absent), ``status``, then extras.

    ``result_is_base64`` says the result is canonical base64, which needs no
    escaping: it is copied into the output once, however large.
    """
    if type(status) is Status:
        status_json = _STATUS_TAIL[status._value_]
    else:
        status_json = ',"status":' + _string(status)
    extras_json = "".join(f",{_string(name)}:{text}" for name, text in extras) if extras else ""
    if result is ABSENT:
        return f"{_HEAD}{_string(id_)}{status_json}{extras_json}}}"
    if result is None:
        return f'{_HEAD}{_string(id_)},"result":null{status_json}{extras_json}}}'
    if result_is_base64:
        # One join, so a 100 MB result is copied once, not once per concatenation.
        return "".join(
            (_HEAD, _string(id_), ',"result":"', result, '"', status_json, extras_json, "}")
        )
    return f'{_HEAD}{_string(id_)},"result":{_string(result)}{status_json}{extras_json}}}'


# -- large documents -------------------------------------------------------------

LARGE_DOCUMENT_BYTES = 64 * 1024
"""From this size on, :func:`parse_large` tries to read the result without a copy."""

# The top-level "result" member up to its string's opening quote, with the
# whitespace JSON allows around the colon: pretty-printed documents take this
# path too, not only compact ones.
_RESULT_VALUE = re.compile(rb'"result"[ \t\n\r]*:[ \t\n\r]*"')
_TAIL_WINDOW = 4096


def parse_large(
    data: bytes, *, strict: bool = False
) -> tuple[str, Status | str, bytes, Extras, slice] | None:
    """Fields of a large document whose result is canonical base64, else ``None``.

    A JSON parser would copy a 100 MB result into a ``str`` and the base64
    decoder would read it again; here the decoder reads it in place, in the
    document, and only the rest of the document is parsed. ``None`` sends the
    document to :func:`parse_json`, which decides everything, errors included.

    Why the slice is the top-level ``result`` string and nothing else:
    - base64 validation passes only on alphabet and padding, so the slice holds
      no quote: the quote found after it is the one that ends the string
      (searched for in the last ``_TAIL_WINDOW`` bytes; a longer tail fails
      validation and falls back);
    - the rest, with ``""`` in place of the slice, must parse as an item whose
      ``result`` is ``""``, with no backslash anywhere (no escaped spelling of a
      member name) and ``"result"`` written exactly once: so the only member of
      that name, at any depth, is the top-level one whose value was the slice.

    Every rule of either mode then holds for the document exactly when it holds
    for the rest, since a canonical base64 string is as valid a ``result`` as
    ``""``: the rest goes through the usual readers, in the caller's mode.
    """
    found = _RESULT_VALUE.search(data)
    if found is None:
        return None
    start = found.end()
    end = data.find(b'"', max(start, len(data) - _TAIL_WINDOW))
    if end < 0:
        return None
    image = decode_canonical_bytes(memoryview(data)[start:end])
    if image is None:
        return None
    rest = data[:start] + data[end:]
    if b"\\" in rest or rest.count(b'"result"') != 1:
        return None
    fields = None if strict else parse_fast(rest)
    if fields is None:
        try:
            fields = parse_json(rest, strict=strict, max_size=None)
        except ValidationError:
            return None  # the whole document is parsed again, for the error's own words
    if fields[2] != "":
        return None
    return fields[0], fields[1], image, fields[3], slice(start, end)
