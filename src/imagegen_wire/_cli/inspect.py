"""summarize a binary item or stream: count, statuses, sizes, image bytes

Read one binary item, or a length-delimited stream (--format stream), and print a summary: how
many items, their statuses, the message sizes, and how many results travel as compact image
bytes. Bounded whatever the input: the most common statuses by name, then a count of the rest.
"""

import argparse
from collections import Counter

from .._absent import ABSENT
from .._item import ImageGenerationCall
from .._status import Status
from . import _options
from ._files import open_input, stdout_writer
from ._report import BadRecords, counted, printable

TOP_STATUSES = 10  # shown by name; the rest are counted on the same line
TRACKED_STATUSES = 10_000  # counted one by one; a status first seen after them counts as other
STATUS_CHARS = 100  # a status is shown, and told apart from others, by at most these
_ORDER = {status.value: n for n, status in enumerate(Status)}  # the known ones come first


def register(parser: argparse.ArgumentParser) -> None:
    check = "inspect reads binary: check {} with validate"
    advice = {"json": check.format("JSON"), "ndjson": check.format("NDJSON")}
    names = "input --max-record-size --format --max-errors"
    _options.add(parser, names, ("binary", "stream"), "binary", "--stream", **advice)


class _Summary:
    """What ``inspect`` counts while it reads: message sizes, statuses, results, extras."""

    def __init__(self) -> None:
        self.smallest: int | None = None
        self.largest = 0
        self.statuses: Counter[str] = Counter()
        self.untracked = 0
        self.counts: Counter[str] = Counter()  # results by kind, bytes, extras

    def add(self, item: ImageGenerationCall, size: int) -> None:
        self.smallest = size if self.smallest is None else min(self.smallest, size)
        self.largest = max(self.largest, size)
        text = str(item.status)
        key = text if len(text) <= STATUS_CHARS else text[:STATUS_CHARS] + "…"
        if key in self.statuses or len(self.statuses) < TRACKED_STATUSES:
            self.statuses[key] += 1
        else:
            self.untracked += 1
        image = item.image_bytes
        if image is not None:
            self.counts["image"] += 1
        elif item.result is ABSENT:
            self.counts["absent"] += 1
        else:
            self.counts["null" if item.result is None else "text"] += 1
        self.counts["bytes"] += size
        self.counts["image bytes"] += len(image or b"")
        self.counts["extras"] += bool(item.extra)
        self.counts["newer"] += item.has_unknown_fields

    def _status_line(self) -> str:
        """The four known statuses in their order, then others by count; at most TOP_STATUSES."""
        count = self.statuses
        ranked = sorted(count, key=lambda text: (_ORDER.get(text, len(_ORDER)), -count[text], text))
        parts = [
            f"{printable(text) or repr(text)} {count[text]:,}" for text in ranked[:TOP_STATUSES]
        ]
        rest = ranked[TOP_STATUSES:]
        items = sum(count[text] for text in rest) + self.untracked
        if items:
            more = "more than " if self.untracked else ""
            parts.append(f"and {items:,} items with {more}{len(rest):,} other statuses")
        return ", ".join(parts)

    def lines(self, bad: BadRecords, *, stream: bool) -> list[str]:
        valid = bad.seen - bad.count
        what = f"stream of {counted(bad.seen, 'frame')}" if stream else "one message"
        lines = [
            f"input:     {what}, {counted(bad.end, 'byte')}",
            f"items:     {valid:,} valid, {bad.count:,} invalid",
        ]
        counts = self.counts
        if valid:
            lines += [
                f"statuses:  {self._status_line()}",
                f"messages:  smallest {self.smallest:,}, largest {self.largest:,}, "
                f"mean {counts['bytes'] / valid:,.1f}, total {counts['bytes']:,} bytes",
                f"results:   {counts['image']:,} as image bytes "
                f"({counted(counts['image bytes'], 'byte')} of images), "
                f"{counts['text']:,} as text, {counts['null']:,} null, {counts['absent']:,} absent",
                f"extras:    {counted(counts['extras'], 'item')} with unknown JSON members, "
                f"{counts['newer']:,} with fields of a newer schema",
            ]
        return lines


def run(args: argparse.Namespace) -> int:
    out = stdout_writer()  # a closed stdout fails now, before the input is read
    form = args.format or "binary"
    summary = _Summary()
    bad = BadRecords(args.max_errors)
    with open_input(args.input) as source:
        for item, size in bad.good(_options.records(args, source, form, "inspect")):
            summary.add(item, size)
    lines = summary.lines(bad, stream=form == "stream")
    out.write("".join(f"{line}\n" for line in lines).encode("utf-8"))
    return 1 if bad.count else 0
