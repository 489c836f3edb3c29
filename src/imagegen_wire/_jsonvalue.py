"""JSON values held to the contract: exact numbers, UTF-8 strings, bounded depth.

:func:`parse_exact` (the standard library's parser, with hooks) words every
error; :func:`check_nesting` counts a document's depth before any parser
recurses into it; :func:`check_value` holds any value to the bounds of
``_limits``; unknown members' values are kept as :func:`canonical_text`, so
equal values give equal bytes.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from itertools import accumulate
from typing import Any, TypeAlias

from ._absent import ABSENT
from ._errors import ValidationError
from ._limits import MAX_DEPTH, MAX_INT_DIGITS, MAX_NAME_LENGTH

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


def member_path(parent: str, name: str) -> str:
    """JSON path of member ``name`` of the object at ``parent``: ``$.a`` or ``$["a b"]``."""
    if _IDENTIFIER.match(name):
        return f"{parent}.{name}"
    return f"{parent}[{json.dumps(name, ensure_ascii=True)}]"


def describe(value: object) -> str:
    """A short description of what arrived, for error messages: ``number 5``, ``null``."""
    if value is ABSENT:
        return "nothing: the member is missing"
    if value is None:
        return "null"
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, str):
        return f"string {shorten(value)!r}"
    if isinstance(value, int) and abs(value).bit_length() > _MAX_INT_BITS:
        return f"an integer of more than {MAX_INT_DIGITS} digits"  # repr() would raise
    if isinstance(value, (int, float)):
        return f"number {shorten(repr(value))}"
    if isinstance(value, (list, tuple)):
        return "an array"
    if isinstance(value, Mapping):
        return "an object"
    return f"a Python {type(value).__name__}, which is not a JSON value"


def shorten(text: str, limit: int = 40) -> str:
    """``text`` cut to ``limit`` characters: errors must not repeat a hostile megabyte."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _lone_surrogate(text: str) -> str | None:
    """The first surrogate code point in ``text`` (UTF-8 cannot encode it), described, or ``None``."""
    if text.isascii():
        return None
    try:
        text.encode()
    except UnicodeEncodeError as exc:
        char = ord(text[exc.start])
        return f"lone surrogate U+{char:04X} at index {exc.start}, which UTF-8 cannot encode"
    return None


class _Unrepresentable(Exception):
    """Left by the parser's hooks (which know no path) where a number the contract refuses stands."""


class _Object(dict[str, Any]):
    """A parsed JSON object that remembers the first member name it saw twice."""

    __slots__ = ("repeated",)

    def __init__(self, pairs: list[tuple[str, Any]]) -> None:
        super().__init__(pairs)
        self.repeated: str | None = None
        if len(self) != len(pairs):
            seen: set[str] = set()
            for name, _ in pairs:
                if name in seen and self.repeated is None:
                    self.repeated = name
                seen.add(name)


def _parse_int(text: str) -> int | _Unrepresentable:
    digits = len(text) - text.startswith("-")
    if digits > MAX_INT_DIGITS:
        problem = f"expected an integer of at most {MAX_INT_DIGITS} digits, got one of {digits}"
        return _Unrepresentable(problem)
    return int(text)


def _parse_float(text: str) -> float | _Unrepresentable:
    value = float(text)
    if math.isinf(value):
        msg = f"expected a number within a double's range, got {shorten(text)}, which overflows it"
        return _Unrepresentable(msg)
    return value


def _parse_constant(text: str) -> _Unrepresentable:
    return _Unrepresentable(f"expected a JSON value, got {text}, which JSON does not have")


_EXACT_DECODER = json.JSONDecoder(
    object_pairs_hook=_Object,
    parse_int=_parse_int,
    parse_float=_parse_float,
    parse_constant=_parse_constant,
)


