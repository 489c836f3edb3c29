"""Stream framing: length-delimited binary and NDJSON, round trips, limits and bad records."""

from __future__ import annotations

import io
import itertools
import json
import tracemalloc
from pathlib import Path

import pytest
from google.protobuf import proto
from helpers import json_value, same_json
from hypothesis import given
from hypothesis import strategies as st
from strategies import items

import imagegen_wire
from imagegen.v1 import image_generation_call_pb2 as pb
from imagegen_wire import (
    DEFAULT_MAX_FRAME_SIZE,
    DEFAULT_MAX_LINE_SIZE,
    DecodeError,
    ImageGenerationCall,
    ValidationError,
    read_delimited,
    read_ndjson,
    write_delimited,
    write_ndjson,
)
from imagegen_wire._stream import delimited_records, encode_varint, ndjson_records

item_lists = st.lists(items(), max_size=8)

SAMPLE = [
    ImageGenerationCall(id="ig_1", status="completed", result="aGk="),
    ImageGenerationCall(id="ig_2", status="queued", result=None, extra={"n": 10**30}),
    ImageGenerationCall(id="", status="failed"),
    ImageGenerationCall(id="日本", status="generating", result="x" * 300),
]


def delimited(items: list[ImageGenerationCall]) -> bytes:
    out = io.BytesIO()
    assert write_delimited(out, items) == len(items)
    return out.getvalue()


def ndjson(items: list[ImageGenerationCall]) -> bytes:
    out = io.BytesIO()
    assert write_ndjson(out, items) == len(items)
    return out.getvalue()


def collect(iterator: object) -> tuple[list[ImageGenerationCall], Exception | None]:
    """The items an iterator yields before it stops, and the error it stopped with, if any."""
    got: list[ImageGenerationCall] = []
    try:
        for item in iterator:  # type: ignore[attr-defined]
            got.append(item)
    except (DecodeError, ValidationError) as exc:
        return got, exc
    return got, None


def test_stream_functions_are_exported() -> None:
    for name in ("read_delimited", "write_delimited", "read_ndjson", "write_ndjson"):
        assert name in imagegen_wire.__all__
        assert callable(getattr(imagegen_wire, name))
    assert DEFAULT_MAX_FRAME_SIZE == 64 * 1024 * 1024
    assert DEFAULT_MAX_LINE_SIZE >= DEFAULT_MAX_FRAME_SIZE * 4 // 3


# -- round trips ----------------------------------------------------------------


@given(item_lists)
def test_delimited_round_trip(values: list[ImageGenerationCall]) -> None:
    assert list(read_delimited(io.BytesIO(delimited(values)))) == values


@given(item_lists)
def test_ndjson_round_trip(values: list[ImageGenerationCall]) -> None:
    data = ndjson(values)
    assert list(read_ndjson(io.BytesIO(data))) == values
    lines = data.split(b"\n")
    assert lines[-1] == b""  # every line ends with \n, and an item never spans two
    assert len(lines) == len(values) + 1
    for line, item in zip(lines, values, strict=False):
        assert same_json(json_value(line), json_value(item.to_json()))


@given(item_lists)
def test_frames_are_each_items_bytes_behind_its_varint_size(
    values: list[ImageGenerationCall],
) -> None:
    expected = b"".join(encode_varint(len(x.to_bytes())) + x.to_bytes() for x in values)
    assert delimited(values) == expected


@pytest.mark.parametrize(
    ("value", "encoded"),
    [
        (0, b"\x00"),
        (1, b"\x01"),
        (127, b"\x7f"),
        (128, b"\x80\x01"),
        (300, b"\xac\x02"),
        (2**64 - 1, b"\xff" * 9 + b"\x01"),
    ],
)
def test_varint_is_protobufs(value: int, encoded: bytes) -> None:
    assert encode_varint(value) == encoded


def test_protobuf_reads_our_stream() -> None:
    """protobuf's own length-prefixed reader (as Java's parseDelimitedFrom) reads our frames."""
    source = io.BytesIO(delimited(SAMPLE))
    messages = []
    while (message := proto.parse_length_prefixed(pb.ImageGenerationCall, source)) is not None:
        messages.append(message)
    assert [ImageGenerationCall.from_proto(m) for m in messages] == SAMPLE


