"""``imagegen-wire decode``: binary to JSON; a length-delimited stream to NDJSON."""

from __future__ import annotations

import argparse
from typing import Any

from .._item import ImageGenerationCall
from .._stream import DEFAULT_MAX_FRAME_SIZE
from . import _options
from ._errors import UsageError
from ._files import is_ndjson_name, open_input, open_output, refuse_output_over_input
from ._hints import Advice
from ._progress import with_progress

ADVICE = Advice(
    json="use encode",
    ndjson="use encode --format ndjson",
    binary="use --format binary",
    stream="use --format stream",
)


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "decode",
        help="binary item to JSON; a length-delimited stream to NDJSON",
        description=(
            "Read one binary item and write it as JSON, or (--format stream, or an output "
            "named *.ndjson or *.jsonl) read a stream of varint-length-prefixed "
            "messages and write one JSON item per line."
        ),
    )
    _options.add_input(parser, "binary item or stream")
    _options.add_output(parser)
    _options.add_format(
        parser,
        ("binary", "stream"),
        "stream when the output is named *.ndjson or *.jsonl, else binary; a stream is written "
        "as NDJSON",
        {"--ndjson": "stream"},
    )
    parser.add_argument(
        "--pretty",
        action="store_true",
        help="indent the JSON for people (with a stream: one indented item after another, "
        "which is no longer NDJSON)",
    )
    _options.add_strict(parser)
    _options.add_skip_invalid(parser)
    _options.add_max_errors(parser)
    parser.set_defaults(run=run)


def json_bytes(item: ImageGenerationCall, *, pretty: bool) -> bytes:
    """The item as JSON text and a newline: ``to_json()``, or ``to_json(indent=2)`` for people."""
    return item.to_json(indent=2 if pretty else None).encode("utf-8") + b"\n"


def run(args: argparse.Namespace) -> int:
    ndjson = args.format == "stream" or (args.format is None and is_ndjson_name(args.output))
    if args.skip_invalid and not ndjson:
        msg = "--skip-invalid applies to stream input (--format stream); one item is valid or not"
        raise UsageError(msg)
    refuse_output_over_input(args.input, args.output)
    limit = args.max_record_size or DEFAULT_MAX_FRAME_SIZE
    with open_input(args.input) as source, open_output(args.output) as out:
        if not ndjson:
            item, _ = _options.read_one_binary(source, limit, strict=args.strict, advice=ADVICE)
            out.write(json_bytes(item, pretty=args.pretty))
            return 0
        records = _options.stream_records(source, limit, strict=args.strict, advice=ADVICE)
        return _options.convert(
            with_progress(records, source, "decode"),
            lambda item: out.write(json_bytes(item, pretty=args.pretty)),
            skip_invalid=args.skip_invalid,
            max_errors=args.max_errors,
        )
