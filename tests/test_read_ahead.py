"""The sync readers' shortcut: reading ahead and putting back gives the read-as-asked records.

``_stream._records`` feeds a ``BytesIO`` or a buffered file what it holds ready,
then leaves the file just past each record it yields; any other file is read
as asked (``read(wanted)``, ``readline``). Both must give the same records and
leave the file at the same place after each one.
"""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Callable, Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import items

from imagegen_wire import ImageGenerationCall, write_delimited, write_ndjson
from imagegen_wire._framing import NdjsonDecoder, Record
from imagegen_wire._stream import delimited_records, ndjson_records


class _AsAsked(io.BytesIO):
    """A ``BytesIO`` the shortcut does not take (a subclass might read otherwise)."""


class _Raw(io.RawIOBase):
    """An unbuffered, seekable file over bytes, for a ``BufferedReader`` of any buffer size."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        return self._data.readinto(buffer)

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        return self._data.seek(offset, whence)

    def tell(self) -> int:
        return self._data.tell()


Shape = tuple[int, int, ImageGenerationCall | None, str | None, int, int]


def _walk(
    file: io.BufferedIOBase, records: Callable[..., Iterator[Record]], **limits: int
) -> list[Shape]:
    """Each record, with where the file stands just after it is yielded."""
    return [
        (r.number, r.size, r.item, None if r.error is None else repr(r.error), r.end, file.tell())
        for r in records(file, **limits)
    ]


TAILS = [
    b"",
    b"\n\n  \r\n",  # blank lines, one with CRLF
    b'{"type":"image_generation_call","id":"crlf","status":"failed"}\r\n',
    b'{"bad\n',
    b"x" * 300 + b"\n",  # over the line cap below
    b'{"type":"image_generation_call","id":"last","status":"failed"}',  # no line end
    b"\x08\x01",  # a frame cut short
    b"\xff" * 11,  # a prefix too long
    b"\x0a\x00",  # not a message
    b"TAIL",
    # Two items on one line beside a blank one: as many values as lines, one of them wrong.
    b'{"type":"image_generation_call","id":"a","status":"failed"} '
    b'{"type":"image_generation_call","id":"b","status":"failed"}\n\n',
    b'{"type":"image_generation_call","id":"c","status":"failed"} {"type":"image_generation_call"'
    b',"id":"d","status":"failed"}\n',  # two on one line: more values than lines
    b' {"type":"image_generation_call","id":"space","status":"failed"}\n',
    b'{"type":"image_generation_call","id":"x","status":"failed","prompt":"a cat"}\n',
    b'{"type":"image_generation_call","id":"y","result":"QR==","status":"done"}\n',
]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(items(), max_size=6),
    st.lists(st.sampled_from(TAILS), max_size=3),
    st.integers(1, 64),
    st.booleans(),
)
def test_read_ahead_gives_the_records_and_positions_of_reading_as_asked(
    values: list[ImageGenerationCall], tails: list[bytes], buffer_size: int, lines: bool
) -> None:
    out = io.BytesIO()
    (write_ndjson if lines else write_delimited)(out, values)
    data = out.getvalue() + b"".join(tails)
    records = ndjson_records if lines else delimited_records
    limits = {"max_line_size": 200} if lines else {"max_frame_size": 4096}
    expected = _walk(_AsAsked(data), records, **limits)
    assert _walk(io.BytesIO(data), records, **limits) == expected
    buffered = io.BufferedReader(_Raw(data), buffer_size=buffer_size)
    assert _walk(buffered, records, **limits) == expected
    with tempfile.TemporaryDirectory() as directory:  # a file on disk: read ahead by pread
        path = os.path.join(directory, "data")
        with open(path, "wb") as out_file:
            out_file.write(data)
        with io.BufferedReader(io.FileIO(path), buffer_size=buffer_size) as on_disk:
            assert _walk(on_disk, records, **limits) == expected


def test_a_reader_left_early_leaves_the_file_just_past_its_last_record() -> None:
    item = ImageGenerationCall(id="a", status="failed", result=None)
    for write, records in [(write_delimited, delimited_records), (write_ndjson, ndjson_records)]:
        out = io.BytesIO()
        write(out, [item] * 3)
        one = len(out.getvalue()) // 3
        with tempfile.TemporaryDirectory() as directory:
            path = os.path.join(directory, "data")
            with open(path, "wb") as out_file:
                out_file.write(out.getvalue())
            files = [io.BytesIO(out.getvalue()), io.BufferedReader(_Raw(out.getvalue()))]
            for file in [*files, open(path, "rb")]:  # noqa: SIM115 - closed below
                reader = records(file)
                assert next(reader).end == one
                assert file.tell() == one
                assert file.read() == out.getvalue()[one:]
                file.close()
                with pytest.raises(ValueError, match="closed file"):
                    next(reader)  # never the bytes of another file now on its descriptor


@settings(max_examples=100, deadline=None)
@given(
    st.lists(items(), max_size=8),
    st.lists(st.sampled_from(TAILS), max_size=4),
    st.booleans(),
    st.sampled_from([10, 200, 10_000]),
)
def test_lines_read_at_once_are_the_records_of_each_line_fed_alone(
    values: list[ImageGenerationCall], tails: list[bytes], strict: bool, limit: int
) -> None:
    out = io.BytesIO()
    write_ndjson(out, values)
    data = out.getvalue() + b"".join(tails) + b"\n"
    at_once = NdjsonDecoder(strict=strict, max_line_size=limit)
    alone = NdjsonDecoder(strict=strict, max_line_size=limit)
    whole = at_once.feed(data) + at_once.end()
    each = [r for line in data.splitlines(keepends=True) for r in alone.feed(line)] + alone.end()
    assert [_shape(r) for r in whole] == [_shape(r) for r in each]


def _shape(r: Record) -> tuple[object, ...]:
    return (r.number, r.size, r.item, None if r.error is None else repr(r.error), r.end)


def _large(n: int) -> bytes:
    """A plain line of about ``n`` bytes: an item whose image is read in place."""
    item = ImageGenerationCall(id=f"large{n}", status="completed", image_bytes=bytes(n * 3 // 4))
    return item.to_json().encode() + b"\n"


@settings(max_examples=30, deadline=None)
@given(
    st.lists(items(), min_size=1, max_size=8),
    st.lists(st.sampled_from([*TAILS, _large(65_535), _large(70_000)]), max_size=4),
    st.integers(1, 3),
    st.sampled_from([200, 70_000, 1 << 20]),
)
def test_a_chunk_of_many_blocks_gives_the_records_of_each_line_fed_alone(
    values: list[ImageGenerationCall], tails: list[bytes], copies: int, limit: int
) -> None:
    # An asyncio reader's chunk (a megabyte) holds many blocks of lines, read block by block.
    out = io.BytesIO()
    while out.tell() < 200_000:
        write_ndjson(out, values)
    data = (out.getvalue() + b"".join(tails)) * copies + b"\n"
    at_once = NdjsonDecoder(max_line_size=limit)
    alone = NdjsonDecoder(max_line_size=limit)
    whole = at_once.feed(data) + at_once.end()
    each = [r for line in data.splitlines(keepends=True) for r in alone.feed(line)] + alone.end()
    assert [_shape(r) for r in whole] == [_shape(r) for r in each]
