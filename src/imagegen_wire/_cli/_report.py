"""What people see on stderr: one escaped line per problem, and a progress bar on a terminal.

While the bar is drawn, diagnostics go through tqdm's writer, each on a clean line above it.
"""

import contextlib
import sys
import unicodedata
from collections.abc import Callable, Generator, Iterable, Iterator
from typing import BinaryIO

from .._item import ImageGenerationCall
from .._stream import Record

DEFAULT_MAX_ERRORS = 100  # bad records reported one per line before the rest are only counted
DELAY = 0.5  # seconds before the progress bar appears (tests set 0)

# Control characters (Cc), format characters such as bidirectional overrides
# (Cf), lone surrogates (Cs) and the line and paragraph separators (Zl, Zp):
# each can change what a terminal shows, or split a line.
_UNSAFE = frozenset(("Cc", "Cf", "Cs", "Zl", "Zp"))

_route: Callable[[str], object] | None = None


def printable(text: str) -> str:
    """``text`` with every character that could act on a terminal escaped (``\\x1b``, ``\\u202e``).

    >>> printable("queued\\x1b[2J\\r\\n")
    'queued\\\\x1b[2J\\\\r\\\\n'
    """
    # repr escapes each unsafe character alone, as \t, \x1b, \u202e or \U000e0001.
    return "".join(
        repr(char)[1:-1] if unicodedata.category(char) in _UNSAFE else char for char in text
    )


def problem(text: object) -> None:
    """Write one diagnostic line to stderr (nothing if stderr is closed or broken)."""
    line = f"imagegen-wire: {printable(str(text))}"
    with contextlib.suppress(OSError, ValueError):  # stderr gone (a closed terminal)
        if _route is not None:
            _route(line)
        elif sys.stderr is not None:
            print(line, file=sys.stderr)


def counted(number: int, noun: str) -> str:
    """``number`` and ``noun``, plural unless one: ``1 record``, ``1,000 records``."""
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


def is_terminal(stream: object) -> bool:
    """True if ``stream`` is open and a terminal (``False`` for ``None``, a closed file, a pipe)."""
    try:
        return bool(stream.isatty())  # type: ignore[attr-defined]
    except (OSError, ValueError, AttributeError):
        return False


class BadRecords:
    """Reports bad records: the first ``limit`` one per line, then how many in all."""

    def __init__(self, limit: int, *, prefix: str = "") -> None:
        self.limit = limit
        self.prefix = prefix
        self.seen = 0
        self.count = 0
        self.end = 0  # the offset past the last record: the bytes its reader read

    def good(
        self, records: Iterable[Record], *, stop: bool = False
    ) -> Iterator[tuple[ImageGenerationCall, int]]:
        """The item and size of each good record; a bad one is raised if ``stop``, else reported,
        and when the records end, how many were not shown."""
        for record in records:
            self.seen += 1
            self.end = record.end
            if record.error is None:
                assert record.item is not None  # a record holds an item or an error
                yield record.item, record.size
            elif stop:
                raise record.error
            else:
                self.count += 1
                if self.count <= self.limit:
                    problem(f"{self.prefix}{record.error}")
        hidden = self.count - self.limit
        if hidden > 0:
            problem(
                f"{counted(self.count, 'bad record')} in all, {hidden:,} not shown "
                "(--max-errors N to show more)"
            )


def with_progress(
    records: Iterator[Record], file: BinaryIO, action: str, size: int | None
) -> Generator[Record, None, None]:
    """``records``, with a bar of bytes (or records) on a terminal's stderr after ``DELAY`` s."""
    if not is_terminal(sys.stderr):
        yield from records
        return
    from tqdm import tqdm  # only now, so piped runs start fast

    global _route
    bar = tqdm(
        total=size,
        desc=action,
        unit=" records" if size is None else "B",
        unit_scale=size is not None,
        delay=DELAY,
        file=sys.stderr,
        leave=False,
    )
    previous, _route = _route, lambda line: tqdm.write(line, file=sys.stderr)
    try:
        for record in records:
            yield record
            bar.update(1 if size is None else file.tell() - bar.n)
    finally:
        _route = previous
        bar.close()
