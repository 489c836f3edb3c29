"""Options and steps the subcommands share: input/output arguments, strict mode, bad records.

Kept in one place so every command spells ``-o``, ``--strict``,
``--skip-invalid`` and ``--max-record-size`` the same way and treats a bad
record the same way.
"""

from __future__ import annotations

import argparse
import io
import sys
from collections.abc import Callable, Iterator
from typing import BinaryIO

from .._errors import DecodeError, ValidationError
from .._item import ImageGenerationCall
from .._stream import DEFAULT_MAX_FRAME_SIZE, DEFAULT_MAX_LINE_SIZE, Record, delimited_records
from ._files import read_all
from ._report import UsageError, problem


def _size(text: str) -> int:
    try:
        value = int(text.replace("_", ""))
    except ValueError:
        value = 0
    if value < 1:
        msg = f"expected a positive number of bytes, got {text!r}"
        raise argparse.ArgumentTypeError(msg)
    return value


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
    source: BinaryIO, limit: int | None, *, strict: bool, stream_flag: str
) -> tuple[ImageGenerationCall, int]:
    """The single JSON item of the input and its size; if it fails but reads as NDJSON, say so."""
    data = read_all(source, limit or DEFAULT_MAX_LINE_SIZE, "a JSON item", ValidationError)
    try:
        return ImageGenerationCall.from_json(data, strict=strict), len(data)
    except ValidationError as exc:
        first, _, rest = data.partition(b"\n")
        if rest.strip() and _is_item(first, strict=strict):
            msg = f"{exc.message}; the input looks like one item per line: use {stream_flag}"
            raise ValidationError(exc.path, msg) from None
        raise


def read_one_binary(
    source: BinaryIO, limit: int | None, *, strict: bool, stream_flag: str
) -> tuple[ImageGenerationCall, int]:
    """The single binary item of the input and its size; if it fails but reads as a stream, say so."""
    data = read_all(source, limit or DEFAULT_MAX_FRAME_SIZE, "a binary item", DecodeError)
    try:
        item = ImageGenerationCall.from_bytes(data)
    except DecodeError as exc:
        frames = _whole_stream(data)
        if frames:
            msg = (
                f"{exc.message}; the input reads as a length-delimited stream of "
                f"{frames:,} item{'' if frames == 1 else 's'}: use {stream_flag}"
            )
            raise DecodeError(exc.path, msg) from None
        raise
    return (check_strict(item) if strict else item), len(data)


def _is_item(line: bytes, *, strict: bool) -> bool:
    try:
        ImageGenerationCall.from_json(line, strict=strict)
    except ValidationError:
        return False
    return True


def _whole_stream(data: bytes) -> int:
    """How many frames ``data`` holds if it is, entirely, a valid length-delimited stream, else 0."""
    count = 0
    for record in delimited_records(io.BytesIO(data)):
        if record.error is not None:
            return 0
        count += 1
    return count


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
) -> int:
    """Write every good record's item; return the exit status (0, or 1 if any was bad).

    Without ``skip_invalid`` the first bad record is raised, so the caller's
    atomic output is dropped; with it, each bad record is reported on one line
    and the conversion goes on.
    """
    bad = 0
    try:
        for record in records:
            if record.error is not None:
                if not skip_invalid:
                    raise record.error
                problem(f"skipped {record.error}")
                bad += 1
                continue
            assert record.item is not None
            write(record.item)
    finally:
        # Close the reader now, not when the traceback lets go of it, so a
        # progress bar is cleared before the error line is printed.
        close = getattr(records, "close", None)
        if close is not None:
            close()
    return 1 if bad else 0


def refuse_binary_to_terminal(output: str | None) -> None:
    """Binary on a terminal garbles it (gzip refuses too): ask for ``-o`` or a pipe instead."""
    if (output is None or output == "-") and sys.stdout.isatty():
        msg = "refusing to write binary to a terminal; use -o FILE or a pipe"
        raise UsageError(msg)
