"""binary stream or NDJSON to Parquet; --read: Parquet back to either

Write a Parquet file (imagegen_wire.arrow.SCHEMA) from a length-delimited binary stream, or
(--ndjson, or an input named *.ndjson or *.jsonl) from one JSON item per line; with --read,
read a Parquet file and write a binary stream, or NDJSON with --ndjson. Needs pyarrow (the
arrow extra).
"""

import argparse
import io
from collections.abc import Iterator
from typing import BinaryIO

from .. import _stream
from .._errors import DecodeError
from .._item import ImageGenerationCall
from . import _files, _options
from ._errors import UsageError


def register(parser: argparse.ArgumentParser) -> None:
    names = "input --max-record-size -o --read --ndjson --strict --skip-invalid --max-errors"
    _options.add(parser, names, ndjson="use --ndjson", stream="drop --ndjson")


def run(args: argparse.Namespace) -> int:
    try:
        import pyarrow.parquet as pq

        from .. import arrow
    except ImportError:
        raise UsageError('Parquet needs pyarrow: pip install "imagegen-wire[arrow]"') from None
    if args.read:
        if args.skip_invalid:
            raise UsageError("--skip-invalid applies to writing Parquet; a bad row stops --read")
        write = _stream.write_ndjson if args.ndjson else _stream.write_delimited
        return _options.convert(args, "parquet", write, binary=not args.ndjson)
    form = "ndjson" if args.ndjson or _files.is_ndjson_name(args.input) else "stream"

    def write_parquet(out: _files.Writer, items: Iterator[ImageGenerationCall]) -> None:
        with pq.ParquetWriter(out, arrow.SCHEMA) as writer:
            for batch in arrow.record_batches(items, batch_size=1024):
                writer.write_batch(batch)

    return _options.convert(args, form, write_parquet, binary=True)


def rows(source: BinaryIO) -> Iterator[_stream.Record]:
    """The items of a Parquet file as records, one a row; a file pyarrow cannot read is a
    ``DecodeError`` at ``parquet``, a bad row the ``ValidationError`` naming it."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from .. import arrow

    data = source if source.seekable() else io.BytesIO(source.read())
    try:
        batches = pq.ParquetFile(data).iter_batches(batch_size=1024)
        for number, item in enumerate(arrow.from_table(batches), 1):
            yield _stream.Record(number, 0, item=item, end=data.tell())
    except pa.ArrowException as exc:
        raise DecodeError("parquet", str(exc).splitlines()[0]) from None
