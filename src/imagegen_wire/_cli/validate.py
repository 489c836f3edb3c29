"""``imagegen-wire validate``: check JSON, NDJSON or binary input against the contract.

Bad records are reported on stderr, one line each with its line or frame
number and path (the first ``--max-errors``, then one line with the total);
a one-line count of every record goes to stdout. Exit status 1 if any record
is bad.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from typing import Any, BinaryIO

from .._errors import DecodeError, ValidationError
from .._stream import DEFAULT_MAX_FRAME_SIZE, DEFAULT_MAX_LINE_SIZE, Record
from . import _options
from ._files import is_ndjson_name, open_input
from ._hints import Advice
from ._progress import with_progress
from ._report import BadRecords, counted
from ._stdio import print_out, stdout_writer

FORMATS = ("json", "ndjson", "binary", "stream")
ADVICE = Advice(
    json="use --format json",
    ndjson="use --format ndjson",
    binary="use --format binary",
    stream="use --format stream",
)


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "validate",
        help="check JSON, NDJSON or binary input; report every bad record",
        description=(
            "Check the input against the contract and report bad records on "
            "stderr, with their line (NDJSON) or frame (stream) number and path. "
            "Exit status 1 if any record is bad."
        ),
    )
    _options.add_input(parser, "input")
    _options.add_format(parser, FORMATS, "ndjson for *.ndjson and *.jsonl, else json", {})
    _options.add_strict(parser)
    _options.add_max_errors(parser)
    parser.set_defaults(run=run)


def _single(source: BinaryIO, form: str, limit: int, *, strict: bool) -> Iterator[Record]:
    """The one record of a single-item input, as a stream reader would give it."""
    read = _options.read_one_json if form == "json" else _options.read_one_binary
    try:
        item, size = read(source, limit, strict=strict, advice=ADVICE)
    except (ValidationError, DecodeError) as exc:
        yield Record(1, 0, error=exc)
        return
    yield Record(1, size, item=item)


def _records(source: BinaryIO, form: str, limit: int | None, *, strict: bool) -> Iterator[Record]:
    if form == "ndjson":
        return _options.line_records(
            source, limit or DEFAULT_MAX_LINE_SIZE, strict=strict, advice=ADVICE
        )
    if form == "stream":
        return _options.stream_records(
            source, limit or DEFAULT_MAX_FRAME_SIZE, strict=strict, advice=ADVICE
        )
    default = DEFAULT_MAX_LINE_SIZE if form == "json" else DEFAULT_MAX_FRAME_SIZE
    return _single(source, form, limit or default, strict=strict)


def run(args: argparse.Namespace) -> int:
    form = args.format or ("ndjson" if is_ndjson_name(args.input) else "json")
    stdout_writer()  # a closed stdout fails now, before the input is read
    bad = BadRecords(args.max_errors)
    total = 0
    with open_input(args.input) as source:
        records = _records(source, form, args.max_record_size, strict=args.strict)
        for record in with_progress(records, source, "validate"):
            total += 1
            if record.error is not None:
                bad.report(record.error)
    bad.finish()
    print_out(f"{counted(total, 'record')}: {total - bad.count:,} valid, {bad.count:,} invalid")
    return 1 if bad.count else 0
