"""Options and steps the subcommands share: input/output arguments, strict mode, bad records.

Kept in one place so every command spells ``-o``, ``--strict``,
``--skip-invalid``, ``--max-record-size`` and ``--max-errors`` the same way,
reads each kind of input the same way (with the hints of ``_hints`` when it
is another kind), and treats a bad record the same way.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from typing import BinaryIO

from .._errors import DecodeError, ValidationError
from .._item import ImageGenerationCall
from .._stream import Record, delimited_records, ndjson_records
from . import _hints
from ._errors import UsageError
from ._files import is_stdio, read_all
from ._hints import Advice
from ._report import DEFAULT_MAX_ERRORS, BadRecords, counted, problem
from ._stdio import is_terminal


def _size(text: str) -> int:
    value = _whole_number(text)
    if value is None or value < 1:
        msg = f"expected a positive number of bytes, got {text!r}"
        raise argparse.ArgumentTypeError(msg)
    return value


def _count(text: str) -> int:
    value = _whole_number(text)
    if value is None or value < 0:
        msg = f"expected a number of errors, 0 or more, got {text!r}"
        raise argparse.ArgumentTypeError(msg)
    return value


def _whole_number(text: str) -> int | None:
    """``text`` as an int (``1_000`` too), or ``None``; any size, as every use only compares it."""
    try:
        return int(text.replace("_", ""))
    except ValueError:  # not a number, or past Python's bound on digits
        return None


FORMAT_HELP = {
    "json": "one JSON item",
    "ndjson": "one JSON item per line",
    "binary": "one binary message",
    "stream": "length-delimited binary messages",
}


def add_format(
    parser: argparse.ArgumentParser, choices: tuple[str, ...], guess: str, old: dict[str, str]
) -> None:
    """``--format``, the input's format in every command; ``old`` maps older flags to a format.

    ``args.format`` is None when neither is given: the command guesses (``guess`` says how).
    """
    described = "; ".join(f"{name}: {FORMAT_HELP[name]}" for name in choices)
    parser.add_argument(
        "--format", choices=choices, help=f"the input's format ({described}); default: {guess}"
    )
    for flag, form in old.items():
        parser.add_argument(
            flag, dest="format", action="store_const", const=form, help=f"--format {form}"
        )


def add_input(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument(
        "input", nargs="?", metavar="INPUT", help=f"{what} to read (default: stdin, or -)"
    )
    parser.add_argument(
        "--max-record-size",
        type=_size,
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


def add_max_errors(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--max-errors",
        type=_count,
        default=DEFAULT_MAX_ERRORS,
        metavar="N",
        help=f"report the first N bad records, one line each, then one line with the total "
        f"(default: {DEFAULT_MAX_ERRORS}); every record is counted whatever N",
    )


def add_strict(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--strict",
        action="store_true",
        help="accept only the closed shape: the four statuses, result present, no unknown members",
    )


def add_skip_invalid(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--skip-invalid",
        action="store_true",
        help="stream conversions: write the good records, report each bad one on stderr, "
        "and exit 1 (default: stop at the first bad record and write no output file)",
    )


def read_one_json(
    source: BinaryIO, limit: int, *, strict: bool, advice: Advice
) -> tuple[ImageGenerationCall, int]:
    """The single JSON item of the input and its size; if it fails but is another kind, say so."""
    data = read_all(source, limit, "a JSON item", ValidationError, text=True)
    try:
        # read_all bounded the input by --max-record-size, which may exceed from_json's default.
        return ImageGenerationCall.from_json(data, strict=strict, max_size=None), len(data)
    except ValidationError as exc:
        raise _hints.for_json_item(exc, data, advice, strict=strict) from None


def read_one_binary(
    source: BinaryIO, limit: int, *, strict: bool, advice: Advice
) -> tuple[ImageGenerationCall, int]:
    """The single binary item of the input and its size; if it fails but is another kind, say so."""
    data = read_all(source, limit, "a binary item", DecodeError)
    try:
        item = ImageGenerationCall.from_bytes(data, max_size=None)  # bounded by read_all
    except DecodeError as exc:
        raise _hints.for_binary_item(exc, data, advice) from None
    return (check_strict(item) if strict else item), len(data)


def stream_records(
    source: BinaryIO, limit: int, *, strict: bool, advice: Advice
) -> Iterator[Record]:
    """The frames of a binary stream as records, held to strict mode if asked, with hints."""
    records = _hints.checked_frames(
        delimited_records(source, max_frame_size=limit), _hints.head_of(source), advice
    )
    return strict_records(records, "frame") if strict else records


def line_records(source: BinaryIO, limit: int, *, strict: bool, advice: Advice) -> Iterator[Record]:
    """The lines of NDJSON as records, with hints."""
    return _hints.checked_lines(
        ndjson_records(source, strict=strict, max_line_size=limit), _hints.head_of(source), advice
    )


def check_strict(item: ImageGenerationCall) -> ImageGenerationCall:
    """``item`` if it has the closed shape of ``from_json(strict=True)``, else ``ValidationError``.

    Binary input has no repeated members, so its JSON form says everything
    strict mode checks.
    """
    ImageGenerationCall.from_json(item.to_json(), strict=True)
    return item


def strict_records(records: Iterator[Record], kind: str) -> Iterator[Record]:
    """``records`` with strict mode's check applied to each good item (binary input)."""
    for record in records:
        if record.item is not None:
            try:
                check_strict(record.item)
            except ValidationError as exc:
                record = Record(
                    record.number, record.size, error=exc.at_record(record.number, kind)
                )
        yield record


def convert(
    records: Iterator[Record],
    write: Callable[[ImageGenerationCall], object],
    *,
    skip_invalid: bool,
    max_errors: int,
) -> int:
    """Write every good record's item; return the exit status (0, or 1 if any was bad).

    Without ``skip_invalid`` the first bad record is raised, so the caller's
    atomic output is dropped; with it, bad records are reported (the first
    ``max_errors`` one line each, then the total) and the conversion goes on.
    """
    bad = BadRecords(max_errors, prefix="skipped ")
    written = 0
    try:
        for record in records:
            if record.error is not None:
                if not skip_invalid:
                    raise record.error
                bad.report(record.error)
                continue
            assert record.item is not None
            write(record.item)
            written += 1
    finally:
        # Close the reader now, not when the traceback lets go of it, so a
        # progress bar is cleared before the error line is printed.
        close = getattr(records, "close", None)
        if close is not None:
            close()
    bad.finish()
    if is_terminal(sys.stderr):  # a person watching: say what was done (pipes and logs get nothing)
        skipped = f", {counted(bad.count, 'bad record')} skipped" if bad.count else ""
        problem(f"{counted(written, 'item')} written{skipped}")
    return 1 if bad.count else 0


def refuse_binary_to_terminal(output: str | None) -> None:
    """Binary on a terminal garbles it (gzip refuses too): ask for ``-o`` or a pipe instead."""
    if is_stdio(output) and is_terminal(sys.stdout):
        msg = "refusing to write binary to a terminal; use -o FILE or a pipe"
        raise UsageError(msg)
