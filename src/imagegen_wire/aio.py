"""Streams of items over asyncio: the two stream formats of the sync readers, awaited.

The same framing rules, limits, errors and record numbers as ``read_delimited``
and ``read_ndjson`` (one decoder does both, ``_framing``), over an
``asyncio.StreamReader`` (read in chunks: a line of any length, never
``readline``'s 64 KiB limit) or any ``AsyncIterable[bytes]``: httpx's
``aiter_bytes()``, aiofiles, a grpc.aio stream of chunks. The writers take an
``asyncio.StreamWriter`` or any object with an async
``write``, and items as an iterable or an async iterable. Each record goes out
in one ``write``, so a writer cancelled (``asyncio.timeout``, ``wait_for``) has
written whole records only; a ``StreamWriter`` is drained every 64 KiB and at
the end. ``delimited_records`` and ``ndjson_records`` give every record, bad
ones included, as the sync functions of those names do.

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
from collections.abc import AsyncIterable, AsyncIterator, Callable, Iterable
from typing import Protocol, runtime_checkable

from ._framing import (
    CHUNK_SIZE,
    DEFAULT_MAX_FRAME_SIZE,
    DEFAULT_MAX_LINE_SIZE,
    DelimitedDecoder,
    NdjsonDecoder,
    Record,
    checked_item,
)
from ._item import ImageGenerationCall
from ._stream import encode_varint

__all__ = [
    "delimited_records",
    "ndjson_records",
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


def delimited_records(
    source: Source, *, max_frame_size: int = DEFAULT_MAX_FRAME_SIZE
) -> AsyncIterator[Record]:
    """Every frame as a ``Record``, bad ones included; a bad prefix or a cut-short frame ends it."""
    return _each_record(_batches(source, DelimitedDecoder(max_frame_size=max_frame_size)))


def ndjson_records(
    source: Source, *, strict: bool = False, max_line_size: int = DEFAULT_MAX_LINE_SIZE
) -> AsyncIterator[Record]:
    """Every non-blank line as a ``Record``, bad ones included; reading goes on after each."""
    decoder = NdjsonDecoder(strict=strict, max_line_size=max_line_size)
    return _each_record(_batches(source, decoder))


def read_delimited(
    source: Source, *, max_frame_size: int = DEFAULT_MAX_FRAME_SIZE
) -> AsyncIterator[ImageGenerationCall]:
    """The items of a length-delimited binary stream; ``DecodeError`` at the first bad frame."""
    return _raise_first(_batches(source, DelimitedDecoder(max_frame_size=max_frame_size)))


def read_ndjson(
    source: Source, *, strict: bool = False, max_line_size: int = DEFAULT_MAX_LINE_SIZE
) -> AsyncIterator[ImageGenerationCall]:
    """The items of an NDJSON stream; ``ValidationError`` at the first bad line."""
    decoder = NdjsonDecoder(strict=strict, max_line_size=max_line_size)
    return _raise_first(_batches(source, decoder))


async def _batches(
    source: Source, decoder: DelimitedDecoder | NdjsonDecoder
) -> AsyncIterator[list[Record]]:
    """The records of each chunk of the source, as the decoder gives them, to the end."""
    async for chunk in _chunks(source):
        yield decoder.feed(chunk)
        if decoder.finished:
            return
    yield decoder.end()


async def _each_record(batches: AsyncIterator[list[Record]]) -> AsyncIterator[Record]:
    async for batch in batches:
        for record in batch:
            yield record


async def _raise_first(batches: AsyncIterator[list[Record]]) -> AsyncIterator[ImageGenerationCall]:
    async for batch in batches:
        for record in batch:
            if record.error is not None:
                raise record.error
            assert record.item is not None
            yield record.item


async def write_delimited(writer: object, items: Items) -> int:
    """Write each item as a varint size prefix and its binary form; return how many were written."""
    return await _write_all(writer, items, "write_delimited", _frame)


async def write_ndjson(writer: object, items: Items) -> int:
    """Write each item as one line of compact JSON (UTF-8, ``\\n``); return how many were written."""
    return await _write_all(writer, items, "write_ndjson", _line)


def _frame(item: ImageGenerationCall) -> bytes:
    data = item.to_bytes()
    return encode_varint(len(data)) + data


def _line(item: ImageGenerationCall) -> bytes:
    return item.to_json().encode() + b"\n"  # compact JSON escapes every line break


DRAIN_EVERY = 64 * 1024
"""A writer with ``drain()`` (a ``StreamWriter``) is drained after this many bytes, and at the end."""


async def _write_all(
    writer: object, items: Items, call: str, encode: Callable[[ImageGenerationCall], bytes]
) -> int:
    """Each item's bytes in one ``writer.write`` (awaited if it gives an awaitable).

    One write a record: a cancelled writer has written whole records only.
    """
    write = getattr(writer, "write", None)
    if not callable(write):
        msg = (
            "expected an asyncio.StreamWriter or an object with an async write, "
            f"got {type(writer).__name__}"
        )
        raise TypeError(msg)
    drain = getattr(writer, "drain", None)
    count = unflushed = 0
    async for item in _each(items, call):
        data = encode(item)
        result = write(data)
        if result is not None and inspect.isawaitable(result):
            await result
        count += 1
        unflushed += len(data)
        if unflushed >= DRAIN_EVERY and callable(drain):
            await drain()
            unflushed = 0
    if unflushed and callable(drain):
        await drain()
    return count


async def _each(items: Items, call: str) -> AsyncIterator[ImageGenerationCall]:
    if isinstance(items, AsyncIterable):
        async for item in items:
            yield checked_item(item, call)
    else:
        for item in items:
            yield checked_item(item, call)
