"""JSON text and values held to the contract: exact numbers, UTF-8 strings, bounded depth.

Two parsers sit behind :func:`parse_document`:

- a fast one (orjson), used for a document only when its answer is provably
  exact: orjson reads integers beyond 64 bits as floats, so any float inside
  an unknown member sends the document to the exact parser instead;
- an exact one (the standard library's, with hooks), used for strict mode,
  for documents the fast one declines, and to produce every error message, so
  that errors read the same whichever parser saw the input first.

Values inside unknown members are kept as canonical JSON text
(:func:`canonical_text`), so equal values give equal text and equal bytes.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from typing import Any

from ._errors import ValidationError

MAX_INT_DIGITS = 4300
"""Integers may have at most this many digits (Python's own default bound)."""

MAX_DEPTH = 500
"""Arrays and objects may nest at most this deep inside an item."""

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


def member_path(parent: str, name: str) -> str:
    """JSON path of member ``name`` of the object at ``parent``: ``$.a`` or ``$["a b"]``."""
    if _IDENTIFIER.match(name):
        return f"{parent}.{name}"
    return f"{parent}[{json.dumps(name, ensure_ascii=True)}]"


def describe(value: object) -> str:
    """A short description of what arrived, for error messages: ``number 5``, ``null``."""
    if value is None:
        return "null"
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, _Unrepresentable):
        return value.text
    if isinstance(value, str):
        return f"string {_short(value)!r}"
    if isinstance(value, int) and abs(value).bit_length() > _MAX_INT_BITS:
        return f"an integer of more than {MAX_INT_DIGITS} digits"  # repr() would raise
    if isinstance(value, (int, float)):
        return f"number {_short(repr(value))}"
    if isinstance(value, (list, tuple)):
        return "an array"
    if isinstance(value, Mapping):
        return "an object"
    return f"a Python {type(value).__name__}, which is not a JSON value"


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def has_lone_surrogate(text: str) -> bool:
    """True if ``text`` holds a surrogate code point, which UTF-8 cannot encode."""
    if text.isascii():
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


class _Unrepresentable:
    """Stands in, during an exact parse, for a number the contract rejects.

    The parser's hooks cannot raise with a path, so they leave this marker and
    :func:`check_value` reports it with the path where it stands.
    """

    __slots__ = ("problem", "text")

    def __init__(self, text: str, problem: str) -> None:
        self.text = text
        self.problem = problem


class _Object(dict[str, Any]):
    """A parsed JSON object that remembers which member names it saw twice."""

    __slots__ = ("repeated",)

    def __init__(self, pairs: list[tuple[str, Any]]) -> None:
        super().__init__(pairs)
        self.repeated: tuple[str, ...] = ()
        if len(self) != len(pairs):
            seen: set[str] = set()
            repeated = []
            for name, _ in pairs:
                if name in seen and name not in repeated:
                    repeated.append(name)
                seen.add(name)
            self.repeated = tuple(repeated)


def _parse_int(text: str) -> int | _Unrepresentable:
    digits = len(text) - text.startswith("-")
    if digits > MAX_INT_DIGITS:
        problem = f"expected an integer of at most {MAX_INT_DIGITS} digits, got one of {digits}"
        return _Unrepresentable(f"number {_short(text)}", problem)
    return int(text)


def _parse_float(text: str) -> float | _Unrepresentable:
    value = float(text)
    if math.isinf(value):
        problem = (
            f"expected a number within a double's range, got {_short(text)}, which overflows it"
        )
        return _Unrepresentable(f"number {_short(text)}", problem)
    return value


def _parse_constant(text: str) -> _Unrepresentable:
    return _Unrepresentable(text, f"expected a JSON value, got {text}, which JSON does not have")


_EXACT_DECODER = json.JSONDecoder(
    object_pairs_hook=_Object,
    parse_int=_parse_int,
    parse_float=_parse_float,
    parse_constant=_parse_constant,
)


def decode_utf8(data: bytes | bytearray | memoryview) -> str:
    """Decode JSON bytes as UTF-8, naming the first bad byte."""
    try:
        return bytes(data).decode("utf-8")
    except UnicodeDecodeError as exc:
        msg = f"expected UTF-8 text, got invalid byte 0x{exc.object[exc.start]:02x} at offset {exc.start}"
        raise ValidationError("$", msg) from None


def parse_exact(text: str) -> Any:
    """Parse ``text`` exactly and check every value, raising ``ValidationError`` with a path."""
    if text.startswith("\ufeff"):
        msg = "expected JSON text, got a byte order mark (U+FEFF); RFC 8259 forbids it, remove it"
        raise ValidationError("$", msg)
    try:
        value = _EXACT_DECODER.decode(text)
    except json.JSONDecodeError as exc:
        msg = f"expected JSON text, got invalid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        raise ValidationError("$", msg) from None
    except RecursionError:
        msg = f"expected JSON nested at most {MAX_DEPTH} deep, got deeper nesting"
        raise ValidationError("$", msg) from None
    check_value(value, "$", 0)
    return value


