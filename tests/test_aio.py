"""imagegen_wire.aio: the sync streams' formats, rules and errors over asyncio."""

from __future__ import annotations

import asyncio
import io
import socket
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import items

from imagegen_wire import (
    DecodeError,
    ImageGenerationCall,
    ValidationError,
    aio,
    read_delimited,
    read_ndjson,
    write_delimited,
    write_ndjson,
)
from imagegen_wire._stream import delimited_records, ndjson_records

SAMPLE = [
    ImageGenerationCall(id=f"ig_{n}", status="completed", result="aGk=" * (1 + n))
    for n in range(50)
] + [ImageGenerationCall(id="big", status="completed", image_bytes=bytes(1_500_000))]


def _sync(write: Callable[..., int], values: list[ImageGenerationCall]) -> bytes:
    out = io.BytesIO()
    write(out, values)
    return out.getvalue()


async def _pieces(data: bytes, sizes: list[int]) -> AsyncIterator[bytes]:
    pos = n = 0
    while pos < len(data):
        size = sizes[n % len(sizes)]
        yield data[pos : pos + size]
        pos, n = pos + size, n + 1


async def _collect(records: AsyncIterator[Any]) -> list[Any]:
    return [record async for record in records]


def _shape(record: Any) -> tuple[object, ...]:
    error = record.error
    return (record.number, record.size, record.item, type(error), str(error) if error else None)


@pytest.mark.parametrize(
    ("write", "read", "kind"),
    [
        (aio.write_delimited, aio.read_delimited, "delimited"),
        (aio.write_ndjson, aio.read_ndjson, "ndjson"),
    ],
)
def test_a_socket_carries_every_item_both_ways(write: Any, read: Any, kind: str) -> None:
    # The image's line is 2 MB: far past StreamReader.readline's 64 KiB limit.
    async def main() -> tuple[int, list[ImageGenerationCall], bytes]:
        left, right = socket.socketpair()
        _, writer = await asyncio.open_connection(sock=left)
        reader, other = await asyncio.open_connection(sock=right)

        async def produce() -> int:
            count = await write(writer, SAMPLE)
            writer.close()
            await writer.wait_closed()
            return count

        count, got = await asyncio.gather(produce(), _collect(read(reader)))
        other.close()
        await other.wait_closed()
        return count, got, b""

    count, got, _ = asyncio.run(main())
    assert count == len(SAMPLE)
    assert got == SAMPLE


@settings(max_examples=50)
@given(st.lists(items(), max_size=6), st.lists(st.integers(1, 500), min_size=1, max_size=10))
def test_any_chunking_gives_the_sync_readers_records(
    values: list[ImageGenerationCall], sizes: list[int]
) -> None:
    for write, sync_records, async_records in [
        (write_delimited, delimited_records, aio.delimited_records),
        (write_ndjson, ndjson_records, aio.ndjson_records),
    ]:
        data = _sync(write, values) + b'{"oops\n\x08\x01'  # a bad line, then a frame cut short
        expected = [_shape(r) for r in sync_records(io.BytesIO(data))]
        got = asyncio.run(_collect(async_records(_pieces(data, sizes))))
        assert [_shape(r) for r in got] == expected


def test_the_writers_write_the_sync_writers_bytes_from_an_async_iterable_to_an_async_write() -> (
    None
):
    class AsyncFile:
        def __init__(self) -> None:
            self.data = bytearray()

        async def write(self, data: bytes) -> None:
            await asyncio.sleep(0)
            self.data += data

    async def produce() -> AsyncIterator[ImageGenerationCall]:
        for item in SAMPLE:
            yield item

    for write, sync_write in [
        (aio.write_delimited, write_delimited),
        (aio.write_ndjson, write_ndjson),
    ]:
        out = AsyncFile()
        assert asyncio.run(write(out, produce())) == len(SAMPLE)
        assert bytes(out.data) == _sync(sync_write, SAMPLE)


def test_errors_are_the_sync_readers_errors() -> None:
    bad_frame = b"\x03\xff\xff\xff"
    with pytest.raises(DecodeError) as sync_error:
        list(read_delimited(io.BytesIO(bad_frame)))
    with pytest.raises(DecodeError) as async_error:
        asyncio.run(_collect(aio.read_delimited(_pieces(bad_frame, [1]))))
    assert str(async_error.value) == str(sync_error.value)
    bad_line = b"\n{}\n"
    with pytest.raises(ValidationError) as sync_line:
        list(read_ndjson(io.BytesIO(bad_line)))
    with pytest.raises(ValidationError) as async_line:
        asyncio.run(_collect(aio.read_ndjson(_pieces(bad_line, [2]))))
    assert str(async_line.value) == str(sync_line.value)
    assert async_line.value.record == 2


