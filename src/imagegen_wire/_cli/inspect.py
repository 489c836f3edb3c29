"""``imagegen-wire inspect``: a summary of a binary item or stream, for people.

How many items, their statuses, the sizes of their messages, and how many
results travel as compact image bytes rather than text.
"""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from .._absent import ABSENT
from .._errors import DecodeError
from .._item import ImageGenerationCall
from .._status import Status
from .._stream import DEFAULT_MAX_FRAME_SIZE, Record, delimited_records, encode_varint
from . import _options
from ._files import open_input
from ._progress import with_progress
from ._report import problem


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "inspect",
        help="summarize a binary item or stream: count, statuses, sizes, image bytes",
        description=(
            "Read one binary item, or a length-delimited stream (--stream), and print "
            "a summary: how many items, their statuses, the message sizes, and how many "
            "results travel as compact image bytes."
        ),
    )
    _options.add_input(parser, "binary item or stream")
    parser.add_argument(
        "--stream", action="store_true", help="the input is a length-delimited stream"
    )
    parser.set_defaults(run=run)


@dataclass
class _Summary:
    """What ``inspect`` counts while it reads."""

    records: int = 0
    invalid: int = 0
    input_bytes: int = 0
    smallest: int | None = None
    largest: int = 0
    total: int = 0
    statuses: Counter[str] = field(default_factory=Counter)
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
        self.statuses[str(item.status)] += 1
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

    def lines(self, *, stream: bool) -> list[str]:
        valid = self.records - self.invalid
        what = f"stream of {_count(self.records, 'frame')}" if stream else "one message"
        lines = [
            f"input:     {what}, {_count(self.input_bytes, 'byte')}",
            f"items:     {valid:,} valid, {self.invalid:,} invalid",
        ]
        if not valid:
            return lines
        known = [status.value for status in Status if self.statuses[status.value]]
        others = sorted(
            (text for text in self.statuses if text not in known),
            key=lambda text: (-self.statuses[text], text),
        )
        statuses = ", ".join(
            f"{text or repr(text)} {self.statuses[text]:,}" for text in known + others
        )
        lines += [
            f"statuses:  {statuses}",
            f"messages:  smallest {self.smallest:,}, largest {self.largest:,}, "
            f"mean {self.total / valid:,.1f}, total {self.total:,} bytes",
            f"results:   {self.images:,} as image bytes "
            f"({_count(self.image_bytes, 'byte')} of images), "
            f"{self.texts:,} as text, {self.nulls:,} null, {self.absent:,} absent",
            f"extras:    {_count(self.with_extras, 'item')} with unknown JSON members, "
            f"{self.with_unknown_fields:,} with fields of a newer schema",
        ]
        return lines


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


def _single(source: BinaryIO, limit: int) -> Iterator[Record]:
    """The one record of a single-message input, as the stream reader would give it."""
    try:
        item, size = _options.read_one_binary(source, limit, strict=False, stream_flag="--stream")
    except DecodeError as exc:
        yield Record(1, 0, error=exc)
        return
    yield Record(1, size, item=item)


def run(args: argparse.Namespace) -> int:
    limit = args.max_record_size or DEFAULT_MAX_FRAME_SIZE
    summary = _Summary()
    with open_input(args.input) as source:
        records = (
            delimited_records(source, max_frame_size=limit)
            if args.stream
            else _single(source, limit)
        )
        for record in with_progress(records, source, "inspect"):
            summary.records += 1
            summary.input_bytes += record.size
            if args.stream and (record.size or record.item is not None):
                summary.input_bytes += len(encode_varint(record.size))
            if record.error is not None:
                summary.invalid += 1
                problem(record.error)
                continue
            assert record.item is not None
            summary.add(record.item, record.size)
    print("\n".join(summary.lines(stream=args.stream)))
    return 1 if summary.invalid else 0
