"""What the subcommands share: their options, reading any input as records, converting.

So every command spells each option the same way, reads each of the four
formats the same way and treats a bad record the same way.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Generator, Iterator, Mapping
from typing import BinaryIO

from .._errors import DecodeError, ValidationError
from .._item import ImageGenerationCall
from .._stream import (
    DEFAULT_MAX_FRAME_SIZE,
    DEFAULT_MAX_LINE_SIZE,
    Record,
    delimited_records,
    ndjson_records,
)
from . import _hints
from ._errors import UsageError
from ._files import (
    Writer,
    input_size,
    is_stdio,
    open_input,
    open_output,
    read_all,
    refuse_output_over_input,
)
from ._report import DEFAULT_MAX_ERRORS, BadRecords, counted, is_terminal, problem, with_progress

FORMATS = {
    "json": "one JSON item",
    "ndjson": "one JSON item per line",
    "binary": "one binary message",
    "stream": "length-delimited binary messages",
}
# What to type for a format a command does not read: the command that reads it.
ELSEWHERE = {
    "json": "use encode",
    "ndjson": "use encode --format ndjson",
    "binary": "use decode",
    "stream": "use decode --format stream",
}


def _number(least: int, expected: str) -> Callable[[str], int]:
    """An argparse type: a whole number (``1_000`` too) of at least ``least``, any size."""

    def parse(text: str) -> int:
        try:
            value = int(text.replace("_", ""))
        except ValueError:  # not a number, or past Python's bound on digits
            value = least - 1
        if value < least:
            msg = f"expected {expected}, got {text!r}"
            raise argparse.ArgumentTypeError(msg)
        return value

    return parse


def add_format(
    parser: argparse.ArgumentParser,
    choices: tuple[str, ...],
    guess: str,
    old: Mapping[str, str],
    **elsewhere: str,
) -> None:
    """``--format``, the input's format (None if not given: ``guess`` says what the command
    does), with older flags for a format (``old``), and ``args.advice``: what to type
    for each format, ``--format`` or ``elsewhere`` (the command that reads it)."""
    described = "; ".join(f"{name}: {FORMATS[name]}" for name in choices)
    parser.add_argument(
        "--format", choices=choices, help=f"the input's format ({described}); default: {guess}"
    )
    for flag, form in old.items():
        parser.add_argument(
            flag, dest="format", action="store_const", const=form, help=f"--format {form}"
        )
    advice = {**ELSEWHERE, **elsewhere, **{form: f"use --format {form}" for form in choices}}
    parser.set_defaults(advice=advice)


def add_files(parser: argparse.ArgumentParser, what: str, *, output: bool = True) -> None:
    """The input, ``--max-record-size`` and (for an ``output``) ``-o``."""
    parser.add_argument(
        "input", nargs="?", metavar="INPUT", help=f"{what} to read (default: stdin, or -)"
    )
    parser.add_argument(
        "--max-record-size",
        type=_number(1, "a positive number of bytes"),
        metavar="BYTES",
        help="refuse a record (frame, line or whole single item) larger than this "
        "(default: 64 MiB for binary, 128 MiB for JSON text)",
    )
    if output:
        parser.add_argument(
            "-o",
            "--output",
            metavar="FILE",
            help="write here, atomically: the file appears only if the run succeeds "
            "(default: stdout)",
        )


def add_checks(parser: argparse.ArgumentParser, *, strict: bool = True, skip: bool = True) -> None:
    """``--strict`` and ``--skip-invalid`` (unless not asked for), then ``--max-errors``."""
    if strict:
        parser.add_argument(
            "--strict",
            action="store_true",
            help="accept only the closed shape: the four statuses, result present, "
            "no unknown members",
        )
    else:
        parser.set_defaults(strict=False)
    if skip:
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="stream conversions: write the good records, report each bad one on stderr, "
            "and exit 1 (default: stop at the first bad record and write no output file)",
        )
    parser.add_argument(
        "--max-errors",
        type=_number(0, "a number of errors, 0 or more"),
        default=DEFAULT_MAX_ERRORS,
        metavar="N",
        help=f"report the first N bad records, one line each, then one line with the total "
        f"(default: {DEFAULT_MAX_ERRORS}); every record is counted whatever N",
    )


def records(
    args: argparse.Namespace, source: BinaryIO, form: str, action: str
) -> Generator[Record, None, None]:
    """The records of ``source`` read as ``form`` (a single item is one), with a progress bar."""
    text = form in ("json", "ndjson")
    limit = args.max_record_size or (DEFAULT_MAX_LINE_SIZE if text else DEFAULT_MAX_FRAME_SIZE)
    read: Iterator[Record]
    if form == "ndjson":
        lines = ndjson_records(source, strict=args.strict, max_line_size=limit)
        read = _hints.checked(lines, _hints.head_of(source), args.advice, lines=True)
    elif form == "stream":
        frames = delimited_records(source, max_frame_size=limit)
        read = _hints.checked(frames, _hints.head_of(source), args.advice, lines=False)
    else:
        read = _single(source, text, limit, args.strict, args.advice)
    if args.strict and not text:  # no binary reader checks strict mode
        read = _strict(read, framed=form == "stream")
    return with_progress(read, source, action, input_size(source))


def _single(
    source: BinaryIO, text: bool, limit: int, strict: bool, advice: Mapping[str, str]
) -> Iterator[Record]:
    """The one record of a single item, as a stream reader gives it; hinted if another kind."""
    data = b""  # no hint for input that is empty or too long
    try:
        error = ValidationError if text else DecodeError
        data = read_all(source, limit, "a JSON item" if text else "a binary item", error, text)
        # read_all bounded the input by --max-record-size, which may exceed the item default.
        if text:
            item = ImageGenerationCall.from_json(data, strict=strict, max_size=None)
        else:
            item = ImageGenerationCall.from_bytes(data, max_size=None)
    except (ValidationError, DecodeError) as exc:
        yield Record(1, 0, error=_hints.for_item(exc, data, advice, strict=strict))
        return
    yield Record(1, len(data), item=item)


def check_strict(item: ImageGenerationCall) -> ImageGenerationCall:
    """``item`` if it has the closed shape of ``from_json(strict=True)``, else ``ValidationError``.

    Binary input has no repeated members, so its JSON form says everything
    strict mode checks.
    """
    ImageGenerationCall.from_json(item.to_json(), strict=True)
    return item


def _strict(records: Iterator[Record], *, framed: bool) -> Iterator[Record]:
    for record in records:
        if record.item is not None:
            try:
                check_strict(record.item)
            except ValidationError as exc:
                error = exc.at_record(record.number, "frame") if framed else exc
                record = Record(record.number, record.size, error=error)
        yield record


def convert(
    args: argparse.Namespace,
    form: str,
    write: Callable[[Writer, Iterator[ImageGenerationCall]], object],
    *,
    binary: bool,
) -> int:
    """Read the input as ``form`` and ``write`` its good items out; return the exit status.

    The first bad record is raised, so the atomic output is dropped; with
    ``--skip-invalid`` each is reported, the conversion goes on, and the status is 1.
    """
    stream = form in ("ndjson", "stream")
    if args.skip_invalid and not stream:
        what = (
            "NDJSON input (--format ndjson)" if form == "json" else "stream input (--format stream)"
        )
        raise UsageError(f"--skip-invalid applies to {what}; one item is valid or not")
    refuse_output_over_input(args.input, args.output)
    if binary:
        refuse_binary_to_terminal(args.output)
    bad = BadRecords(args.max_errors, prefix="skipped ")
    with open_input(args.input) as source, open_output(args.output) as out:
        read = records(args, source, form, args.command)
        try:
            write(out, (item for item, _ in bad.good(read, stop=not args.skip_invalid)))
        finally:
            # Closed now, not when the traceback lets go of it, so a progress
            # bar is cleared before the error line is printed.
            read.close()
        bad.finish()
        if stream and is_terminal(sys.stderr):  # a person watching (pipes and logs get nothing)
            skipped = f", {counted(bad.count, 'bad record')} skipped" if bad.count else ""
            problem(f"{counted(bad.seen - bad.count, 'item')} written{skipped}")
    return 1 if bad.count else 0


def refuse_binary_to_terminal(output: str | None) -> None:
    """Binary on a terminal garbles it (gzip refuses too): ask for ``-o`` or a pipe instead."""
    if is_stdio(output) and is_terminal(sys.stdout):
        msg = "refusing to write binary to a terminal; use -o FILE or a pipe"
        raise UsageError(msg)