def parse_exact(data: str | bytes | bytearray | memoryview, depth: int = 0) -> Any:
    """Parse JSON text (or UTF-8) exactly and check every value; ``ValidationError`` with a path.

    ``depth``: how deep in an item the text's value stands (a member's value: 1).
    """
    try:
        text = data if isinstance(data, str) else bytes(data).decode()
    except UnicodeDecodeError as exc:
        msg = f"expected UTF-8 text, got invalid byte 0x{exc.object[exc.start]:02x} at offset {exc.start}"
        raise ValidationError("$", msg) from None
    if text.startswith("\ufeff"):
        msg = "expected JSON text, got a byte order mark (U+FEFF); RFC 8259 forbids it, remove it"
        raise ValidationError("$", msg)
    check_nesting(text, depth)
    try:
        value = _EXACT_DECODER.decode(text)
    except json.JSONDecodeError as exc:
        msg = f"expected JSON text, got invalid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        raise ValidationError("$", msg) from None
    check_value(value, "$", depth)
    return value


Where: TypeAlias = "str | tuple[Where, str | int]"
"""Where a value stands: a JSON path (``"$.p"``), or (parent, member name or index); spelled
out only for an error, as a hostile document's paths would take hundreds of megabytes."""


def path_of(where: Where) -> str:
    """The JSON path ``where`` stands for: ``$.a[0]["b c"]``."""
    keys: list[str | int] = []
    while isinstance(where, tuple):
        where, key = where
        keys.append(key)
    path = where
    for key in reversed(keys):
        path = f"{path}[{key}]" if isinstance(key, int) else member_path(path, key)
    return path


TOO_DEEP = f"expected JSON nested at most {MAX_DEPTH} deep, got deeper nesting"

# The depth count reads brackets outside strings: an escape (backslash and the character
# after it) is dropped first, then strings are every other piece between quotes.
_ESCAPE = re.compile(r"\\.", re.DOTALL)
_ESCAPE_BYTES = re.compile(rb"\\.", re.DOTALL)
_NESTING = bytes.maketrans(b"[{]}", b"\x01\x01\xff\xff")  # +1 and -1 as signed bytes
_NOT_BRACKETS = bytes(set(range(256)) - set(b"[]{}"))
# What the path to the first container too deep needs: strings, brackets and commas.
_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"?|[\[\]{},]', re.DOTALL)


def check_nesting(data: str | bytes | bytearray | memoryview, depth: int = 0) -> None:
    """Refuse JSON ``data`` (``depth`` deep in an item) nested past :data:`MAX_DEPTH`, by count.

    Run before a parser recurses into a document, so that no parser goes deeper
    than the bound: a thread's stack always has room for it (``with_stack_room``).
    Strings are skipped as JSON reads them (a text cut inside one ends there);
    the path is :func:`check_value`'s.
    """
    bound = MAX_DEPTH - depth
    if len(data) <= bound:
        return  # too short to open more arrays and objects than the bound
    outside: bytes
    if isinstance(data, str):
        if data.count("[") + data.count("{") <= bound:
            return
        text = _ESCAPE.sub("", data) if "\\" in data else data
        # Outside strings, JSON is ASCII: anything else ends a parser's reading there.
        outside = "".join(text.split('"')[::2]).encode("ascii", "ignore")
    else:
        raw = data if isinstance(data, bytes) else bytes(data)
        if raw.count(b"[") + raw.count(b"{") <= bound:
            return
        raw = _ESCAPE_BYTES.sub(b"", raw) if b"\\" in raw else raw
        outside = b"".join(raw.split(b'"')[::2])
    steps = memoryview(outside.translate(_NESTING, _NOT_BRACKETS)).cast("b")
    # The top level is depth 0 in check_value's count, 1 here.
    if max(accumulate(steps), default=0) <= bound:
        return
    text = data if isinstance(data, str) else bytes(data).decode("utf-8", "replace")
    raise ValidationError(path_of(_first_too_deep(text, bound)), TOO_DEEP)


