"""``imagegen-wire validate``: check any input against the contract; report every bad record."""

from __future__ import annotations

import argparse
from typing import Any

from . import _options
from ._files import is_ndjson_name, open_input, stdout_writer
from ._report import BadRecords, counted


def register(subparsers: Any) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "validate",
        help="check JSON, NDJSON or binary input; report every bad record",
        description=(
            "Check the input against the contract and report bad records on "
            "stderr, with their line (NDJSON) or frame (stream) number and path. "
            "Exit status 1 if any record is bad."
        ),
    )
    _options.add_files(parser, "input", output=False)
    _options.add_format(
        parser, tuple(_options.FORMATS), "ndjson for *.ndjson and *.jsonl, else json", {}
    )
    _options.add_checks(parser, skip=False)
    return parser


def run(args: argparse.Namespace) -> int:
    form = args.format or ("ndjson" if is_ndjson_name(args.input) else "json")
    out = stdout_writer()  # a closed stdout fails now, before the input is read
    bad = BadRecords(args.max_errors)
    with open_input(args.input) as source:
        for _ in bad.good(_options.records(args, source, form, "validate")):
            pass
    bad.finish()
    valid = bad.seen - bad.count
    out.write(f"{counted(bad.seen, 'record')}: {valid:,} valid, {bad.count:,} invalid\n".encode())
    return 1 if bad.count else 0