def check_value(value: object, path: str, depth: int) -> Any:
    """Check that ``value`` is a JSON value the contract can carry; see :func:`_checked`.

    The depth bound stops the walk long before Python's recursion limit, unless
    the caller's own stack is already deep: then too the answer is this error.
    """
    try:
        return _checked(value, path, depth)
    except RecursionError:
        msg = f"expected JSON nested at most {MAX_DEPTH} deep, got deeper nesting"
        raise ValidationError(path, msg) from None


def _checked(value: object, path: str, depth: int) -> Any:
    """Check that ``value`` is a JSON value the contract can carry exactly; return it as plain data.

    Accepts what the exact parser or a ``from_dict`` caller hands in: mappings
    with string keys, lists and tuples, ``str``, ``int``, finite ``float``,
    ``bool`` and ``None`` (subclasses too). Returns the same value built from
    plain ``dict``, ``list``, ``str``, ``int`` and ``float``; raises
    ``ValidationError`` naming the path of the first value it cannot carry.
    """
    if value is None or value is True or value is False:
        return value
    if isinstance(value, str):
        if has_lone_surrogate(value):
            msg = f"expected a string of Unicode scalar values, got {_surrogate(value)}"
            raise ValidationError(path, msg)
        return value if type(value) is str else str.__str__(value)
    if isinstance(value, int):
        if abs(value).bit_length() > _MAX_INT_BITS and _digits(value) > MAX_INT_DIGITS:
            msg = f"expected an integer of at most {MAX_INT_DIGITS} digits, got a longer one"
            raise ValidationError(path, msg)
        return value if type(value) is int else int(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            msg = f"expected a finite number, got {value!r}, which JSON cannot hold"
            raise ValidationError(path, msg)
        return value if type(value) is float else float(value)
    if isinstance(value, _Unrepresentable):
        raise ValidationError(path, value.problem)
    if depth >= MAX_DEPTH:
        msg = f"expected JSON nested at most {MAX_DEPTH} deep, got deeper nesting"
        raise ValidationError(path, msg)
    if isinstance(value, (list, tuple)):
        elements = []
        for index, element in enumerate(value):  # a loop, not a comprehension: one frame a level
            elements.append(_checked(element, f"{path}[{index}]", depth + 1))
        return elements
    if isinstance(value, Mapping):
        plain: dict[str, Any] = {}
        for name, member in value.items():
            if not isinstance(name, str):
                msg = f"expected member names to be strings, got {describe(name)}"
                raise ValidationError(path, msg)
            child = member_path(path, name)
            check_member_name(name, child)
            plain[str.__str__(name)] = _checked(member, child, depth + 1)
        return plain
    raise ValidationError(path, f"expected a JSON value, got {describe(value)}")


def check_member_name(name: str, path: str) -> None:
    """Reject a member name UTF-8 cannot encode; ``path`` is the member's own path."""
    if has_lone_surrogate(name):
        msg = f"expected a member name of Unicode scalar values, got {_surrogate(name)}"
        raise ValidationError(path, msg)


def _digits(value: int) -> int:
    try:
        return len(str(abs(value)))
    except ValueError:  # longer than sys.get_int_max_str_digits() allows
        return MAX_INT_DIGITS + 1


# An int below this many bits has fewer than MAX_INT_DIGITS digits; only longer
# ones pay for str(), which itself fails past sys.get_int_max_str_digits().
_MAX_INT_BITS = int((MAX_INT_DIGITS - 1) * math.log2(10))


def _surrogate(text: str) -> str:
    index = next(i for i, char in enumerate(text) if 0xD800 <= ord(char) <= 0xDFFF)
    return f"lone surrogate U+{ord(text[index]):04X} at index {index}, which UTF-8 cannot encode"


def canonical_text(value: object) -> str:
    """The one JSON text kept for a checked value: compact, non-ASCII as itself.

    Always the standard library's writer, so a value gives the same text
    whichever parser read it: float formatting differs between writers.
    """
    try:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    except (ValueError, RecursionError) as exc:  # only past bounds check_value enforces
        raise ValidationError(
            "$", f"expected a JSON value, got one that cannot be written: {exc}"
        ) from None


_PLAIN_DECODER = json.JSONDecoder()


def parse_canonical(text: str) -> Any:
    """Parse text written by :func:`canonical_text` back into plain ``dict``/``list`` values.

    The text was checked when it was made, so no hook is needed here.
    """
    return _PLAIN_DECODER.decode(text)
