"""binary stream or NDJSON to Parquet; --read: Parquet back to either

Write a Parquet file (imagegen_wire.arrow.SCHEMA) from a length-delimited binary stream, or
(--ndjson, or an input named *.ndjson or *.jsonl) from one JSON item per line; with --read,
read a Parquet file and write a binary stream, or NDJSON with --ndjson. Needs pyarrow (the
arrow extra).
"""

import argparse
import io
from collections.abc import Iterator

from .._errors import DecodeError
from .._item import ImageGenerationCall
from .._stream import write_delimited
from . import _files, _options
from ._errors import UsageError


def register(parser: argparse.ArgumentParser) -> None:
    names = "input --max-record-size -o --read --ndjson --strict --skip-invalid --max-errors"
    _options.add(parser, names, ndjson="use --ndjson", stream="drop --ndjson")


def run(args: argparse.Namespace) -> int:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq

        from .. import arrow
    except ImportError:
        raise UsageError('Parquet needs pyarrow: pip install "imagegen-wire[arrow]"') from None
    if not args.read:
        form = "ndjson" if args.ndjson or _files.is_ndjson_name(args.input) else "stream"

        def write(out: _files.Writer, items: Iterator[ImageGenerationCall]) -> None:
            with pq.ParquetWriter(out, arrow.SCHEMA) as writer:
                for batch in arrow.record_batches(items, batch_size=1024):
                    writer.write_batch(batch)

        return _options.convert(args, form, write, binary=True)
    _files.refuse_output_over_input(args.input, args.output)
    if not args.ndjson:
        _options.refuse_binary_to_terminal(args.output)
    if args.skip_invalid:
        raise UsageError("--skip-invalid applies to writing Parquet; a bad row stops --read")
    with _files.open_input(args.input) as source, _files.open_output(args.output) as out:
        data = source if source.seekable() else io.BytesIO(source.read())
        try:
            for item in arrow.from_table(pq.ParquetFile(data).iter_batches(batch_size=1024)):
                if args.strict:
                    _options.check_strict(item)
                if args.ndjson:
                    out.write(item.to_json().encode() + b"\n")
                else:
                    write_delimited(out, (item,))
        except pa.ArrowException as exc:
            raise DecodeError("parquet", str(exc).splitlines()[0]) from None
    return 0
