"""check JSON, NDJSON or binary input; report every bad record

Check the input against the contract and report bad records on stderr, with their line
(NDJSON) or frame (stream) number and path. Exit status 1 if any record is bad.
"""

import argparse

from . import _options
from ._files import is_ndjson_name, open_input, stdout_writer
from ._report import BadRecords, counted


def register(parser: argparse.ArgumentParser) -> None:
    guess = "ndjson for *.ndjson and *.jsonl, else json"
    names = "input --max-record-size --format --strict --max-errors"
    _options.add(parser, names, tuple(_options.FORMATS), guess)


def run(args: argparse.Namespace) -> int:
    form = args.format or ("ndjson" if is_ndjson_name(args.input) else "json")
    out = stdout_writer()  # a closed stdout fails now, before the input is read
    bad = BadRecords(args.max_errors)
    with open_input(args.input) as source:
        for _ in bad.good(_options.records(args, source, form, "validate")):
            pass
    valid = bad.seen - bad.count
    out.write(f"{counted(bad.seen, 'record')}: {valid:,} valid, {bad.count:,} invalid\n".encode())
    return 1 if bad.count else 0