def _first_too_deep(text: str, bound: int) -> Where:
    """Where the first array or object nested past ``bound`` in ``text`` stands."""
    # Each open container: [where it stands, its current index or member name,
    # whether it is an object, whether its next string is a member name].
    open_: list[list[Any]] = []
    for token in _TOKEN.finditer(text):
        found = token[0]
        char = found[0]
        if char in "[{":
            where: Where = (open_[-1][0], open_[-1][1]) if open_ else "$"
            if len(open_) >= bound:
                return where
            open_.append([where, 0, char == "{", char == "{"])
        elif not open_:
            continue
        elif char in "]}":
            open_.pop()
        elif char == ",":
            if open_[-1][2]:
                open_[-1][3] = True
            else:
                open_[-1][1] += 1
        elif open_[-1][3]:  # a member name
            try:
                open_[-1][1] = json.loads(found)
            except ValueError:  # not JSON: the path shows it as it stands
                open_[-1][1] = found[1:-1]
            open_[-1][3] = False
    return "$"  # text that is not JSON can be counted too deep and end here


def check_value(value: object, where: Where, depth: int) -> Any:
    """Return ``value`` (``depth`` deep in the item) as plain JSON data, or raise at its path.

    Takes what a parser or a ``from_dict`` caller hands in, subclasses too.
    """
    if value is None or value is True or value is False:
        return value
    if isinstance(value, str):
        if (surrogate := _lone_surrogate(value)) is not None:
            msg = f"expected a string of Unicode scalar values, got {surrogate}"
            raise ValidationError(path_of(where), msg)
        return value if type(value) is str else str.__str__(value)
    if isinstance(value, int):
        if abs(value).bit_length() > _MAX_INT_BITS and _digits(value) > MAX_INT_DIGITS:
            msg = f"expected an integer of at most {MAX_INT_DIGITS} digits, got a longer one"
            raise ValidationError(path_of(where), msg)
        return value if type(value) is int else int(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            msg = f"expected a finite number, got {value!r}, which JSON cannot hold"
            raise ValidationError(path_of(where), msg)
        return value if type(value) is float else float(value)
    if isinstance(value, _Unrepresentable):
        raise ValidationError(path_of(where), str(value))
    if depth >= MAX_DEPTH:
        raise ValidationError(path_of(where), TOO_DEEP)
    if isinstance(value, (list, tuple)):
        elements = []
        for index, element in enumerate(value):  # a loop, not a comprehension: one frame a level
            elements.append(check_value(element, (where, index), depth + 1))
        return elements
    if isinstance(value, Mapping):
        plain: dict[str, Any] = {}
        for name, member in value.items():
            if not isinstance(name, str):
                msg = f"expected member names to be strings, got {describe(name)}"
                raise ValidationError(path_of(where), msg)
            check_member_name(name, where)
            plain[str.__str__(name)] = check_value(member, (where, name), depth + 1)
        return plain
    raise ValidationError(path_of(where), f"expected a JSON value, got {describe(value)}")


def check_member_name(name: str, parent: Where) -> None:
    """Reject a name past :data:`MAX_NAME_LENGTH` (reported at ``parent``, the object) or not UTF-8."""
    if len(name) > MAX_NAME_LENGTH:
        msg = (
            f"expected member names of at most {MAX_NAME_LENGTH} characters, "
            f"got one of {len(name)} starting {shorten(name)!r}"
        )
        raise ValidationError(path_of(parent), msg)
    if (surrogate := _lone_surrogate(name)) is not None:
        msg = f"expected a member name of Unicode scalar values, got {surrogate}"
        raise ValidationError(path_of((parent, name)), msg)


def _digits(value: int) -> int:
    try:
        return len(str(abs(value)))
    except ValueError:  # longer than sys.get_int_max_str_digits() allows
        return MAX_INT_DIGITS + 1


# Ints below this many bits have fewer than MAX_INT_DIGITS digits: only longer ones pay for str().
_MAX_INT_BITS = int((MAX_INT_DIGITS - 1) * math.log2(10))


def canonical_text(value: object) -> str:
    """The one JSON text kept for a checked value, whichever parser read it: compact, UTF-8."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
