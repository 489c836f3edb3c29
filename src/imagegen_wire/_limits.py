"""The bounds on one input, and the check of its type and size before anything reads it.

The bounds inside a JSON item (depth, integer digits, names) are here too, and the
stack room that nested work gets without touching the interpreter's recursion limit.
"""

from __future__ import annotations

import sys
import threading
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


def with_stack_room(function: Callable[..., _T], *args: object) -> _T:
    """``function(*args)``, run again on a new thread if the caller's stack had too little room.

    Parsers, writers and checks go one frame (or C level) deeper per level of
    nesting, counted against the calling thread's recursion limit: a caller
    deep in its own stack may have too little room left for :data:`MAX_DEPTH`
    levels. A new thread counts from zero, and no interpreter setting changes.
    Documents are held to :data:`MAX_DEPTH` by count before any parser recurses
    (``_jsonvalue.check_nesting``), so that room is enough unless the recursion
    limit itself is set below what the bound needs: then ``ValidationError``.
    """
    try:
        return function(*args)
    except RecursionError:
        pass  # outside the handler: the new thread's outcome carries no RecursionError context
    return _on_a_new_thread(function, args)


def _on_a_new_thread(function: Callable[..., _T], args: tuple[object, ...]) -> _T:
    outcome: list[_T] = []
    failure: list[BaseException] = []

    def run() -> None:
        try:
            outcome.append(function(*args))
        except BaseException as exc:  # handed to the caller, whatever it is
            failure.append(exc)

    # A daemon: a caller interrupted while it waits (Ctrl-C) does not keep the process alive.
    thread = threading.Thread(target=run, name="imagegen-wire stack room", daemon=True)
    thread.start()
    thread.join()
    if outcome:
        return outcome[0]
    error = failure[0]
    if isinstance(error, RecursionError):
        msg = (
            f"expected a recursion limit with room for JSON nested {MAX_DEPTH} deep, got "
            f"{sys.getrecursionlimit()}; raise it with sys.setrecursionlimit"
        )
        raise ValidationError("$", msg) from None
    raise error
