"""Hints for the wrong kind of input: JSON where binary was expected, one item for a stream...

A command reads one of four kinds of input: one JSON item, NDJSON, one binary
message, or a length-delimited binary stream. Given another kind it fails on
the first record; the functions here look at what came and, when it is plainly
another kind, say which, and what to type instead (``Advice``). They only
ever reword an error, so a valid input never meets them.

For a stream, a first record that is plainly of another kind (JSON text read
as frames, a multi-line JSON document read as lines) also ends the reading,
when nothing in the first bytes (a buffer's worth) is a good record: the rest
would be a wall of bogus errors, one per frame or line.
"""

from __future__ import annotations

import codecs
import io
import re
from collections.abc import Iterator
from typing import BinaryIO, NamedTuple

from .._errors import DecodeError, ValidationError
from .._item import ImageGenerationCall
from .._stream import Record, delimited_records
from ._report import counted

_BLANK = b" \t\r\n"
# Bytes that JSON text never holds raw: control characters other than whitespace.
_BINARY_BYTE = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class Advice(NamedTuple):
    """What to type instead, for each kind of input a command may be given by mistake."""

    json: str
    ndjson: str
    binary: str
    stream: str


def head_of(file: BinaryIO) -> bytes:
    """The first bytes of ``file`` without consuming them (a buffer's worth), or ``b""``.

    Only buffered files can show what is ahead; others get no hint.
    """
    peek = getattr(file, "peek", None)
    return bytes(peek(1)) if peek is not None else b""


def _starts_like_json(data: bytes) -> bool:
    return data.lstrip(_BLANK)[:1] in (b"{", b"[")


def looks_binary(data: bytes) -> bool:
    """True if ``data`` does not start like JSON and holds what text never holds.

    That is raw control bytes, or bytes that are not UTF-8. (JSON text with
    one bad byte in a string is bad JSON, not binary: it starts with ``{``.)
    """
    if _starts_like_json(data):
        return False
    if _BINARY_BYTE.search(data):
        return True
    try:
        codecs.getincrementaldecoder("utf-8")().decode(data, final=False)  # a cut end is fine
    except UnicodeDecodeError:
        return True
    return False


def looks_like_json(data: bytes) -> bool:
    """True if ``data`` starts like JSON text (``{`` or ``[`` after blanks) and has no raw
    control bytes, which JSON never holds."""
    return _starts_like_json(data) and not _BINARY_BYTE.search(data)


def _first_line(head: bytes) -> bytes | None:
    """The first non-blank line of ``head`` if it ends within it, else ``None``."""
    for line in io.BytesIO(head):
        if not line.endswith(b"\n"):
            return None
        if line.strip(_BLANK):
            return line.strip(_BLANK)
    return None


def opens_a_document(line: bytes) -> bool:
    """True for a line that begins a JSON document but cannot end one: ``{``, ``"id": "a",``."""
    return line[:1] in (b"{", b"[") and line.endswith((b"{", b"[", b",", b":"))


def is_one_message(data: bytes) -> bool:
    """True if ``data`` is, entire, one valid binary message."""
    try:
        ImageGenerationCall.from_bytes(data, max_size=None)
    except DecodeError:
        return False
    return True


def stream_length(data: bytes) -> int:
    """How many frames ``data`` holds if it is, entirely, a valid length-delimited stream, else 0."""
    count = 0
    for record in delimited_records(io.BytesIO(data)):
        if record.error is not None:
            return 0
        count += 1
    return count


def is_json_item(line: bytes, *, strict: bool) -> bool:
    """True if ``line`` is one valid JSON item."""
    try:
        ImageGenerationCall.from_json(line, strict=strict)
    except ValidationError:
        return False
    return True


