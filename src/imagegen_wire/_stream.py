"""Streams of items over file objects: length-delimited binary frames and NDJSON lines.

A frame is a message after its size as a varint, as Java's ``writeDelimitedTo``
and protobuf-es write it (``proto.parse_length_prefixed`` has no cap on the size).
A line is one compact JSON item. Readers are iterators, so memory stays flat; a
bad record raises after every item before it, naming it (``err.record``).
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import BinaryIO, Protocol

import msgspec

from ._errors import DecodeError, ValidationError
from ._item import ImageGenerationCall

DEFAULT_MAX_FRAME_SIZE = 64 * 1024 * 1024
"""A binary frame may declare at most this many bytes (64 MiB) unless the reader is told more."""

DEFAULT_MAX_LINE_SIZE = 128 * 1024 * 1024
"""An NDJSON line may hold at most this many bytes (128 MiB): what a full frame is as JSON."""

_CHUNK = 1024 * 1024  # the most one read asks for: a lying prefix allocates what arrives
_MAX_READ = sys.maxsize - 2  # reads take a C ssize_t; a cap may be any positive int
_MAX_VARINT_BYTES = 10  # a 64-bit size; a longer prefix is garbage
_NDJSON_BLANK = b" \t\r\n"
_ROOT = "$"  # framing errors concern the whole item


class _Writable(Protocol):
    def write(self, data: bytes, /) -> object: ...


class Record(msgspec.Struct, frozen=True):
    """One record read: its number (from 1), size (a line's without its end), item or error."""

    number: int
    size: int
    item: ImageGenerationCall | None = None
    error: ValidationError | DecodeError | None = None


def encode_varint(value: int) -> bytes:
    """The protobuf base-128 varint of a non-negative int (the frame's size prefix)."""
    out = bytearray()
    while value > 0x7F:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def write_delimited(file: _Writable, items: Iterable[ImageGenerationCall]) -> int:
    """Write each item as a varint size prefix and its binary form; return how many were written.

    >>> import io
    >>> out = io.BytesIO()
    >>> write_delimited(out, [ImageGenerationCall(id="a", status="completed")])
    1
    >>> [item.id for item in read_delimited(io.BytesIO(out.getvalue()))]
    ['a']
    """
    count = 0
    for item in items:
        if not isinstance(item, ImageGenerationCall):
            msg = f"write_delimited: expected ImageGenerationCall items, got {type(item).__name__}"
            raise TypeError(msg)
        data = item.to_bytes()
        file.write(encode_varint(len(data)))
        file.write(data)
        count += 1
    return count


def read_delimited(
    file: BinaryIO, *, max_frame_size: int = DEFAULT_MAX_FRAME_SIZE
) -> Iterator[ImageGenerationCall]:
    """Yield the items of a length-delimited binary stream, one frame at a time.

    ``DecodeError`` for a frame cut short, over ``max_frame_size`` or not a message.
    Reads no byte past the frame it yields, so other data may follow in the file.
    """
    _check_limit("max_frame_size", max_frame_size)
    return _raise_first(delimited_records(file, max_frame_size=max_frame_size))


def delimited_records(
    file: BinaryIO, *, max_frame_size: int = DEFAULT_MAX_FRAME_SIZE
) -> Iterator[Record]:
    """Every frame as a ``Record``, bad ones included; a bad prefix or a cut-short frame ends it."""
    number = 0
    while True:
        number += 1
        try:
            size = _read_size(file, max_frame_size)
        except DecodeError as exc:
            yield Record(number, 0, error=exc.at_record(number, "frame"))
            return
        if size is None:
            return
        payload = _read_up_to(file, size)
        if len(payload) < size:
            msg = (
                f"expected a frame of {size:,} bytes as its prefix declares, "
                f"got {len(payload):,} before the end: the stream is cut short"
            )
            yield Record(number, size, error=DecodeError(_ROOT, msg).at_record(number, "frame"))
            return
        try:  # the frame cap bounds the payload: the item's default must not overrule it
            item = ImageGenerationCall.from_bytes(payload, max_size=None)
        except DecodeError as exc:
            yield Record(number, size, error=exc.at_record(number, "frame"))
            continue
        yield Record(number, size, item, None)


def _read_size(file: BinaryIO, limit: int) -> int | None:
    """Read a varint size prefix byte by byte (no over-read); ``None`` at a clean end of stream."""
    value = 0
    for index in range(_MAX_VARINT_BYTES):
        byte = file.read(1)
        if not byte:
            if index == 0:
                return None
            msg = "expected the rest of a frame's size prefix, got the end of the stream: cut short"
            raise DecodeError(_ROOT, msg)
        if not isinstance(byte, bytes):
            got = type(byte).__name__
            msg = f"expected a binary file (open(path, 'rb')), got {got} from read()"
            raise DecodeError(_ROOT, msg)
        value |= (byte[0] & 0x7F) << (7 * index)
        if not byte[0] & 0x80:
            if value > limit:
                msg = (
                    f"expected a frame size of at most {limit:,} bytes (max_frame_size, "
                    "or the command line's --max-record-size), "
                    f"got a size prefix declaring {value:,}: a corrupt or hostile stream, "
                    "or raise the limit; the frames after it cannot be located"
                )
                raise DecodeError(_ROOT, msg)
            return value
    msg = (
        f"expected a frame size prefix of at most {_MAX_VARINT_BYTES} bytes, got a longer one: "
        "not a length-delimited stream, or corrupt"
    )
    raise DecodeError(_ROOT, msg)


def _read_up_to(file: BinaryIO, size: int) -> bytes:
    """Read ``size`` bytes, fewer only at the end of the file; never ask for more than a chunk."""
    parts = []
    while size > 0 and (data := file.read(min(size, _CHUNK))):
        parts.append(data)
        size -= len(data)
    return b"".join(parts)  # one part: that very object, no copy


def write_ndjson(file: _Writable, items: Iterable[ImageGenerationCall]) -> int:
    """Write each item as one line of compact JSON (UTF-8, ``\\n``); return how many were written.

    >>> import io
    >>> out = io.BytesIO()
    >>> write_ndjson(out, [ImageGenerationCall(id="a", status="failed", result=None)])
    1
    >>> out.getvalue()
    b'{"type":"image_generation_call","id":"a","result":null,"status":"failed"}\\n'
    """
    count = 0
    for item in items:
        if not isinstance(item, ImageGenerationCall):
            msg = f"write_ndjson: expected ImageGenerationCall items, got {type(item).__name__}"
            raise TypeError(msg)
        file.write(item.to_json().encode() + b"\n")  # compact JSON escapes every line break
        count += 1
    return count


def read_ndjson(
    file: BinaryIO, *, strict: bool = False, max_line_size: int = DEFAULT_MAX_LINE_SIZE
) -> Iterator[ImageGenerationCall]:
    """Yield the items of an NDJSON stream (a binary file), one line at a time.

    Blank lines are skipped but counted, as an editor counts; ``\\r\\n`` is accepted.
    ``ValidationError`` for a line not a valid item or over ``max_line_size`` bytes.
    """
    _check_limit("max_line_size", max_line_size)
    return _raise_first(ndjson_records(file, strict=strict, max_line_size=max_line_size))


def ndjson_records(
    file: BinaryIO, *, strict: bool = False, max_line_size: int = DEFAULT_MAX_LINE_SIZE
) -> Iterator[Record]:
    """Every non-blank line as a ``Record``, bad ones included; reading goes on after each."""
    # At most the cap and a CRLF per read (readline allocates only what arrives).
    want = min(max_line_size, _MAX_READ) + 2
    number = 0
    while True:
        line = file.readline(want)
        if not line:
            return
        number += 1
        if not isinstance(line, bytes):
            got = type(line).__name__
            msg = f"expected a binary file (open(path, 'rb')), got {got} from readline()"
            yield Record(number, 0, error=ValidationError(_ROOT, msg).at_record(number, "line"))
            return
        ended = line.endswith(b"\n")
        size = len(line) - (0 if not ended else 2 if line.endswith(b"\r\n") else 1)
        if size > max_line_size:
            if not ended:
                size += _skip_line(file)
            msg = (
                f"expected a line of at most {max_line_size:,} bytes (max_line_size, "
                f"or the command line's --max-record-size), got {size:,} bytes"
            )
            yield Record(number, size, error=ValidationError(_ROOT, msg).at_record(number, "line"))
            continue
        if not line.strip(_NDJSON_BLANK):
            continue
        try:
            item = ImageGenerationCall.from_json(line, strict=strict, max_size=None)  # line cap
        except ValidationError as exc:
            yield Record(number, size, error=exc.at_record(number, "line"))
            continue
        yield Record(number, size, item, None)


def _skip_line(file: BinaryIO) -> int:
    """Drop the rest of an over-long line, a chunk at a time; return its content's bytes dropped."""
    dropped = 0
    last = b""
    while chunk := file.readline(_CHUNK):
        if chunk.endswith(b"\n"):
            crlf = chunk.endswith(b"\r\n") or (chunk == b"\n" and last.endswith(b"\r"))
            return dropped + len(chunk) - (2 if crlf else 1)
        dropped += len(chunk)
        last = chunk
    return dropped


def _raise_first(records: Iterator[Record]) -> Iterator[ImageGenerationCall]:
    for record in records:
        if record.error is not None:
            raise record.error
        assert record.item is not None
        yield record.item


def _check_limit(name: str, value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        msg = f"{name}: expected a positive int, got {value!r}"
        raise ValueError(msg)
