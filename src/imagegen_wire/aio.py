"""Streams of items over asyncio: the two stream formats of the sync readers, awaited.

The same framing rules, limits, errors and record numbers as ``read_delimited``
and ``read_ndjson`` (one decoder does both, ``_framing``), over an
``asyncio.StreamReader`` (read in chunks: a line of any length, never
``readline``'s 64 KiB limit) or any ``AsyncIterable[bytes]``: httpx's
``aiter_bytes()``, aiofiles, a grpc.aio stream of chunks. The writers take an
``asyncio.StreamWriter`` (written, then drained) or any object with an async
``write``, and items as an iterable or an async iterable.

>>> import asyncio
>>> from imagegen_wire import ImageGenerationCall
>>> async def chunks():
...     yield b'{"type":"image_generation_call","id":"a",'
...     yield b'"result":null,"status":"failed"}\\n'
>>> async def ids():
...     return [item.id async for item in read_ndjson(chunks())]
>>> asyncio.run(ids())
['a']
"""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterable, AsyncIterator, Iterable
from typing import Protocol, runtime_checkable

from ._framing import (
    CHUNK_SIZE,
    DEFAULT_MAX_FRAME_SIZE,
    DEFAULT_MAX_LINE_SIZE,
    DelimitedDecoder,
    NdjsonDecoder,
    Record,
    check_limit,
    checked_item,
)
from ._item import ImageGenerationCall
from ._stream import encode_varint

__all__ = [
    "read_delimited",
    "read_ndjson",
    "write_delimited",
    "write_ndjson",
]


@runtime_checkable
class _Reader(Protocol):
    async def read(self, n: int = -1, /) -> bytes: ...


Source = _Reader | AsyncIterable[bytes]
"""An ``asyncio.StreamReader`` (anything with an async ``read(n)``) or an async iterable of bytes."""

Items = Iterable[ImageGenerationCall] | AsyncIterable[ImageGenerationCall]


async def _chunks(source: Source) -> AsyncIterator[bytes]:
    """The source's bytes in chunks, to its end; ``TypeError`` for anything but bytes."""
    # A StreamReader iterates by readline (64 KiB at most a line): its read(n) instead.
    if isinstance(source, _Reader):
        while chunk := await source.read(CHUNK_SIZE):
            yield _checked_chunk(chunk)
        return
    if not isinstance(source, AsyncIterable):
        msg = (
            "expected an asyncio.StreamReader or an async iterable of bytes, "
            f"got {type(source).__name__}"
        )
        raise TypeError(msg)
    async for chunk in source:
        yield _checked_chunk(chunk)


def _checked_chunk(chunk: object) -> bytes:
    if isinstance(chunk, bytes):
        return chunk
    if isinstance(chunk, (bytearray, memoryview)):
        return bytes(chunk)
    msg = f"expected bytes from the source, got {type(chunk).__name__}: open or decode it as binary"
    raise TypeError(msg)


async def _delimited_records(
    source: Source, *, max_frame_size: int = DEFAULT_MAX_FRAME_SIZE
) -> AsyncIterator[Record]:
    """Every frame as a ``Record``, bad ones included; a bad prefix or a cut-short frame ends it."""
    decoder = DelimitedDecoder(max_frame_size=max_frame_size)
    async for chunk in _chunks(source):
        for record in decoder.feed(chunk):
            yield record
        if decoder.finished:
            return
    for record in decoder.end():
        yield record


async def _ndjson_records(
    source: Source, *, strict: bool = False, max_line_size: int = DEFAULT_MAX_LINE_SIZE
) -> AsyncIterator[Record]:
    """Every non-blank line as a ``Record``, bad ones included; reading goes on after each."""
    decoder = NdjsonDecoder(strict=strict, max_line_size=max_line_size)
    async for chunk in _chunks(source):
        for record in decoder.feed(chunk):
            yield record
    for record in decoder.end():
        yield record


def read_delimited(
    source: Source, *, max_frame_size: int = DEFAULT_MAX_FRAME_SIZE
) -> AsyncIterator[ImageGenerationCall]:
    """The items of a length-delimited binary stream; ``DecodeError`` at the first bad frame."""
    check_limit("max_frame_size", max_frame_size)
    return _raise_first(_delimited_records(source, max_frame_size=max_frame_size))


def read_ndjson(
    source: Source, *, strict: bool = False, max_line_size: int = DEFAULT_MAX_LINE_SIZE
) -> AsyncIterator[ImageGenerationCall]:
    """The items of an NDJSON stream; ``ValidationError`` at the first bad line."""
    check_limit("max_line_size", max_line_size)
    return _raise_first(_ndjson_records(source, strict=strict, max_line_size=max_line_size))


async def _raise_first(records: AsyncIterator[Record]) -> AsyncIterator[ImageGenerationCall]:
    async for record in records:
        if record.error is not None:
            raise record.error
        assert record.item is not None
        yield record.item


async def write_delimited(writer: object, items: Items) -> int:
    """Write each item as a varint size prefix and its binary form; return how many were written."""
    count = 0
    async for item in _each(items, "write_delimited"):
        data = item.to_bytes()
        await _write(writer, encode_varint(len(data)), data)
        count += 1
    return count


async def write_ndjson(writer: object, items: Items) -> int:
    """Write each item as one line of compact JSON (UTF-8, ``\\n``); return how many were written."""
    count = 0
    async for item in _each(items, "write_ndjson"):
        await _write(writer, item.to_json().encode() + b"\n")
        count += 1
    return count


async def _each(items: Items, call: str) -> AsyncIterator[ImageGenerationCall]:
    if isinstance(items, AsyncIterable):
        async for item in items:
            yield checked_item(item, call)
    else:
        for item in items:
            yield checked_item(item, call)


async def _write(writer: object, *parts: bytes) -> None:
    """``writer.write(part)`` for each, awaited if a coroutine; then ``drain()`` if it has one."""
    write = getattr(writer, "write", None)
    if not callable(write):
        msg = (
            "expected an asyncio.StreamWriter or an object with an async write, "
            f"got {type(writer).__name__}"
        )
        raise TypeError(msg)
    for part in parts:
        result = write(part)
        if inspect.isawaitable(result):
            await result
    drain = getattr(writer, "drain", None)
    if callable(drain):
        await drain()
