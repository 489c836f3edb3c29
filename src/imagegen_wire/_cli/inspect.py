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
        self.total = 0
        self.statuses: Counter[str] = Counter()
        self.untracked = 0
        self.image_bytes = 0
        self.kinds: Counter[str] = Counter()

    def add(self, item: ImageGenerationCall, size: int) -> None:
        self.smallest = size if self.smallest is None else min(self.smallest, size)
        self.largest = max(self.largest, size)
        self.total += size
        text = str(item.status)
        key = text if len(text) <= STATUS_CHARS else text[:STATUS_CHARS] + "…"
        if key in self.statuses or len(self.statuses) < TRACKED_STATUSES:
            self.statuses[key] += 1
        else:
            self.untracked += 1
        image = item.image_bytes
        if image is not None:
            self.kinds["image"] += 1
            self.image_bytes += len(image)
        elif item.result is ABSENT:
            self.kinds["absent"] += 1
        else:
            self.kinds["null" if item.result is None else "text"] += 1
        self.kinds["extras"] += bool(item.extra)
        self.kinds["newer"] += item.has_unknown_fields

    def _status_line(self) -> str:
        """The four known statuses in their order, then others by count; at most TOP_STATUSES."""
        known = [status.value for status in Status if self.statuses[status.value]]
        others = sorted(
            (text for text in self.statuses if text not in known),
            key=lambda text: (-self.statuses[text], text),
        )
        ranked = known + others
        parts = [
            f"{printable(text) or repr(text)} {self.statuses[text]:,}"
            for text in ranked[:TOP_STATUSES]
        ]
        rest = ranked[TOP_STATUSES:]
        items = sum(self.statuses[text] for text in rest) + self.untracked
        if items:
            kinds = f"{len(rest):,}" if not self.untracked else f"more than {len(rest):,}"
            parts.append(f"and {items:,} items with {kinds} other statuses")
        return ", ".join(parts)

    def lines(self, bad: BadRecords, *, stream: bool) -> list[str]:
        valid = bad.seen - bad.count
        what = f"stream of {counted(bad.seen, 'frame')}" if stream else "one message"
        lines = [
            f"input:     {what}, {counted(bad.end, 'byte')}",
            f"items:     {valid:,} valid, {bad.count:,} invalid",
        ]
        if not valid:
            return lines
        kinds = self.kinds
        return [
            *lines,
            f"statuses:  {self._status_line()}",
            f"messages:  smallest {self.smallest:,}, largest {self.largest:,}, "
            f"mean {self.total / valid:,.1f}, total {self.total:,} bytes",
            f"results:   {kinds['image']:,} as image bytes "
            f"({counted(self.image_bytes, 'byte')} of images), "
            f"{kinds['text']:,} as text, {kinds['null']:,} null, {kinds['absent']:,} absent",
            f"extras:    {counted(kinds['extras'], 'item')} with unknown JSON members, "
            f"{kinds['newer']:,} with fields of a newer schema",
        ]


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
