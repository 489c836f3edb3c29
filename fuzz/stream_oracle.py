"""What the stream readers must do with any input, checked by fuzz_stream.py.

The first byte of an input picks the format (bit 0: NDJSON, else binary
frames), strict mode (bit 1) and a small size cap (bit 2), so the fuzzer
reaches every reader option. The rest is the stream.

For any stream, the readers must:
- yield items until the first bad record, then raise one of the two errors
  naming that record (``err.record``, ``err.record_kind``), never anything else;
- agree with the record-by-record API (``*_records``), which goes on past bad
  records: same items, same first error, numbers counting up from 1;
- for NDJSON, read line N exactly as ``from_json`` reads that line alone;
- give items that keep the contract, and that a writer streams back unchanged.
"""

from __future__ import annotations

import io
import itertools

from oracle import check_error, check_item

from imagegen_wire import DecodeError, ImageGenerationCall, ValidationError, _stream

_SMALL_CAP = 64


def frame_seeds(binaries: list[bytes], documents: list[bytes]) -> list[bytes]:
    """Seed streams: the golden items framed, as binary and as NDJSON, whole and two by two."""
    framed = [_stream.encode_varint(len(data)) + data for data in binaries]
    binary = [bytes([0]) + b"".join(framed)] + [
        bytes([0]) + a + b for a, b in itertools.pairwise(framed)
    ]
    lines = [doc.replace(b"\n", b" ") + b"\n" for doc in documents]
    ndjson = [bytes([1]) + b"".join(lines)] + [
        bytes([flags]) + a + b for a, b in itertools.pairwise(lines) for flags in (1, 3)
    ]
    return binary + ndjson


def check_stream_input(data: bytes) -> None:
    flags, payload = (data[0], data[1:]) if data else (0, b"")
    ndjson, small = bool(flags & 1), bool(flags & 4)
    strict = ndjson and bool(flags & 2)  # binary frames have no strict mode
    if ndjson:
        cap = {"max_line_size": _SMALL_CAP} if small else {}
        items, error = _drain(_stream.read_ndjson(io.BytesIO(payload), strict=strict, **cap))
        records = list(_stream.ndjson_records(io.BytesIO(payload), strict=strict, **cap))
        kind, error_type = "line", ValidationError
        if not small:
            _check_lines(payload, records, strict=strict)
    else:
        cap = {"max_frame_size": _SMALL_CAP} if small else {}
        items, error = _drain(_stream.read_delimited(io.BytesIO(payload), **cap))
        records = list(_stream.delimited_records(io.BytesIO(payload), **cap))
        kind, error_type = "frame", DecodeError

    numbers = [record.number for record in records]
    assert numbers == sorted(set(numbers)) and all(n >= 1 for n in numbers), numbers
    if not ndjson:  # every frame is a record; NDJSON skips blank lines
        assert numbers == list(range(1, len(records) + 1)), numbers
    good = []
    for record in records:
        assert (record.item is None) != (record.error is None), record
        if record.error is not None:
            assert type(record.error) is error_type, repr(record.error)
            assert (record.error.record, record.error.record_kind) == (record.number, kind)
            break
        good.append(record.item)
    assert good == items, "the reader and the records disagree on the items before the first error"
    if error is None:
        assert all(record.error is None for record in records)
    else:
        first = next(record.error for record in records if record.error is not None)
        assert type(error) is error_type and str(error) == str(first), (error, first)
    for item in items:
        check_item(item, strict=strict, truncations=False)
    _check_rewrite(items, ndjson=ndjson)


def _drain(reader: object) -> tuple[list[ImageGenerationCall], ValueError | None]:
    items: list[ImageGenerationCall] = []
    error: ValidationError | DecodeError | None = None
    try:
        for item in reader:  # type: ignore[attr-defined]
            items.append(item)
    except (ValidationError, DecodeError) as err:
        error = err
    if error is not None:
        assert error.record is not None, f"a stream error must name its record: {error}"
        assert error.record == len(items) + 1 or error.record_kind == "line", (error, len(items))
    return items, error


def _check_lines(payload: bytes, records: list[_stream.Record], *, strict: bool) -> None:
    """Line N of the stream reads exactly as ``from_json`` reads that line alone."""
    lines = payload.split(b"\n")
    for record in records:
        # The reader hands over the line with its newline: inside a string
        # left open that is a control character, not the end of the text.
        line = lines[record.number - 1] + (b"\n" if record.number < len(lines) else b"")
        try:
            alone: ImageGenerationCall | ValidationError = ImageGenerationCall.from_json(
                line, strict=strict
            )
        except ValidationError as err:
            alone = err
        if isinstance(alone, ValidationError):
            check_error(alone, ValidationError)
            assert record.error is not None, f"line {record.number} read, alone refused: {alone}"
            assert (record.error.path, record.error.message) == (alone.path, alone.message)
        else:
            assert record.item == alone, f"line {record.number}: {record!r} != {alone!r}"


def _check_rewrite(items: list[ImageGenerationCall], *, ndjson: bool) -> None:
    out = io.BytesIO()
    if ndjson:
        _stream.write_ndjson(out, items)
        again = list(_stream.read_ndjson(io.BytesIO(out.getvalue())))
    else:
        _stream.write_delimited(out, items)
        again = list(_stream.read_delimited(io.BytesIO(out.getvalue())))
    assert again == items
