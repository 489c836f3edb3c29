"""``imagegen-wire decode``: binary to JSON; a length-delimited stream to NDJSON."""

from __future__ import annotations

import argparse
import json
from typing import Any

from .._item import ImageGenerationCall
from .._stream import DEFAULT_MAX_FRAME_SIZE, delimited_records
from . import _options
from ._files import is_ndjson_name, open_input, open_output
from ._progress import with_progress
from ._report import UsageError


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "decode",
        help="binary item to JSON; a length-delimited stream to NDJSON",
        description=(
            "Read one binary item and write it as JSON, or (--ndjson, or an output "
            "named *.ndjson or *.jsonl) read a stream of varint-length-prefixed "
            "messages and write one JSON item per line."
        ),
    )
    _options.add_input(parser, "binary item or stream")
    _options.add_output(parser)
    parser.add_argument(
        "--ndjson",
        action="store_true",
        help="the input is a length-delimited stream; write NDJSON",
    )
    parser.add_argument(
        "--pretty",
        action="store_true",
        help="indent the JSON for people (with --ndjson: one indented item after another, "
        "which is no longer NDJSON)",
    )
    _options.add_strict(parser)
    _options.add_skip_invalid(parser)
    parser.set_defaults(run=run)


def _json_bytes(item: ImageGenerationCall, *, pretty: bool) -> bytes:
    # to_dict() holds integers exactly and floats as the item keeps them, and
    # the standard library writes both back as they were read.
    text = json.dumps(item.to_dict(), indent=2, ensure_ascii=False) if pretty else item.to_json()
    return text.encode("utf-8") + b"\n"


def run(args: argparse.Namespace) -> int:
    ndjson = args.ndjson or is_ndjson_name(args.output)
    if args.skip_invalid and not ndjson:
        msg = "--skip-invalid applies to stream input (--ndjson); one item is valid or not"
        raise UsageError(msg)
    limit = args.max_record_size or DEFAULT_MAX_FRAME_SIZE
    with open_input(args.input) as source:
        if not ndjson:
            item, _ = _options.read_one_binary(
                source, limit, strict=args.strict, stream_flag="--ndjson"
            )
            with open_output(args.output) as out:
                out.write(_json_bytes(item, pretty=args.pretty))
            return 0
        records = delimited_records(source, max_frame_size=limit)
        if args.strict:
            records = _options.strict_records(records, "frame")
        with open_output(args.output) as out:
            return _options.convert(
                with_progress(records, source, "decode"),
                lambda item: out.write(_json_bytes(item, pretty=args.pretty)),
                skip_invalid=args.skip_invalid,
            )