def test_we_read_protobufs_stream() -> None:
    out = io.BytesIO()
    for item in SAMPLE:
        proto.serialize_length_prefixed(item.to_proto(), out)
    assert list(read_delimited(io.BytesIO(out.getvalue()))) == SAMPLE


def test_readers_are_lazy_and_do_not_read_past_what_they_yield(tmp_path: Path) -> None:
    path = tmp_path / "s.bin"
    path.write_bytes(delimited(SAMPLE) + b"TAIL")
    with path.open("rb") as file:
        assert list(itertools.islice(read_delimited(file), len(SAMPLE))) == SAMPLE
        assert file.read() == b"TAIL"
    path.write_bytes(ndjson(SAMPLE[:2]) + b"rest\n")
    with path.open("rb") as file:
        assert list(itertools.islice(read_ndjson(file), 2)) == SAMPLE[:2]
        assert file.read() == b"rest\n"


# -- binary: bad and hostile frames ---------------------------------------------


def test_every_cut_of_a_stream_delivers_the_whole_frames_before_it() -> None:
    data = delimited(SAMPLE)
    boundaries = list(
        itertools.accumulate(
            len(encode_varint(len(b))) + len(b) for b in (x.to_bytes() for x in SAMPLE)
        )
    )
    for cut in range(len(data) + 1):
        got, error = collect(read_delimited(io.BytesIO(data[:cut])))
        whole = sum(1 for end in boundaries if end <= cut)
        assert got == SAMPLE[:whole], cut
        if cut in (0, *boundaries):
            assert error is None, cut
        else:
            assert isinstance(error, DecodeError), cut
            assert (error.record, error.record_kind) == (whole + 1, "frame")
            assert str(error).startswith(f"frame {whole + 1}: ")
            assert "cut short" in error.message


def test_hostile_length_is_refused_before_any_allocation() -> None:
    hostile = delimited(SAMPLE[:1]) + b"\xff\xff\xff\xff\xff\xff\xff\xff\x7f" + b"x" * 100
    tracemalloc.start()
    try:
        got, error = collect(read_delimited(io.BytesIO(hostile)))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert got == SAMPLE[:1]
    assert isinstance(error, DecodeError)
    assert error.record == 2
    assert "at most 67,108,864 bytes (max_frame_size, " in error.message
    assert "9,223,372,036,854,775,807" in error.message
    assert peak < 1024 * 1024


def test_a_large_declared_size_cut_short_allocates_only_what_arrives(tmp_path: Path) -> None:
    """A file's read(n) allocates n bytes at once: the reader asks for a bounded chunk."""
    path = tmp_path / "short.bin"
    path.write_bytes(encode_varint(DEFAULT_MAX_FRAME_SIZE) + b"x" * 10)
    tracemalloc.start()
    try:
        with path.open("rb") as file:
            got, error = collect(read_delimited(file))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert got == []
    assert isinstance(error, DecodeError)
    assert "expected a frame of 67,108,864 bytes" in error.message
    assert peak < 4 * 1024 * 1024


def test_the_frame_cap_is_configurable() -> None:
    data = delimited(SAMPLE[:1])
    size = len(SAMPLE[0].to_bytes())
    assert list(read_delimited(io.BytesIO(data), max_frame_size=size)) == SAMPLE[:1]
    got, error = collect(read_delimited(io.BytesIO(data), max_frame_size=size - 1))
    assert got == []
    assert isinstance(error, DecodeError)
    assert (error.record, error.path) == (1, "$")
    assert f"at most {size - 1:,} bytes" in error.message


@pytest.mark.parametrize("limit", [0, -1, True, 1.5, "64"])
def test_a_bad_cap_is_refused_at_the_call(limit: object) -> None:
    with pytest.raises(ValueError, match="expected a positive int"):
        read_delimited(io.BytesIO(), max_frame_size=limit)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="expected a positive int"):
        read_ndjson(io.BytesIO(), max_line_size=limit)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"\x80", "rest of a frame's size prefix"),
        (b"\x80" * 11, "at most 10 bytes"),
        (b"\x00", "field 2047"),  # an empty message: no status, so not an item
        (b"\x02\x08\x01", "field 2047"),
    ],
)
def test_bad_frames_name_frame_one(data: bytes, words: str) -> None:
    got, error = collect(read_delimited(io.BytesIO(data)))
    assert got == []
    assert isinstance(error, DecodeError)
    assert error.record == 1
    assert error.record_kind == "frame"
    assert words in error.message