def test_limits_hold_and_are_checked_first() -> None:
    with pytest.raises(ValueError, match="max_line_size"):
        aio.read_ndjson(_pieces(b"", [1]), max_line_size=0)
    long_line = SAMPLE[-1].to_json().encode() + b"\n"
    with pytest.raises(ValidationError, match="at most 1,000 bytes"):
        asyncio.run(_collect(aio.read_ndjson(_pieces(long_line, [65536]), max_line_size=1000)))
    data = _sync(write_delimited, SAMPLE[-1:])
    with pytest.raises(DecodeError, match="at most 1,000 bytes"):
        asyncio.run(_collect(aio.read_delimited(_pieces(data, [65536]), max_frame_size=1000)))


def test_wrong_sources_writers_and_items_are_type_errors() -> None:
    async def text() -> AsyncIterator[str]:
        yield "{}"

    with pytest.raises(TypeError, match="expected bytes from the source, got str"):
        asyncio.run(_collect(aio.read_ndjson(text())))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"expected an asyncio\.StreamReader or an async iterable"):
        asyncio.run(_collect(aio.read_ndjson(b"{}")))  # type: ignore[arg-type]
    with pytest.raises(
        TypeError, match="write_ndjson: expected ImageGenerationCall items, got dict"
    ):
        asyncio.run(aio.write_ndjson(io.BytesIO(), [{}]))  # type: ignore[list-item]
    with pytest.raises(TypeError, match="an object with an async write, got int"):
        asyncio.run(aio.write_ndjson(5, SAMPLE))


# -- cancellation, long lines ---------------------------------------------------


def _whole_frames(data: bytes) -> list[ImageGenerationCall]:
    """The items of ``data``, which must hold whole frames only (no frame cut short)."""
    records = list(delimited_records(io.BytesIO(data)))
    assert all(record.error is None for record in records), records[-1].error
    return [record.item for record in records]  # type: ignore[misc]


def test_a_writer_cancelled_on_a_full_socket_leaves_whole_frames_and_no_task() -> None:
    many = [
        ImageGenerationCall(id=f"x{n}", status="failed", image_bytes=bytes(5000))
        for n in range(2000)
    ]

    async def main() -> bytes:
        left, right = socket.socketpair()
        _, writer = await asyncio.open_connection(sock=left)
        with pytest.raises(asyncio.TimeoutError):  # nobody reads: drain() waits until the timeout
            await asyncio.wait_for(aio.write_delimited(writer, many), 0.3)
        assert asyncio.all_tasks() == {asyncio.current_task()}
        writer.close()  # what was written goes out, then the socket closes
        reader, other = await asyncio.open_connection(sock=right)
        data = await reader.read()
        other.close()
        return data

    got = _whole_frames(asyncio.run(main()))
    assert 0 < len(got) < len(many)
    assert got == many[: len(got)]


def test_an_async_write_cancelled_between_items_has_written_whole_records() -> None:
    class SlowFile:
        def __init__(self) -> None:
            self.data = bytearray()

        async def write(self, data: bytes) -> None:
            await asyncio.sleep(0.001)
            self.data += data

    async def main(write: Any, out: SlowFile) -> None:
        with pytest.raises(asyncio.TimeoutError):
            await asyncio.wait_for(write(out, SAMPLE[:50] * 100), 0.05)
        assert asyncio.all_tasks() == {asyncio.current_task()}

    frames, lines = SlowFile(), SlowFile()
    asyncio.run(main(aio.write_delimited, frames))
    asyncio.run(main(aio.write_ndjson, lines))
    assert 0 < len(_whole_frames(bytes(frames.data))) < 5000
    assert bytes(lines.data).endswith(b"\n")
    assert all(record.error is None for record in ndjson_records(io.BytesIO(bytes(lines.data))))


def test_a_reader_waiting_for_data_is_cancelled_cleanly() -> None:
    async def main() -> list[ImageGenerationCall]:
        source = asyncio.StreamReader()
        source.feed_data(SAMPLE[0].to_json().encode() + b"\n")  # then nothing, and no end
        got: list[ImageGenerationCall] = []

        async def read() -> None:
            async for item in aio.read_ndjson(source):
                got.append(item)

        with pytest.raises(asyncio.TimeoutError):
            await asyncio.wait_for(read(), 0.1)
        assert asyncio.all_tasks() == {asyncio.current_task()}
        return got

    assert asyncio.run(main()) == SAMPLE[:1]


def test_a_20_mib_line_reads_from_a_stream_reader() -> None:
    item = ImageGenerationCall(id="huge", status="completed", image_bytes=bytes(15 * 2**20))
    line = item.to_json().encode() + b"\n"
    assert len(line) > 20 * 2**20

    async def main() -> list[ImageGenerationCall]:
        source = asyncio.StreamReader()
        source.feed_data(line)
        source.feed_eof()
        return await _collect(aio.read_ndjson(source))

    assert asyncio.run(main()) == [item]
