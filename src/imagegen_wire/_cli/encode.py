"""JSON item to binary; NDJSON to a length-delimited binary stream

Read one JSON item and write its binary form, or (--format ndjson, or an input named *.ndjson
or *.jsonl) read one item per line and write a stream of varint-length-prefixed messages.
"""

import argparse
from collections.abc import Iterator

from .._item import ImageGenerationCall
from .._stream import write_delimited
from . import _options
from ._files import Writer, is_ndjson_name


def register(parser: argparse.ArgumentParser) -> None:
    guess = "ndjson for *.ndjson and *.jsonl, else json"
    names = "input --max-record-size -o --format --strict --skip-invalid --max-errors"
    _options.add(parser, names, ("json", "ndjson"), guess, "--ndjson")


def run(args: argparse.Namespace) -> int:
    form = args.format or ("ndjson" if is_ndjson_name(args.input) else "json")

    def write(out: Writer, items: Iterator[ImageGenerationCall]) -> None:
        if form == "ndjson":
            write_delimited(out, items)
        else:
            for item in items:  # the one item
                out.write(item.to_bytes())

    return _options.convert(args, form, write, binary=True)