def for_json_item(
    error: ValidationError, data: bytes, advice: Advice, *, strict: bool
) -> ValidationError:
    """``error`` for a single JSON item, with a hint if ``data`` is another kind of input."""
    first, _, rest = data.partition(b"\n")
    if rest.strip() and is_json_item(first, strict=strict):
        hint = f"the input looks like one item per line: {advice.ndjson}"
    elif is_one_message(data):
        hint = f"the input is a binary message, not JSON text: {advice.binary}"
    elif frames := stream_length(data):
        hint = (
            f"the input reads as a length-delimited binary stream of {counted(frames, 'item')}, "
            f"not JSON text: {advice.stream}"
        )
    elif looks_binary(data):
        hint = "the input looks like binary data, not JSON text"
    else:
        return error
    return ValidationError(error.path, f"{error.message}; {hint}")


def for_binary_item(error: DecodeError, data: bytes, advice: Advice) -> DecodeError:
    """``error`` for a single binary message, with a hint if ``data`` is another kind of input."""
    if frames := stream_length(data):
        hint = f"the input reads as a length-delimited stream of {counted(frames, 'item')}: {advice.stream}"
    elif looks_like_json(data):
        first, _, rest = data.partition(b"\n")
        several = rest.strip() and is_json_item(first, strict=False)
        hint = (
            "the input looks like JSON text, not binary: "
            f"{advice.ndjson if several else advice.json}"
        )
    else:
        return error
    return DecodeError(error.path, f"{error.message}; {hint}")


def _stream_mistake(head: bytes, advice: Advice) -> tuple[str, str] | None:
    """What a binary stream's input is instead, and what to type, or ``None`` if not plain."""
    if looks_like_json(head):
        first = _first_line(head)
        several = first is not None and is_json_item(first, strict=False)
        return "JSON text", advice.ndjson if several else advice.json
    if is_one_message(head):
        return "one binary message", advice.binary
    return None


def _has_item_line(head: bytes) -> bool:
    return any(is_json_item(line, strict=False) for line in head.split(b"\n")[1:] if line.strip())


def _lines_mistake(head: bytes, advice: Advice) -> tuple[str, str, bool] | None:
    """What an NDJSON input is instead, what to type, and whether to stop; ``None`` if not plain.

    Reading stops only when nothing in ``head`` is an item: NDJSON with one
    bad line first must still deliver the good lines after it.
    """
    line = _first_line(head)
    if line is not None and opens_a_document(line):
        return "a JSON document over several lines", advice.json, not _has_item_line(head)
    first = next((line for line in head.split(b"\n") if line.strip(_BLANK)), b"")
    if looks_binary(first):
        instead = advice.binary if is_one_message(head) else advice.stream
        return "binary data", instead, not _has_item_line(head)
    return None


def checked_frames(records: Iterator[Record], head: bytes, advice: Advice) -> Iterator[Record]:
    """``records`` of a binary stream, except that if the first is bad because the input is
    JSON text or a single message, that one record says so, and reading ends."""
    for record in records:
        if record.number == 1 and record.error is not None:
            mistake = _stream_mistake(head, advice)
            if mistake is not None:
                got, instead = mistake
                msg = f"expected a length-delimited binary stream, got {got}: {instead}"
                yield Record(1, 0, error=DecodeError("$", msg).at_record(1, "frame"))
                return
        yield record


def checked_lines(records: Iterator[Record], head: bytes, advice: Advice) -> Iterator[Record]:
    """``records`` of NDJSON, except that if the first is bad because the input is a JSON
    document over several lines, or binary, that record says so; and if no line ahead in
    ``head`` is an item, reading ends there."""
    first = True
    for record in records:
        if first and record.error is not None:
            mistake = _lines_mistake(head, advice)
            if mistake is not None:
                got, instead, stop = mistake
                msg = f"expected one JSON item per line, got {got}: {instead}"
                error = ValidationError("$", msg).at_record(record.number, "line")
                yield Record(record.number, record.size, error=error)
                if stop:
                    return
                first = False
                continue
        first = False
        yield record
