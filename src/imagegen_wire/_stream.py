"""Streams of items over file objects: length-delimited binary frames and NDJSON lines.

A frame is a message after its size as a varint, as Java's ``writeDelimitedTo``
and protobuf-es write it (``proto.parse_length_prefixed`` has no cap on the size).
A line is one compact JSON item. Readers are iterators, so memory stays flat; a
bad record raises after every item before it, naming it (``err.record``).
"""

from __future__ import annotations

import io
import os
import stat
from collections.abc import Callable, Iterable, Iterator
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
    return _records(file, DelimitedDecoder(max_frame_size=max_frame_size))


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
    return _records(file, NdjsonDecoder(strict=strict, max_line_size=max_line_size))


def _records(file: BinaryIO, decoder: DelimitedDecoder | NdjsonDecoder) -> Iterator[Record]:
    """The records of ``file``'s bytes fed to ``decoder``, read as they are asked for.

    Each record's bytes are read with ``read(wanted)`` (``readline(wanted)`` for
    lines), which reads no byte past it. The shortcut, for the files it can be
    done on (:func:`_look_ahead`): between records, what the file holds ready is
    fed at once, and the file left just past each record as it is yielded, as
    the read-as-asked path would leave it. A record the ready bytes cut short is
    given back by the decoder and read as asked, whole.
    """
    ahead = _look_ahead(file)
    line = isinstance(decoder, NdjsonDecoder)
    raw_line = line and isinstance(file, io.RawIOBase)  # its readline: "no data yet" is an error
    while not decoder.finished:
        if ahead is not None and decoder.between_records:
            peek, move = ahead
            chunk = peek()
            if chunk:
                at = decoder.fed
                for record in decoder.feed(chunk):
                    move(record.end - at)
                    at = record.end
                    yield record
                if decoder.finished:
                    return
                cut = not decoder.between_records and decoder.give_back() > 0
                move(decoder.fed - at)
                if not cut:
                    continue
        size = decoder.wanted
        data: object
        if raw_line:
            data = read_waiting(file, size, line=True)
        else:
            try:
                data = file.readline(size) if line else file.read(size)
            except BlockingIOError:
                data = None
            if not data or data.__class__ is not bytes:  # the end, no data yet, or not bytes
                data = settled(file, data, size, line=line)
        if not isinstance(data, bytes):
            call = "readline()" if line else "read()"
            yield not_binary_error(decoder.next_number, data, call)
            return
        if not data:
            yield from decoder.end()
            return
        yield from decoder.feed(data)


LOOK_AHEAD = 64 * 1024
"""How much of a ``BytesIO`` or a file on disk a reader looks at once: hundreds of small items."""


def _look_ahead(file: object) -> tuple[Callable[[], bytes], Callable[[int], object]] | None:
    """``(peek, move)`` for a file whose ready bytes can be read and put back, else ``None``.

    ``peek()`` gives bytes ahead of the file's position without taking them (``b""``:
    none ready, or the end); ``move(n)`` takes ``n`` of them. A ``BytesIO`` (in memory),
    a buffered regular file (``pread`` at its position, whatever its buffer's size)
    and another buffered file (its buffer) qualify; a subclass might read otherwise,
    so not it.
    """
    kind = type(file)
    if kind is io.BytesIO:
        memory: io.BytesIO = file  # type: ignore[assignment]

        def peek_memory() -> bytes:
            chunk = memory.read(LOOK_AHEAD)
            memory.seek(-len(chunk), io.SEEK_CUR)
            return chunk

        return peek_memory, lambda n: memory.seek(n, io.SEEK_CUR)
    fd = _regular_descriptor(file) if kind is io.BufferedReader else None
    if fd is not None:  # its buffer (4 KiB or 8 KiB by default) would hold a few dozen lines
        on_disk: io.BufferedReader = file  # type: ignore[assignment]
        return lambda: os.pread(fd, LOOK_AHEAD, on_disk.tell()), on_disk.read
    if kind is io.BufferedReader or kind is io.BufferedRandom:
        buffered: io.BufferedReader = file  # type: ignore[assignment]

        def peek_buffer() -> bytes:
            try:  # a non-blocking descriptor's "no data yet": the read-as-asked path waits
                return buffered.peek(CHUNK_SIZE)
            except BlockingIOError:
                return b""

        return peek_buffer, buffered.read
    return None


def _regular_descriptor(file: object) -> int | None:
    """The descriptor of a read-only buffered file on a regular file, else ``None``."""
    raw = getattr(file, "raw", None)
    if type(raw) is not io.FileIO or not hasattr(os, "pread"):  # POSIX only
        return None
    try:
        fd = raw.fileno()
        return fd if stat.S_ISREG(os.fstat(fd).st_mode) else None
    except (OSError, ValueError):  # closed, or a descriptor gone
        return None


def _raise_first(records: Iterator[Record]) -> Iterator[ImageGenerationCall]:
    for record in records:
        if record.error is not None:
            raise record.error
        assert record.item is not None
        yield record.item
