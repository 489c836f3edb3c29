"""``imagegen-wire inspect``: a summary of a binary item or stream, for people.

How many items, their statuses, the sizes of their messages, and how many
results travel as compact image bytes rather than text. The summary is
bounded whatever the input: the most common statuses by name, then a count
of the rest; statuses are escaped, so none can act on the terminal.
"""

from __future__ import annotations

import argparse
import io
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, BinaryIO, cast

from .._absent import ABSENT
from .._errors import DecodeError
from .._item import ImageGenerationCall
from .._status import Status
from .._stream import DEFAULT_MAX_FRAME_SIZE, Record
from . import _options
from ._files import open_input
from ._hints import Advice
from ._progress import with_progress
from ._report import BadRecords, counted, printable
from ._stdio import print_out, stdout_writer

ADVICE = Advice(
    json="inspect reads binary: check JSON with validate",
    ndjson="inspect reads binary: check NDJSON with validate",
    binary="use --format binary",
    stream="use --format stream",
)

TOP_STATUSES = 10
"""Statuses shown by name; the rest are counted on the same line."""
TRACKED_STATUSES = 10_000
"""Distinct statuses counted one by one; items with a status first seen after them count as other."""
STATUS_CHARS = 100
"""A status is shown, and told apart from others, by this many characters at most."""


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "inspect",
        help="summarize a binary item or stream: count, statuses, sizes, image bytes",
        description=(
            "Read one binary item, or a length-delimited stream (--format stream), and print "
            "a summary: how many items, their statuses, the message sizes, and how many "
            "results travel as compact image bytes."
        ),
    )
    _options.add_input(parser, "binary item or stream")
    _options.add_format(parser, ("binary", "stream"), "binary", {"--stream": "stream"})
    _options.add_max_errors(parser)
    parser.set_defaults(run=run)


class _Counting(io.BufferedIOBase):
    """A binary input that counts the bytes read from it: what ``inspect`` reports as its size."""

    def __init__(self, file: BinaryIO) -> None:
        super().__init__()
        self.file = file
        self.count = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1, /) -> bytes:
        data = self.file.read(-1 if size is None else size)
        self.count += len(data)
        return data

    def peek(self, size: int = 0, /) -> bytes:
        peek = getattr(self.file, "peek", None)
        return bytes(peek(size)) if peek is not None else b""

    def fileno(self) -> int:
        return self.file.fileno()

    def tell(self) -> int:
        return self.file.tell()


@dataclass
class _Summary:
    """What ``inspect`` counts while it reads."""

    records: int = 0
    invalid: int = 0
    smallest: int | None = None
    largest: int = 0
    total: int = 0
    statuses: Counter[str] = field(default_factory=Counter)
    untracked: int = 0
    images: int = 0
    image_bytes: int = 0
    texts: int = 0
    nulls: int = 0
    absent: int = 0
    with_extras: int = 0
    with_unknown_fields: int = 0

    def add(self, item: ImageGenerationCall, size: int) -> None:
        self.smallest = size if self.smallest is None else min(self.smallest, size)
        self.largest = max(self.largest, size)
        self.total += size
        self._count_status(str(item.status))
        image = item.image_bytes
        if image is not None:
            self.images += 1
            self.image_bytes += len(image)
        elif item.result is ABSENT:
            self.absent += 1
        elif item.result is None:
            self.nulls += 1
        else:
            self.texts += 1
        self.with_extras += bool(item.extra)
        self.with_unknown_fields += item.has_unknown_fields

    def _count_status(self, text: str) -> None:
        key = text if len(text) <= STATUS_CHARS else text[:STATUS_CHARS] + "…"
        if key in self.statuses or len(self.statuses) < TRACKED_STATUSES:
            self.statuses[key] += 1
        else:
            self.untracked += 1

    def status_line(self) -> str:
        """The four known statuses in their order, then others by count; at most TOP_STATUSES."""
        known = [status.value for status in Status if self.statuses[status.value]]
        others = sorted(
            (text for text in self.statuses if text not in known),
            key=lambda text: (-self.statuses[text], text),
        )
        ranked = known + others
        shown = ranked[:TOP_STATUSES]
        parts = [f"{printable(text) or repr(text)} {self.statuses[text]:,}" for text in shown]
        rest = ranked[TOP_STATUSES:]
        items = sum(self.statuses[text] for text in rest) + self.untracked
        if items:
            kinds = f"{len(rest):,}" if not self.untracked else f"more than {len(rest):,}"
            parts.append(f"and {items:,} items with {kinds} other statuses")
        return ", ".join(parts)

    def lines(self, *, stream: bool, input_bytes: int) -> list[str]:
        valid = self.records - self.invalid
        what = f"stream of {counted(self.records, 'frame')}" if stream else "one message"
        lines = [
            f"input:     {what}, {counted(input_bytes, 'byte')}",
            f"items:     {valid:,} valid, {self.invalid:,} invalid",
        ]
        if not valid:
            return lines
        lines += [
            f"statuses:  {self.status_line()}",
            f"messages:  smallest {self.smallest:,}, largest {self.largest:,}, "
            f"mean {self.total / valid:,.1f}, total {self.total:,} bytes",
            f"results:   {self.images:,} as image bytes "
            f"({counted(self.image_bytes, 'byte')} of images), "
            f"{self.texts:,} as text, {self.nulls:,} null, {self.absent:,} absent",
            f"extras:    {counted(self.with_extras, 'item')} with unknown JSON members, "
            f"{self.with_unknown_fields:,} with fields of a newer schema",
        ]
        return lines


def _single(source: BinaryIO, limit: int) -> Iterator[Record]:
    """The one record of a single-message input, as the stream reader would give it."""
    try:
        item, size = _options.read_one_binary(source, limit, strict=False, advice=ADVICE)
    except DecodeError as exc:
        yield Record(1, 0, error=exc)
        return
    yield Record(1, size, item=item)


def run(args: argparse.Namespace) -> int:
    stdout_writer()  # a closed stdout fails now, before the input is read
    limit = args.max_record_size or DEFAULT_MAX_FRAME_SIZE
    summary = _Summary()
    bad = BadRecords(args.max_errors)
    with open_input(args.input) as file:
        source = _Counting(file)
        reader = cast(BinaryIO, source)
        records = (
            _options.stream_records(reader, limit, strict=False, advice=ADVICE)
            if args.format == "stream"
            else _single(reader, limit)
        )
        for record in with_progress(records, reader, "inspect"):
            summary.records += 1
            if record.error is not None:
                summary.invalid += 1
                bad.report(record.error)
                continue
            assert record.item is not None
            summary.add(record.item, record.size)
    bad.finish()
    print_out("\n".join(summary.lines(stream=args.format == "stream", input_bytes=source.count)))
    return 1 if summary.invalid else 0
