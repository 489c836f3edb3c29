"""``imagegen-wire validate``: check JSON, NDJSON or binary input against the contract.

Every bad record is reported, one line each on stderr with its line or frame
number and path; a one-line count goes to stdout. Exit status 1 if any record
is bad.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from typing import Any, BinaryIO

from .._errors import DecodeError, ValidationError
from .._stream import (
    DEFAULT_MAX_FRAME_SIZE,
    DEFAULT_MAX_LINE_SIZE,
    Record,
    delimited_records,
    ndjson_records,
)
from . import _options
from ._files import is_ndjson_name, open_input
from ._progress import with_progress
from ._report import problem

FORMATS = ("json", "ndjson", "binary", "stream")


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "validate",
        help="check JSON, NDJSON or binary input; report every bad record",
        description=(
            "Check the input against the contract and report every bad record on "
            "stderr, with its line (NDJSON) or frame (stream) number and path. "
            "Exit status 1 if any record is bad."
        ),
    )
    _options.add_input(parser, "input")
    parser.add_argument(
        "--format",
        choices=FORMATS,
        help="json: one item; ndjson: one item per line; binary: one message; "
        "stream: length-delimited messages (default: ndjson for *.ndjson and *.jsonl, else json)",
    )
    _options.add_strict(parser)
    parser.set_defaults(run=run)


def _single(source: BinaryIO, form: str, limit: int | None, *, strict: bool) -> Iterator[Record]:
    """The one record of a single-item input, as a stream reader would give it."""
    read = _options.read_one_json if form == "json" else _options.read_one_binary
    flag = "--format ndjson" if form == "json" else "--format stream"
    try:
        item, size = read(source, limit, strict=strict, stream_flag=flag)
    except (ValidationError, DecodeError) as exc:
        yield Record(1, 0, error=exc)
        return
    yield Record(1, size, item=item)


def run(args: argparse.Namespace) -> int:
    form = args.format or ("ndjson" if is_ndjson_name(args.input) else "json")
    limit = args.max_record_size
    with open_input(args.input) as source:
        records: Iterator[Record]
        if form == "ndjson":
            records = ndjson_records(
                source, strict=args.strict, max_line_size=limit or DEFAULT_MAX_LINE_SIZE
            )
        elif form == "stream":
            records = delimited_records(source, max_frame_size=limit or DEFAULT_MAX_FRAME_SIZE)
            if args.strict:
                records = _options.strict_records(records, "frame")
        else:
            records = _single(source, form, limit, strict=args.strict)
        total = bad = 0
        for record in with_progress(records, source, "validate"):
            total += 1
            if record.error is not None:
                bad += 1
                problem(record.error)
    noun = "record" if total == 1 else "records"
    print(f"{total:,} {noun}: {total - bad:,} valid, {bad:,} invalid")
    return 1 if bad else 0
