"""Hints for the wrong kind of input: JSON where binary was expected, one item for a stream...

When the first record fails and the input is plainly another of the four kinds, the error says
which and what to type instead (the command's ``advice``). A valid input never meets them.
"""

import codecs
import io
import re
from collections.abc import Iterator, Mapping
from typing import BinaryIO

from .._errors import DecodeError, ValidationError
from .._item import ImageGenerationCall
from .._stream import Record, delimited_records
from ._report import counted

_BLANK = b" \t\r\n"
# Bytes that JSON text never holds raw: control characters other than whitespace.
_BINARY_BYTE = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def head_of(file: BinaryIO) -> bytes:
    """The first bytes of ``file`` (a buffer's worth) unread, or ``b""`` if it cannot peek."""
    peek = getattr(file, "peek", None)
    return bytes(peek(1)) if peek is not None else b""


def _looks(data: bytes) -> str:
    """``json`` if ``data`` starts like JSON with no raw control bytes; else (bad JSON aside)
    ``binary`` if it holds them or is not UTF-8; else ``""``."""
    control = _BINARY_BYTE.search(data) is not None
    if data.lstrip(_BLANK)[:1] in (b"{", b"["):
        return "" if control else "json"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(data, final=False)  # a cut end is fine
    except UnicodeDecodeError:
        return "binary"
    return "binary" if control else ""


def _is_item(data: bytes, *, binary: bool = False, strict: bool = False) -> bool:
    """True if ``data`` is, entire, one valid JSON item (or binary message)."""
    try:
        if binary:
            ImageGenerationCall.from_bytes(data, max_size=None)
        else:
            ImageGenerationCall.from_json(data, strict=strict)
    except (ValidationError, DecodeError):
        return False
    return True


def _several(data: bytes, *, strict: bool = False) -> bool:
    """True if the first line of ``data`` is an item and more lines follow: NDJSON."""
    first, _, rest = data.partition(b"\n")
    return bool(rest.strip()) and _is_item(first, strict=strict)


def _first_line(head: bytes) -> bytes | None:
    """The first non-blank line of ``head``, stripped, if it ends within it, else ``None``."""
    lines = (line.strip(_BLANK) for line in head.split(b"\n")[:-1])
    return next((line for line in lines if line), None)


def _stream_length(data: bytes) -> int:
    """How many frames ``data`` holds if it is, entirely, a valid length-delimited stream, else 0."""
    count = 0
    for record in delimited_records(io.BytesIO(data)):
        if record.error is not None:
            return 0
        count += 1
    return count


def for_item(
    error: ValidationError | DecodeError, data: bytes, advice: Mapping[str, str], *, strict: bool
) -> ValidationError | DecodeError:
    """``error`` for a single item (JSON if a ``ValidationError``), with a hint if plain."""
    frames = _stream_length(data)
    if isinstance(error, DecodeError):
        if frames:
            hint = f"the input reads as a length-delimited stream of {counted(frames, 'item')}: "
            hint += advice["stream"]
        elif _looks(data) == "json":
            hint = f"the input looks like JSON text, not binary: {advice['ndjson' if _several(data) else 'json']}"
        else:
            return error
    elif _several(data, strict=strict):
        hint = f"the input looks like one item per line: {advice['ndjson']}"
    elif _is_item(data, binary=True):
        hint = f"the input is a binary message, not JSON text: {advice['binary']}"
    elif frames:
        hint = (
            f"the input reads as a length-delimited binary stream of {counted(frames, 'item')}, "
            f"not JSON text: {advice['stream']}"
        )
    elif _looks(data) == "binary":
        hint = "the input looks like binary data, not JSON text"
    else:
        return error
    return type(error)(error.path, f"{error.message}; {hint}")


def _frames_mistake(head: bytes, advice: Mapping[str, str]) -> tuple[str, str] | None:
    """What a binary stream's input is instead, and what to type, or ``None`` if not plain."""
    if _looks(head) == "json":
        first = _first_line(head)
        several = first is not None and _is_item(first)
        return "JSON text", advice["ndjson" if several else "json"]
    if _is_item(head, binary=True):
        return "one binary message", advice["binary"]
    return None


def _lines_mistake(head: bytes, advice: Mapping[str, str]) -> tuple[str, str] | None:
    """What an NDJSON input is instead, and what to type, or ``None`` if not plain."""
    line = _first_line(head)
    if line is not None and line[:1] in (b"{", b"[") and line.endswith((b"{", b"[", b",", b":")):
        return "a JSON document over several lines", advice["json"]  # a line opening a document
    first = next((line for line in head.split(b"\n") if line.strip(_BLANK)), b"")
    if _looks(first) == "binary":
        return "binary data", advice["binary" if _is_item(head, binary=True) else "stream"]
    return None


def checked(
    records: Iterator[Record], head: bytes, advice: Mapping[str, str], *, lines: bool
) -> Iterator[Record]:
    """``records`` of NDJSON (``lines``) or a binary stream, with a hint on a bad first record;
    reading ends there, unless (NDJSON only) a line ahead in ``head`` is an item."""
    first = next(records, None)
    if first is None:
        return
    mistake = None
    if first.error is not None:
        mistake = (_lines_mistake if lines else _frames_mistake)(head, advice)
    if mistake is None:
        yield first
    else:
        got, instead = mistake
        what = "one JSON item per line" if lines else "a length-delimited binary stream"
        bad = (ValidationError if lines else DecodeError)(
            "$", f"expected {what}, got {got}: {instead}"
        )
        number = first.number
        yield Record(number, first.size, error=bad.at_record(number, "line" if lines else "frame"))
        if not lines or not any(_is_item(line) for line in head.split(b"\n")[1:] if line.strip()):
            return
    yield from records