def test_a_bad_frame_in_the_middle_stops_the_reader_but_not_the_records() -> None:
    bad = b"\x0a\x01a"  # id "a", no status
    data = delimited(SAMPLE[:1]) + encode_varint(len(bad)) + bad + delimited(SAMPLE[1:])
    got, error = collect(read_delimited(io.BytesIO(data)))
    assert got == SAMPLE[:1]
    assert isinstance(error, DecodeError)
    assert (error.record, error.path) == (2, "status")
    records = list(delimited_records(io.BytesIO(data)))
    assert [r.number for r in records] == [1, 2, 3, 4, 5]
    assert [r.item for r in records if r.error is None] == SAMPLE
    assert records[1].error is not None
    assert records[1].size == len(bad)


def test_a_text_file_is_refused_with_a_clear_error() -> None:
    _got, error = collect(read_delimited(io.StringIO("abc")))  # type: ignore[arg-type]
    assert isinstance(error, DecodeError)
    assert "binary file" in error.message
    _got, error = collect(read_ndjson(io.StringIO("{}\n")))  # type: ignore[arg-type]
    assert isinstance(error, ValidationError)
    assert "binary file" in error.message
    # A tool that goes on past bad records gets the one error, and the stream ends there.
    records = list(ndjson_records(io.StringIO("{}\n{}\n")))  # type: ignore[arg-type]
    assert [(r.number, r.item, type(r.error)) for r in records] == [(1, None, ValidationError)]


def test_writers_refuse_what_is_not_an_item() -> None:
    with pytest.raises(TypeError, match="expected ImageGenerationCall items, got dict"):
        write_delimited(io.BytesIO(), [{"id": "a"}])  # type: ignore[list-item]
    with pytest.raises(TypeError, match="expected ImageGenerationCall items, got str"):
        write_ndjson(io.BytesIO(), ["{}"])  # type: ignore[list-item]


# -- NDJSON: lines ---------------------------------------------------------------

GOOD = b'{"type":"image_generation_call","id":"a","status":"completed"}'


def test_blank_lines_are_skipped_but_counted() -> None:
    data = b"\n" + GOOD + b"\n  \t\r\n" + GOOD.replace(b'"a"', b'"b"') + b"\r\n\n{}\n"
    got, error = collect(read_ndjson(io.BytesIO(data)))
    assert [item.id for item in got] == ["a", "b"]
    assert isinstance(error, ValidationError)
    assert (error.record, error.record_kind, error.path) == (6, "line", "$.type")
    assert str(error).startswith("line 6: $.type: expected 'image_generation_call'")


def test_the_last_line_needs_no_newline() -> None:
    assert [item.id for item in read_ndjson(io.BytesIO(GOOD + b"\n" + GOOD))] == ["a", "a"]


@pytest.mark.parametrize(
    ("line", "path"),
    [
        (b"not json", "$"),
        (b"\xef\xbb\xbf" + GOOD, "$"),  # a byte order mark, refused as in a single document
        (b"\xff" + GOOD, "$"),
        (b'{"type":"image_generation_call","id":"a","status":null}', "$.status"),
        (b"[1]", "$"),
        (GOOD + b" " + GOOD, "$"),
    ],
)
def test_every_bad_line_is_named_and_the_rest_go_on(line: bytes, path: str) -> None:
    data = GOOD + b"\n" + line + b"\n" + GOOD + b"\n"
    got, error = collect(read_ndjson(io.BytesIO(data)))
    assert len(got) == 1
    assert isinstance(error, ValidationError)
    assert (error.record, error.path) == (2, path)
    records = list(ndjson_records(io.BytesIO(data)))
    assert [(r.number, r.error is None) for r in records] == [(1, True), (2, False), (3, True)]


def test_strict_mode_applies_to_each_line() -> None:
    queued = GOOD.replace(b"completed", b"queued")
    data = b'{"type":"image_generation_call","id":"a","result":null,"status":"failed"}\n' + queued
    assert len(list(read_ndjson(io.BytesIO(data)))) == 2
    got, error = collect(read_ndjson(io.BytesIO(data), strict=True))
    assert len(got) == 1
    assert isinstance(error, ValidationError)
    assert (error.record, error.path) == (2, "$.result")


