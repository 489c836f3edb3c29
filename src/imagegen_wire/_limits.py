"""The bounds on one input, and the check of its type and size before anything reads it.

The bounds inside a JSON item (depth, integer digits, names) are here too.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TypeVar

from ._errors import DecodeError, ValidationError

DEFAULT_MAX_SIZE = 256 * 1024 * 1024
"""256 MiB: room for a 100 MB image (133 MB as base64 JSON); ``max_size=None`` for no bound."""

MAX_INT_DIGITS = 4300
"""Integers may have at most this many digits (Python's own default bound)."""

MAX_DEPTH = 500
"""Arrays and objects may nest at most this deep inside an item."""

MAX_NAME_LENGTH = 4096
"""Member names may have at most this many characters, so error paths stay small."""

Input = str | bytes | bytearray | memoryview


def checked_input(
    data: object, max_size: object, error: type[ValidationError | DecodeError], text: bool
) -> Input:
    """Return ``data`` ready for a parser, or raise ``error`` saying what is wrong.

    ``text``: a ``str`` is welcome. A ``memoryview`` of any other shape is read as its bytes.
    """
    kind = type(data)
    if (kind is bytes or (text and kind is str)) and (
        max_size is None or (type(max_size) is int and len(data) <= max_size)  # type: ignore[arg-type]
    ):
        return data  # type: ignore[return-value]  # the usual input, checked in one test
    if kind is not bytes and (kind is not str or not text):
        kinds = (str, bytes, bytearray, memoryview) if text else (bytes, bytearray, memoryview)
        if not isinstance(data, kinds):
            wanted = "JSON text as str or bytes" if text else "bytes, bytearray or memoryview"
            raise error("$", f"expected {wanted}, got {type(data).__name__}")
    if max_size is not None:
        if type(max_size) is not int or max_size < 0:
            msg = f"expected max_size to be None or an int >= 0, got {max_size!r}"
            raise error("max_size", msg)
        size = data.nbytes if isinstance(data, memoryview) else len(data)  # type: ignore[arg-type]
        if size > max_size:
            if isinstance(data, str):
                what = f"JSON text of at most {max_size:,} characters"
            else:
                what = f"{'JSON text' if text else 'a message'} of at most {max_size:,} bytes"
            msg = f"expected {what} (max_size), got {size:,}; pass a larger max_size to accept it"
            raise error("$", msg)
    if isinstance(data, memoryview) and not (data.c_contiguous and data.format in ("B", "b", "c")):
        return data.tobytes()
    return data  # type: ignore[return-value]


_T = TypeVar("_T")

# Frames per level of nesting, with a margin: C parsers take one or two, checks one.
_ROOM = 4 * MAX_DEPTH


def with_stack_room(function: Callable[..., _T], *args: object) -> _T:
    """``function(*args)``, again with room on the stack if the caller's own left too little.

    C parsers count nesting against the caller's recursion limit; nesting past the
    room too is past :data:`MAX_DEPTH`: ``ValidationError``.
    """
    try:
        return function(*args)
    except RecursionError:
        pass
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(limit + _ROOM)
    try:
        return function(*args)
    except RecursionError:
        msg = f"expected JSON nested at most {MAX_DEPTH} deep, got deeper nesting"
        raise ValidationError("$", msg) from None
    finally:
        sys.setrecursionlimit(limit)
