"""``imagegen-wire parquet``: a binary stream or NDJSON to Parquet, and (``--read``) back."""

from __future__ import annotations

import argparse
import io
from types import ModuleType
from typing import Any

from .._errors import DecodeError
from .._stream import DEFAULT_MAX_FRAME_SIZE, DEFAULT_MAX_LINE_SIZE, write_delimited
from . import _options
from ._errors import UsageError
from ._files import is_ndjson_name, open_input, open_output, refuse_output_over_input
from ._hints import Advice
from ._progress import with_progress

ADVICE = Advice(
    json="use encode",
    ndjson="use --ndjson",
    binary="use decode",
    stream="drop --ndjson",
)
_MISSING = 'Parquet needs pyarrow: pip install "imagegen-wire[arrow]"'


class _Sink:
    """The output as the file object pyarrow writes to; closing it is the ``with`` block's job."""

    closed = False

    def __init__(self, out: Any) -> None:
        self.write = out.write
        self.flush = out.flush

    def close(self) -> None:
        self.flush()


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "parquet",
        help="binary stream or NDJSON to Parquet; --read: Parquet back to either",
        description=(
            "Write a Parquet file (imagegen_wire.arrow.SCHEMA) from a length-delimited "
            "binary stream, or (--ndjson, or an input named *.ndjson or *.jsonl) from "
            "one JSON item per line; with --read, read a Parquet file and write a binary "
            "stream, or NDJSON with --ndjson. Needs pyarrow (the arrow extra)."
        ),
    )
    _options.add_input(parser, "binary stream, NDJSON, or (--read) Parquet")
    _options.add_output(parser)
    parser.add_argument("--read", action="store_true", help="read Parquet, write the items")
    parser.add_argument(
        "--ndjson", action="store_true", help="the items are NDJSON, not a binary stream"
    )
    _options.add_strict(parser)
    _options.add_skip_invalid(parser)
    _options.add_max_errors(parser)
    parser.set_defaults(run=run)


def _pyarrow() -> tuple[ModuleType, ModuleType]:
    try:
        import pyarrow.parquet as pq

        from .. import arrow
    except ImportError:
        raise UsageError(_MISSING) from None
    return arrow, pq


def run(args: argparse.Namespace) -> int:
    arrow, pq = _pyarrow()
    refuse_output_over_input(args.input, args.output)
    if not (args.read and args.ndjson):
        _options.refuse_binary_to_terminal(args.output)
    if args.read:
        return _read(args, arrow, pq)
    ndjson = args.ndjson or is_ndjson_name(args.input)
    with open_input(args.input) as source, open_output(args.output) as out:
        if ndjson:
            limit = args.max_record_size or DEFAULT_MAX_LINE_SIZE
            records = _options.line_records(source, limit, strict=args.strict, advice=ADVICE)
        else:
            limit = args.max_record_size or DEFAULT_MAX_FRAME_SIZE
            records = _options.stream_records(source, limit, strict=args.strict, advice=ADVICE)
        chunk: list[Any] = []
        with pq.ParquetWriter(_Sink(out), arrow.SCHEMA) as writer:

            def add(item: Any) -> None:
                chunk.append(item)
                if len(chunk) == 1024:
                    writer.write_batch(next(arrow.record_batches(chunk, batch_size=1024)))
                    chunk.clear()

            status: int = _options.convert(
                with_progress(records, source, "parquet"),
                add,
                skip_invalid=args.skip_invalid,
                max_errors=args.max_errors,
            )
            for batch in arrow.record_batches(chunk, batch_size=1024):
                writer.write_batch(batch)
        return status


def _read(args: argparse.Namespace, arrow: ModuleType, pq: ModuleType) -> int:
    import pyarrow as pa

    if args.skip_invalid:
        raise UsageError("--skip-invalid applies to writing Parquet; a bad row stops --read")
    with open_input(args.input) as source, open_output(args.output) as out:
        data = source if source.seekable() else io.BytesIO(source.read())
        try:
            batches = pq.ParquetFile(data).iter_batches(batch_size=1024)
            for item in arrow.from_table(batches):
                if args.strict:
                    _options.check_strict(item)
                if args.ndjson:
                    out.write(item.to_json().encode() + b"\n")
                else:
                    write_delimited(out, (item,))
        except (pa.ArrowException, OSError) as exc:
            if isinstance(exc, pa.ArrowException):
                raise DecodeError("parquet", str(exc).splitlines()[0]) from None
            raise
    return 0