def test_an_over_long_line_is_refused_and_skipped_in_bounded_reads(tmp_path: Path) -> None:
    long_line = (
        b'{"type":"image_generation_call","id":"' + b"x" * 8_000_000 + b'","status":"failed"}'
    )
    path = tmp_path / "long.ndjson"
    path.write_bytes(GOOD + b"\n" + long_line + b"\n" + GOOD + b"\n")
    with path.open("rb") as file:
        got, error = collect(read_ndjson(file, max_line_size=1000))
    assert len(got) == 1
    assert isinstance(error, ValidationError)
    assert error.record == 2
    assert "at most 1,000 bytes (max_line_size, " in error.message
    assert error.message.endswith(f"got {len(long_line):,} bytes")
    tracemalloc.start()
    try:
        with path.open("rb") as file:
            records = list(ndjson_records(file, max_line_size=1000))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [(r.number, r.error is None) for r in records] == [(1, True), (2, False), (3, True)]
    assert records[1].size == len(long_line)
    assert peak < 4 * 1024 * 1024  # a few 1 MiB chunks at a time, never the 8 MB line


def test_a_line_exactly_at_the_cap_is_accepted() -> None:
    assert len(list(read_ndjson(io.BytesIO(GOOD + b"\n"), max_line_size=len(GOOD)))) == 1
    _got, error = collect(read_ndjson(io.BytesIO(GOOD + b"\n"), max_line_size=len(GOOD) - 1))
    assert isinstance(error, ValidationError)


def test_ten_thousand_items_through_a_stream_and_back() -> None:
    values = [
        ImageGenerationCall(
            id=f"ig_{n}",
            status=["completed", "in_progress", "generating", "failed", "queued"][n % 5],
            result=[None, "aGk=", "not base64", ""][n % 4] if n % 7 else imagegen_wire.ABSENT,
            extra={"n": n, "big": 2**70 + n, "f": n / 7} if n % 3 == 0 else None,
        )
        for n in range(10_000)
    ]
    text = ndjson(values)
    stream = delimited(list(read_ndjson(io.BytesIO(text))))
    back = ndjson(list(read_delimited(io.BytesIO(stream))))
    before, after = text.splitlines(), back.splitlines()
    assert len(before) == len(after) == 10_000
    for one, two in zip(before, after, strict=True):
        assert same_json(json.loads(one), json.loads(two))


# -- any bytes -------------------------------------------------------------------------


@given(st.binary(max_size=300) | item_lists.map(delimited).map(lambda b: b[: len(b) // 2]))
def test_any_bytes_as_a_stream_end_in_items_or_decode_error(data: bytes) -> None:
    got, error = collect(read_delimited(io.BytesIO(data), max_frame_size=1000))
    assert error is None or isinstance(error, DecodeError)
    if error is not None:
        assert error.record == len(got) + 1
    for record in delimited_records(io.BytesIO(data), max_frame_size=1000):
        assert (record.item is None) != (record.error is None)


@given(
    st.binary(max_size=300)
    | st.lists(st.sampled_from([GOOD, b"", b"{", b"\xff", b"  "])).map(b"\n".join)
)
def test_any_bytes_as_ndjson_end_in_items_or_validation_error(data: bytes) -> None:
    got, error = collect(read_ndjson(io.BytesIO(data), max_line_size=200))
    assert error is None or isinstance(error, ValidationError)
    if error is not None:
        assert error.record is not None
        assert error.record_kind == "line"
        assert error.record >= len(got) + 1
    numbers = [record.number for record in ndjson_records(io.BytesIO(data), max_line_size=200)]
    assert numbers == sorted(set(numbers))


def test_a_text_file_given_to_read_ndjson_is_named() -> None:
    with pytest.raises(imagegen_wire.ValidationError, match=r"expected a binary file .* got str"):
        list(imagegen_wire.read_ndjson(io.StringIO('{"a":1}\n')))  # type: ignore[arg-type]


def test_an_over_long_last_line_without_a_newline_is_measured_to_its_end() -> None:
    data = b'{"type":"image_generation_call","id":"a","status":"failed"}\n' + b"x" * 5000
    records = list(ndjson_records(io.BytesIO(data), max_line_size=100))
    assert records[0].item is not None
    assert records[1].error is not None and records[1].size == 5000
    assert "got 5,000 bytes" in records[1].error.message
