"""``imagegen-wire encode``: JSON to binary; NDJSON to a length-delimited binary stream."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from typing import Any

from .._item import ImageGenerationCall
from .._stream import write_delimited
from . import _options
from ._files import Writer, is_ndjson_name


def register(subparsers: Any) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "encode",
        help="JSON item to binary; NDJSON to a length-delimited binary stream",
        description=(
            "Read one JSON item and write its binary form, or (--format ndjson, or an "
            "input named *.ndjson or *.jsonl) read one item per line and write a stream of "
            "varint-length-prefixed messages."
        ),
    )
    _options.add_files(parser, "JSON or NDJSON")
    _options.add_format(
        parser,
        ("json", "ndjson"),
        "ndjson for *.ndjson and *.jsonl, else json",
        {"--ndjson": "ndjson"},
    )
    _options.add_checks(parser)
    return parser


def run(args: argparse.Namespace) -> int:
    form = args.format or ("ndjson" if is_ndjson_name(args.input) else "json")

    def write(out: Writer, items: Iterator[ImageGenerationCall]) -> None:
        if form == "ndjson":
            write_delimited(out, items)
        else:
            for item in items:  # the one item
                out.write(item.to_bytes())

    return _options.convert(args, form, write, binary=True)
