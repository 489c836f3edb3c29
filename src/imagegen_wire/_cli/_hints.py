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

# What the input is said to be, by the form expected (one binary item, one JSON item, a binary
# stream, NDJSON) and the kind the input plainly is; a pair not named gets no hint.
_SAID = {
    ("binary", "stream"): "reads as a length-delimited stream of {frames}",
    ("binary", "json"): "looks like JSON text, not binary",
    ("binary", "ndjson"): "looks like JSON text, not binary",
    ("json", "ndjson"): "looks like one item per line",
    ("json", "binary"): "is a binary message, not JSON text",
    ("json", "stream"): "reads as a length-delimited binary stream of {frames}, not JSON text",
    # Of no kind a command reads: no advice.
    ("json", "data"): "looks like binary data, not JSON text",
    ("stream", "json"): "JSON text",
    ("stream", "ndjson"): "JSON text",
    ("stream", "binary"): "one binary message",
    ("ndjson", "json"): "a JSON document over several lines",
    ("ndjson", "binary"): "binary data",
    ("ndjson", "stream"): "binary data",
}


def kind_of(data: bytes, *, strict: bool = False) -> str:
    """What ``data`` plainly is: ``binary`` (one whole message), ``stream`` (whole frames),
    ``ndjson`` (a first line that is an item), ``json`` (text opening with ``{`` or ``[``, no
    raw control bytes), ``data`` (raw control bytes, or not UTF-8), else ``""``."""
    if _is_item(data, binary=True):
        return "binary"
    if _frames(data):
        return "stream"
    line = _first_line(data)
    if line is not None and _is_item(line, strict=strict):
        return "ndjson"
    control = _BINARY_BYTE.search(data) is not None
    if data.lstrip(_BLANK)[:1] in (b"{", b"["):
        return "" if control else "json"
    try:
        codecs.utf_8_decode(data, "strict", False)  # not final: a cut end is fine
    except UnicodeDecodeError:
        return "data"
    return "data" if control else ""


def _first_line(data: bytes) -> bytes | None:
    """The first non-blank line of ``data``, stripped, if it ends within it, else ``None``."""
    rest = data.lstrip(_BLANK)
    end = rest.find(b"\n")
    return None if end < 0 else rest[:end].rstrip(_BLANK)


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


def _frames(data: bytes) -> int:
    """How many frames ``data`` holds if it is, entirely, a valid length-delimited stream, else 0."""
    count = 0
    for record in delimited_records(io.BytesIO(data)):
        if record.error is not None:
            return 0
        count = record.number
    return count


def for_item(
    error: ValidationError | DecodeError, data: bytes, advice: Mapping[str, str], *, strict: bool
) -> ValidationError | DecodeError:
    """``error`` for a single item (JSON if a ``ValidationError``), with a hint if plain."""
    kind = kind_of(data, strict=strict)
    if kind == "ndjson" and _is_item(data, strict=strict):  # one item and a newline: JSON
        kind = "json"
    said = _SAID.get(("json" if isinstance(error, ValidationError) else "binary", kind))
    if said is None:
        return error
    hint = said.format(frames=counted(_frames(data), "item"))
    then = f": {advice[kind]}" if kind in advice else ""
    return type(error)(error.path, f"{error.message}; the input {hint}{then}")


def _ndjson_kind(head: bytes) -> str:
    """What an NDJSON input plainly is instead, by its ``head``: ``json`` if its first line opens
    a document, ``binary`` (one message) or ``stream`` if that line is binary, else ``""``."""
    line = _first_line(head) or b""
    if line[:1] in (b"{", b"[") and line.endswith((b"{", b"[", b",", b":")):
        return "json"  # a whole line opening a document
    first = next((part for part in head.split(b"\n") if part.strip(_BLANK)), b"")
    if kind_of(first) in ("json", ""):  # else the first line is binary, of any kind
        return ""
    return "binary" if kind_of(head) == "binary" else "stream"


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
    old = first.error  # a line's ValidationError or a frame's DecodeError, at its record
    kind = "" if old is None else _ndjson_kind(head) if lines else kind_of(head)
    said = _SAID.get(("ndjson" if lines else "stream", kind))
    if old is not None and said is not None:
        what = "one JSON item per line" if lines else "a length-delimited binary stream"
        msg = f"expected {what}, got {said}: {advice[kind]}"
        hinted = type(old)("$", msg, old.record, old.record_kind)
        first = msgspec.structs.replace(first, error=hinted)
        if not lines or not any(_is_item(line) for line in head.split(b"\n")[1:] if line.strip()):
            records = iter(())  # reading ends here
    yield first
    yield from records
