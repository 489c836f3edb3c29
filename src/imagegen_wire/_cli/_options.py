"""What the subcommands share: their options, reading any input as records, converting.

Kept in one place so every command spells ``-o``, ``--format``, ``--strict``,
``--skip-invalid``, ``--max-record-size`` and ``--max-errors`` the same way,
reads each of the four formats the same way (a single item as one record, with
the hints of ``_hints`` when the input is another kind), and treats a bad
record the same way.
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
    """``--format``, the input's format in every command (``args.format``, None when not given:
    the command guesses, as ``guess`` says); ``old`` maps older flags to a format.

    ``args.advice`` says what to type for each format: ``--format``, or for one
    the command does not read, ``elsewhere`` or the command that reads it.
    """
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


def add_input(parser: argparse.ArgumentParser, what: str) -> None:
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


def add_output(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write here, atomically: the file appears only if the run succeeds (default: stdout)",
    )


def add_strict(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--strict",
        action="store_true",
        help="accept only the closed shape: the four statuses, result present, no unknown members",
    )


def add_bad_records(parser: argparse.ArgumentParser, *, skip: bool = True) -> None:
    """``--skip-invalid`` (unless not ``skip``) and ``--max-errors``."""
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
    """The records of ``source`` read as ``form``, held to ``--strict``, with a progress bar.

    A single item (``json``, ``binary``) is one record, as a stream reader would give it.
    """
    text = form in ("json", "ndjson")
    limit = args.max_record_size or (DEFAULT_MAX_LINE_SIZE if text else DEFAULT_MAX_FRAME_SIZE)
    read: Iterator[Record]
    if form == "ndjson":
        lines = ndjson_records(source, strict=args.strict, max_line_size=limit)
        read = _hints.checked(lines, _hints.head_of(source), args.advice, lines=True)
    elif form == "stream":
        frames = delimited_records(source, max_frame_size=limit)
        read = _hints.checked(frames, _hints.head_of(source), args.advice, lines=False)
        read = _strict_frames(read) if args.strict else read
    else:
        read = _single(source, text, limit, args.strict, args.advice)
    return with_progress(read, source, action, input_size(source))


def _single(
    source: BinaryIO, text: bool, limit: int, strict: bool, advice: Mapping[str, str]
) -> Iterator[Record]:
    try:
        item, size = _one_item(source, text, limit, strict, advice)
    except (ValidationError, DecodeError) as exc:
        yield Record(1, 0, error=exc)
        return
    yield Record(1, size, item=item)


def _one_item(
    source: BinaryIO, text: bool, limit: int, strict: bool, advice: Mapping[str, str]
) -> tuple[ImageGenerationCall, int]:
    """The single item of the input and its size; if it fails but is another kind, say so."""
    error = ValidationError if text else DecodeError
    data = read_all(source, limit, "a JSON item" if text else "a binary item", error, text)
    try:
        # read_all bounded the input by --max-record-size, which may exceed the item default.
        if text:
            return ImageGenerationCall.from_json(data, strict=strict, max_size=None), len(data)
        item = ImageGenerationCall.from_bytes(data, max_size=None)
    except (ValidationError, DecodeError) as exc:
        raise _hints.for_item(exc, data, advice, strict=strict) from None
    return (check_strict(item) if strict else item), len(data)


def check_strict(item: ImageGenerationCall) -> ImageGenerationCall:
    """``item`` if it has the closed shape of ``from_json(strict=True)``, else ``ValidationError``.

    Binary input has no repeated members, so its JSON form says everything
    strict mode checks.
    """
    ImageGenerationCall.from_json(item.to_json(), strict=True)
    return item


def _strict_frames(records: Iterator[Record]) -> Iterator[Record]:
    for record in records:
        if record.item is not None:
            try:
                check_strict(record.item)
            except ValidationError as exc:
                error = exc.at_record(record.number, "frame")
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

    Without ``--skip-invalid`` the first bad record is raised, so the atomic
    output is dropped; with it, bad records are reported (the first
    ``--max-errors`` one line each, then the total), the conversion goes on,
    and the exit status is 1. A person watching stderr gets a summary line.
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
