"""What the subcommands share: one table of options, one way to read records, one to convert."""

import argparse
import sys
from collections.abc import Callable, Generator, Iterator
from typing import Any, BinaryIO

import msgspec

from .. import _stream
from .._errors import DecodeError, ValidationError
from .._item import ImageGenerationCall
from . import _files, _hints
from ._errors import UsageError
from ._report import DEFAULT_MAX_ERRORS, BadRecords, counted, is_terminal, problem, with_progress

# Each format: what it is, and what to type for it where a command does not read it.
FORMATS = {
    "json": ("one JSON item", "use encode"),
    "ndjson": ("one JSON item per line", "use encode --format ndjson"),
    "binary": ("one binary message", "use decode"),
    "stream": ("length-delimited binary messages", "use decode --format stream"),
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


_OPTIONS: dict[str, dict[str, Any]] = {
    "input": {"nargs": "?", "metavar": "INPUT", "help": "the file to read (default: stdin, or -)"},
    "-o": {
        "flags": ("-o", "--output"),
        "metavar": "FILE",
        "help": "the file to write, atomically: only if the run succeeds (default: stdout)",
    },
    "--max-record-size": {
        "type": _number(1, "a positive number of bytes"),
        "metavar": "BYTES",
        "help": "refuse a frame, line or item over this (default: 64 MiB binary, 128 MiB JSON)",
    },
    "--max-errors": {
        "type": _number(0, "a number of errors, 0 or more"),
        "default": DEFAULT_MAX_ERRORS,
        "metavar": "N",
        "help": f"report the first N bad records, then the total (default: {DEFAULT_MAX_ERRORS})",
    },
}

# The on/off options, each by its help.
_FLAGS = {
    "--strict": "accept only the closed shape: the four statuses, a result, no unknown members",
    "--skip-invalid": (
        "streams: write the good records, report each bad one, exit 1 (default: stop)"
    ),
    "--pretty": "indent the JSON for people (a stream so written is no longer NDJSON)",
    "--read": "read Parquet, write the items",
    "--ndjson": "the items are NDJSON, not a binary stream",
}


def add(
    parser: argparse.ArgumentParser,
    names: str,
    formats: tuple[str, ...] = (),
    guess: str = "",
    old: str = "",
    **advice: str,
) -> None:
    """The options ``names``; ``--format`` takes ``formats`` (``guess`` says the default, ``old``
    is an older flag for the last); ``args.advice`` says what to type for each format."""
    for name in names.split():
        if name == "--format":
            described = "; ".join(f"{form}: {FORMATS[form][0]}" for form in formats)
            help = f"the input's format ({described}); default: {guess}"
            parser.add_argument("--format", choices=formats, help=help)
            if old:
                help = f"--format {formats[-1]}"
                parser.add_argument(
                    old, dest="format", action="store_const", const=formats[-1], help=help
                )
        elif name in _FLAGS:
            parser.add_argument(name, action="store_true", help=_FLAGS[name])
        else:
            option = dict(_OPTIONS[name])
            parser.add_argument(*option.pop("flags", (name,)), **option)
    elsewhere = {form: instead for form, (_, instead) in FORMATS.items()}
    uses = {form: f"use --format {form}" for form in formats}
    parser.set_defaults(strict=False, advice={**elsewhere, **advice, **uses})


def records(
    args: argparse.Namespace, source: BinaryIO, form: str, action: str
) -> Generator[_stream.Record, None, None]:
    """The records of ``source`` read as ``form`` (a single item is one), with a progress bar."""
    text = form in ("json", "ndjson")
    limit = args.max_record_size or (
        _stream.DEFAULT_MAX_LINE_SIZE if text else _stream.DEFAULT_MAX_FRAME_SIZE
    )
    read: Iterator[_stream.Record]
    if form == "ndjson":
        lines = _stream.ndjson_records(source, strict=args.strict, max_line_size=limit)
        read = _hints.checked(lines, source, args.advice, lines=True)
    elif form == "stream":
        frames = _stream.delimited_records(source, max_frame_size=limit)
        read = _hints.checked(frames, source, args.advice, lines=False)
    elif form == "parquet":
        from .parquet import rows  # pyarrow, only when asked for

        read = rows(source)
    else:
        read = _single(source, text, limit, args.strict, args.advice)
    if args.strict and not text:  # no binary reader checks strict mode
        read = _strict(read, framed=form == "stream")
    return with_progress(read, source, action, _files.input_size(source))


def _single(
    source: BinaryIO, text: bool, limit: int, strict: bool, advice: dict[str, str]
) -> Iterator[_stream.Record]:
    """The one record of a single item, as a stream reader gives it; hinted if another kind.

    ``limit`` bounds its content: a JSON document's final newline (``\\n``, ``\\r\\n``) aside.
    """
    data = _files.read_all(source, limit + (2 if text else 0) + 1)
    content = len(data) - (text and data.endswith(b"\n")) - (text and data.endswith(b"\r\n"))
    what = f"a {'JSON' if text else 'binary'} item"
    error = ValidationError if text else DecodeError
    try:
        if content > limit:
            msg = f"expected {what} of at most {limit:,} bytes (--max-record-size), got more"
            raise error("$", f"{msg}: raise the limit if the input is trusted")
        if not data:
            raise error("$", f"expected {what}, got empty input")
        # The input is bounded by --max-record-size, which may exceed the item default.
        if text:
            item = ImageGenerationCall.from_json(data, strict=strict, max_size=None)
        else:
            item = ImageGenerationCall.from_bytes(data, max_size=None)
    except (ValidationError, DecodeError) as exc:
        hinted = exc if content > limit else _hints.for_item(exc, data, advice, strict=strict)
        yield _stream.Record(1, 0, error=hinted, end=len(data))
        return
    yield _stream.Record(1, len(data), item=item, end=len(data))


def _strict(records: Iterator[_stream.Record], *, framed: bool) -> Iterator[_stream.Record]:
    """``records`` with each item that fails strict mode (its JSON form says all) an error."""
    for record in records:
        if record.item is not None:
            try:
                ImageGenerationCall.from_json(record.item.to_json(), strict=True)
            except ValidationError as exc:
                error = exc.at_record(record.number, "frame") if framed else exc
                record = msgspec.structs.replace(record, item=None, error=error)
        yield record


def convert(
    args: argparse.Namespace,
    form: str,
    write: Callable[[_files.Writer, Iterator[ImageGenerationCall]], object],
    *,
    binary: bool,
) -> int:
    """Write the good items of the input, read as ``form``; return the exit status.

    The first bad record is raised (dropping the atomic output), or with ``--skip-invalid``
    reported, and the conversion goes on to exit status 1.
    """
    single = form in ("json", "binary")
    if args.skip_invalid and single:
        what = (
            "NDJSON input (--format ndjson)" if form == "json" else "stream input (--format stream)"
        )
        raise UsageError(f"--skip-invalid applies to {what}; one item is valid or not")
    _files.refuse_output_over_input(args.input, args.output)
    if binary and _files.is_stdio(args.output) and is_terminal(sys.stdout):
        # Binary on a terminal garbles it (gzip refuses too): ask for -o or a pipe instead.
        raise UsageError("refusing to write binary to a terminal; use -o FILE or a pipe")
    bad = BadRecords(args.max_errors, prefix="skipped ")
    with _files.open_input(args.input) as source, _files.open_output(args.output) as out:
        read = records(args, source, form, args.command)
        try:
            write(out, (item for item, _ in bad.good(read, stop=not args.skip_invalid)))
        finally:
            read.close()  # now, so a progress bar is cleared before the error line
        if not single and is_terminal(sys.stderr):  # a person watching (pipes and logs get nothing)
            skipped = f", {counted(bad.count, 'bad record')} skipped" if bad.count else ""
            problem(f"{counted(bad.seen - bad.count, 'item')} written{skipped}")
    return 1 if bad.count else 0
