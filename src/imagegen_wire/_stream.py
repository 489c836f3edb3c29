"""Streams of items over file objects: length-delimited binary frames and NDJSON lines.

A frame is a message after its size as a varint, as Java's ``writeDelimitedTo``
and protobuf-es write it (``proto.parse_length_prefixed`` has no cap on the size).
A line is one compact JSON item. Readers are iterators, so memory stays flat; a
bad record raises after every item before it, naming it (``err.record``).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from typing import BinaryIO

from ._fileio import Writable, flush_if_non_blocking, read_waiting, settled, write_rest
from ._framing import (
    CHUNK_SIZE,
    DEFAULT_MAX_FRAME_SIZE,
    DEFAULT_MAX_LINE_SIZE,
    DelimitedDecoder,
    NdjsonDecoder,
    Record,
    check_limit,
    checked_item,
    not_binary_error,
)
from ._item import ImageGenerationCall

__all__ = [
    "DEFAULT_MAX_FRAME_SIZE",
    "DEFAULT_MAX_LINE_SIZE",
    "Record",
    "delimited_records",
    "encode_varint",
    "ndjson_records",
    "read_delimited",
    "read_ndjson",
    "write_delimited",
    "write_ndjson",
]


def encode_varint(value: int) -> bytes:
    """The protobuf base-128 varint of a non-negative int (the frame's size prefix)."""
    out = bytearray()
    while value > 0x7F:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def write_delimited(file: Writable, items: Iterable[ImageGenerationCall]) -> int:
    """Write each item as a varint size prefix and its binary form; return how many were written.

    >>> import io
    >>> out = io.BytesIO()
    >>> write_delimited(out, [ImageGenerationCall(id="a", status="completed")])
    1
    >>> [item.id for item in read_delimited(io.BytesIO(out.getvalue()))]
    ['a']
    """
    count = 0
    write = file.write
    for item in items:
        if item.__class__ is not ImageGenerationCall:  # the class is final
            checked_item(item, "write_delimited")
        data = item.to_bytes()
        for part in (encode_varint(len(data)), data):
            try:  # write_all's first write, inline: the loop's one call per part
                written = write(part)
            except BlockingIOError as exc:
                written = exc
            if written.__class__ is not int or written != len(part):
                write_rest(file, part, written)
        count += 1
    flush_if_non_blocking(file)
    return count


def read_delimited(
    file: BinaryIO, *, max_frame_size: int = DEFAULT_MAX_FRAME_SIZE
) -> Iterator[ImageGenerationCall]:
    """Yield the items of a length-delimited binary stream, one frame at a time.

    ``DecodeError`` for a frame cut short, over ``max_frame_size`` or not a message.
    Reads no byte past the frame it yields, so other data may follow in the file.
    """
    check_limit("max_frame_size", max_frame_size)
    return _raise_first(delimited_records(file, max_frame_size=max_frame_size))


def delimited_records(
    file: BinaryIO, *, max_frame_size: int = DEFAULT_MAX_FRAME_SIZE
) -> Iterator[Record]:
    """Every frame as a ``Record``, bad ones included; a bad prefix or a cut-short frame ends it.

    Reads no byte past the frame it yields. On a non-blocking file, waits for data.
    """
    decoder = DelimitedDecoder(max_frame_size=max_frame_size)
    read = file.read
    while not decoder.finished:
        wanted = decoder.wanted
        data: object
        try:
            data = read(wanted)
        except BlockingIOError:
            data = None
        if not data or data.__class__ is not bytes:  # the end, no data yet, or not bytes
            data = settled(file, data, wanted)
        if not isinstance(data, bytes):
            yield not_binary_error(decoder.next_number, data, "read()")
            return
        if not data:
            yield from decoder.end()
            return
        yield from decoder.feed(data)


def write_ndjson(file: Writable, items: Iterable[ImageGenerationCall]) -> int:
    """Write each item as one line of compact JSON (UTF-8, ``\\n``); return how many were written.

    >>> import io
    >>> out = io.BytesIO()
    >>> write_ndjson(out, [ImageGenerationCall(id="a", status="failed", result=None)])
    1
    >>> out.getvalue()
    b'{"type":"image_generation_call","id":"a","result":null,"status":"failed"}\\n'
    """
    count = 0
    write = file.write
    for item in items:
        if item.__class__ is not ImageGenerationCall:  # the class is final
            checked_item(item, "write_ndjson")
        line = item.to_json().encode() + b"\n"  # compact JSON escapes every line break
        try:  # write_all's first write, inline: the loop's one call per line
            written = write(line)
        except BlockingIOError as exc:
            written = exc
        if written.__class__ is not int or written != len(line):
            write_rest(file, line, written)
        count += 1
    flush_if_non_blocking(file)
    return count


def read_ndjson(
    file: BinaryIO, *, strict: bool = False, max_line_size: int = DEFAULT_MAX_LINE_SIZE
) -> Iterator[ImageGenerationCall]:
    """Yield the items of an NDJSON stream (a binary file), one line at a time.

    Blank lines are skipped but counted, as an editor counts; ``\\r\\n`` is accepted.
    ``ValidationError`` for a line not a valid item or over ``max_line_size`` bytes.
    """
    check_limit("max_line_size", max_line_size)
    return _raise_first(ndjson_records(file, strict=strict, max_line_size=max_line_size))


def ndjson_records(
    file: BinaryIO, *, strict: bool = False, max_line_size: int = DEFAULT_MAX_LINE_SIZE
) -> Iterator[Record]:
    """Every non-blank line as a ``Record``, bad ones included; reading goes on after each.

    Reads no byte past the line it yields. On a non-blocking file, waits for data.
    """
    decoder = NdjsonDecoder(strict=strict, max_line_size=max_line_size)
    raw = isinstance(file, io.RawIOBase)  # its readline takes "no data yet" for an error
    readline = file.readline
    while True:
        data: object
        if raw:
            data = read_waiting(file, CHUNK_SIZE, line=True)
        else:
            try:
                data = readline(CHUNK_SIZE)
            except BlockingIOError:
                data = None
            if not data or data.__class__ is not bytes:  # the end, no data yet, or not bytes
                data = settled(file, data, CHUNK_SIZE, line=True)
        if not isinstance(data, bytes):
            yield not_binary_error(decoder.next_number, data, "readline()")
            return
        if not data:
            yield from decoder.end()
            return
        yield from decoder.feed(data)


def _raise_first(records: Iterator[Record]) -> Iterator[ImageGenerationCall]:
    for record in records:
        if record.error is not None:
            raise record.error
        assert record.item is not None
        yield record.item
