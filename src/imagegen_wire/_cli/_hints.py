"""Hints for the wrong kind of input: JSON where binary was expected, one item for a stream...

When the first record fails and the input is plainly another of the four kinds (``kind_of``),
the error says which and what to type instead (the command's ``advice`` for that kind). A
valid input never meets them.
"""

import codecs
import io
import re
from collections.abc import Iterator, Mapping
from typing import BinaryIO

import msgspec

from .._errors import DecodeError, ValidationError
from .._item import ImageGenerationCall
from .._stream import Record, delimited_records
from ._report import counted

_BLANK = b" \t\r\n"
# Bytes that JSON text never holds raw: control characters other than whitespace.
_BINARY_BYTE = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_NOT_BLANK = re.compile(rb"[^ \t\r\n]")

# What the input is said to be, by its kind, where one binary item, one JSON item,
# a binary stream or NDJSON was expected; a kind not named gets no hint.
_NOT_BINARY = {
    "stream": "reads as a length-delimited stream of {frames}",
    "json": "looks like JSON text, not binary",
    "ndjson": "looks like JSON text, not binary",
}
_NOT_JSON = {
    "ndjson": "looks like one item per line",
    "binary": "is a binary message, not JSON text",
    "stream": "reads as a length-delimited binary stream of {frames}, not JSON text",
    "data": "looks like binary data, not JSON text",  # of no kind a command reads: no advice
}
_NOT_FRAMES = {"json": "JSON text", "ndjson": "JSON text", "binary": "one binary message"}


def kind_of(data: bytes, *, strict: bool = False) -> str:
    """What ``data`` plainly is: ``binary`` (one whole message), ``stream`` (whole frames),
    ``ndjson`` (a first line that is an item), ``json`` (text opening with ``{`` or ``[``, no
    raw control bytes), ``data`` (raw control bytes, or not UTF-8), else ``""``."""
    if _is_item(data, binary=True):
        return "binary"
    if _stream_length(data):
        return "stream"
    line = _first_line(data)
    if line is not None and _is_item(line, strict=strict):
        return "ndjson"
    control = _BINARY_BYTE.search(data) is not None
    start = _NOT_BLANK.search(data)
    if start is not None and data[start.start()] in b"{[":
        return "" if control else "json"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(data, final=False)  # a cut end is fine
    except UnicodeDecodeError:
        return "data"
    return "data" if control else ""


def _first_line(data: bytes) -> bytes | None:
    """The first non-blank line of ``data``, stripped, if it ends within it, else ``None``."""
    start = _NOT_BLANK.search(data)
    end = -1 if start is None else data.find(b"\n", start.start())
    return None if start is None or end < 0 else data[start.start() : end].rstrip(_BLANK)


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
    kind = kind_of(data, strict=strict)
    if kind == "ndjson" and _is_item(data, strict=strict):  # one item and a newline: JSON
        kind = "json"
    hints = _NOT_BINARY if isinstance(error, DecodeError) else _NOT_JSON
    if kind not in hints:
        return error
    hint = hints[kind].format(frames=counted(_stream_length(data), "item"))
    if kind in advice:
        hint += f": {advice[kind]}"
    return type(error)(error.path, f"{error.message}; the input {hint}")


def _instead(head: bytes, *, lines: bool) -> tuple[str, str] | None:
    """What a stream's input (NDJSON if ``lines``, else frames) plainly is instead, and the
    kind whose advice to give, or ``None`` if not plain."""
    kind = kind_of(head)
    if not lines:
        return (_NOT_FRAMES[kind], kind) if kind in _NOT_FRAMES else None
    line = _first_line(head) or b""
    if line[:1] in (b"{", b"[") and line.endswith((b"{", b"[", b",", b":")):
        return "a JSON document over several lines", "json"  # a whole line opening one
    first = next((part for part in head.split(b"\n") if part.strip(_BLANK)), b"")
    if kind_of(first) not in ("json", ""):  # the first line is binary, of any kind
        return "binary data", "binary" if kind == "binary" else "stream"
    return None


def checked(
    records: Iterator[Record], file: BinaryIO, advice: Mapping[str, str], *, lines: bool
) -> Iterator[Record]:
    """``records`` of NDJSON (``lines``) or a binary stream of ``file``, with a hint on a bad
    first record; reading ends there, unless (NDJSON only) a line ahead in its buffer is an item."""
    peek = getattr(file, "peek", None)  # the bytes ahead, a buffer's worth, left unread
    head = bytes(peek(1)) if peek is not None else b""
    first = next(records, None)
    if first is None:
        return
    instead = None if first.error is None else _instead(head, lines=lines)
    if instead is None:
        yield first
    else:
        got, kind = instead
        what = "one JSON item per line" if lines else "a length-delimited binary stream"
        msg = f"expected {what}, got {got}: {advice[kind]}"
        error = (ValidationError if lines else DecodeError)("$", msg)
        where = "line" if lines else "frame"
        yield msgspec.structs.replace(first, error=error.at_record(first.number, where))
        if not lines or not any(_is_item(line) for line in head.split(b"\n")[1:] if line.strip()):
            return
    yield from records
