"""``imagegen-wire encode``: JSON to binary; NDJSON to a length-delimited binary stream."""

from __future__ import annotations

import argparse
from typing import Any

from .._stream import DEFAULT_MAX_LINE_SIZE, write_delimited
from . import _options
from ._errors import UsageError
from ._files import is_ndjson_name, open_input, open_output, refuse_output_over_input
from ._hints import Advice
from ._progress import with_progress

ADVICE = Advice(
    json="use --format json",
    ndjson="use --format ndjson",
    binary="use decode",
    stream="use decode --format stream",
)


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "encode",
        help="JSON item to binary; NDJSON to a length-delimited binary stream",
        description=(
            "Read one JSON item and write its binary form, or (--format ndjson, or an "
            "input named *.ndjson or *.jsonl) read one item per line and write a stream of "
            "varint-length-prefixed messages."
        ),
    )
    _options.add_input(parser, "JSON or NDJSON")
    _options.add_output(parser)
    _options.add_format(
        parser,
        ("json", "ndjson"),
        "ndjson for *.ndjson and *.jsonl, else json",
        {"--ndjson": "ndjson"},
    )
    _options.add_strict(parser)
    _options.add_skip_invalid(parser)
    _options.add_max_errors(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    ndjson = args.format == "ndjson" or (args.format is None and is_ndjson_name(args.input))
    if args.skip_invalid and not ndjson:
        msg = "--skip-invalid applies to NDJSON input (--format ndjson); one item is valid or not"
        raise UsageError(msg)
    refuse_output_over_input(args.input, args.output)
    _options.refuse_binary_to_terminal(args.output)
    limit = args.max_record_size or DEFAULT_MAX_LINE_SIZE
    with open_input(args.input) as source, open_output(args.output) as out:
        if not ndjson:
            item, _ = _options.read_one_json(source, limit, strict=args.strict, advice=ADVICE)
            out.write(item.to_bytes())
            return 0
        records = _options.line_records(source, limit, strict=args.strict, advice=ADVICE)
        return _options.convert(
            with_progress(records, source, "encode"),
            lambda item: write_delimited(out, (item,)),
            skip_invalid=args.skip_invalid,
            max_errors=args.max_errors,
        )
