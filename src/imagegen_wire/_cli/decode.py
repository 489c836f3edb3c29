"""``imagegen-wire decode``: binary to JSON; a length-delimited stream to NDJSON."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from typing import Any

from .._item import ImageGenerationCall
from . import _options
from ._files import Writer, is_ndjson_name


def register(subparsers: Any) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "decode",
        help="binary item to JSON; a length-delimited stream to NDJSON",
        description=(
            "Read one binary item and write it as JSON, or (--format stream, or an output "
            "named *.ndjson or *.jsonl) read a stream of varint-length-prefixed "
            "messages and write one JSON item per line."
        ),
    )
    _options.add_files(parser, "binary item or stream")
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
    _options.add_checks(parser)
    return parser


def run(args: argparse.Namespace) -> int:
    form = args.format or ("stream" if is_ndjson_name(args.output) else "binary")
    indent = 2 if args.pretty else None

    def write(out: Writer, items: Iterator[ImageGenerationCall]) -> None:
        for item in items:
            out.write(item.to_json(indent=indent).encode("utf-8") + b"\n")

    return _options.convert(args, form, write, binary=False)
