"""binary item to JSON; a length-delimited stream to NDJSON

Read one binary item and write it as JSON, or (--format stream, or an output named *.ndjson
or *.jsonl) read a stream of varint-length-prefixed messages and write one JSON item per line.
"""

import argparse
from collections.abc import Iterator

from .._item import ImageGenerationCall
from . import _options
from ._files import Writer, is_ndjson_name


def register(parser: argparse.ArgumentParser) -> None:
    guess = "stream (written as NDJSON) for an output named *.ndjson or *.jsonl, else binary"
    names = "input --max-record-size -o --format --pretty --strict --skip-invalid --max-errors"
    _options.add(parser, names, ("binary", "stream"), guess, "--ndjson")


def run(args: argparse.Namespace) -> int:
    form = args.format or ("stream" if is_ndjson_name(args.output) else "binary")
    indent = 2 if args.pretty else None

    def write(out: Writer, items: Iterator[ImageGenerationCall]) -> None:
        for item in items:
            out.write(item.to_json(indent=indent).encode("utf-8") + b"\n")

    return _options.convert(args, form, write, binary=False)
