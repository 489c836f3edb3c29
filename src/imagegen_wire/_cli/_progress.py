"""A progress bar on stderr for long inputs, shown only to a person at a terminal.

When stderr is not a terminal (a pipe, a log file, CI) nothing is written,
so scripts see only the diagnostics. The bar waits ``DELAY`` seconds before
it appears, so short runs stay silent even at a terminal. While a bar is up,
diagnostics go through tqdm's own writer, which clears the bar, prints the
line and draws the bar again below it: each message on a clean line of its
own. tqdm is imported only when a bar may be drawn, keeping piped runs'
start-up fast.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import BinaryIO

from .._stream import Record
from ._files import input_size
from ._report import routed_through
from ._stdio import is_terminal

DELAY = 0.5
"""Seconds before the bar appears (tests set 0)."""


def with_progress(records: Iterator[Record], file: BinaryIO, action: str) -> Iterator[Record]:
    """``records`` unchanged, drawing a bar on stderr while they are consumed if it is a terminal.

    The bar counts bytes of a regular file (so it can show a percentage and an
    estimate), else records.
    """
    if not is_terminal(sys.stderr):
        yield from records
        return
    from tqdm import tqdm

    total = input_size(file)
    by_bytes = total is not None
    bar = tqdm(
        total=total,
        desc=action,
        unit="B" if by_bytes else " records",
        unit_scale=by_bytes,
        delay=DELAY,
        file=sys.stderr,
        leave=False,
    )
    try:
        with routed_through(lambda line: tqdm.write(line, file=sys.stderr)):
            for record in records:
                yield record
                if by_bytes:
                    bar.update(file.tell() - bar.n)
                else:
                    bar.update(1)
    finally:
        bar.close()
