"""What the command line tells people: one line per problem on stderr, safe for a terminal.

Every diagnostic is a single line, ``imagegen-wire: line 3: $.status: ...``,
so that ``grep``, ``wc -l`` and log collectors can count problems. Text that
came from the input (a status, a member name, a path) may hold control
characters; ``printable`` escapes them, so no input can move the cursor, clear
the screen or fake a line of its own. Bad records are reported through
``BadRecords``, which shows the first few and then one line with the total,
so a flood of garbage cannot fill a disk with diagnostics.
"""

from __future__ import annotations

import contextlib
import sys
import unicodedata
from collections.abc import Callable, Iterator

DEFAULT_MAX_ERRORS = 100
"""Bad records reported one per line before the rest are only counted (``--max-errors``)."""

# Control characters (Cc), format characters such as bidirectional overrides
# (Cf), lone surrogates (Cs) and the line and paragraph separators (Zl, Zp):
# each can change what a terminal shows, or split a line.
_UNSAFE = frozenset(("Cc", "Cf", "Cs", "Zl", "Zp"))
_SHORT = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}

_route: Callable[[str], object] | None = None


def printable(text: str) -> str:
    """``text`` with every character that could act on a terminal escaped (``\\x1b``, ``\\u202e``).

    >>> printable("queued\\x1b[2J\\r\\n")
    'queued\\\\x1b[2J\\\\r\\\\n'
    """
    if text.isprintable():
        return text
    return "".join(_escape(char) for char in text)


def _escape(char: str) -> str:
    if char in _SHORT:
        return _SHORT[char]
    if unicodedata.category(char) not in _UNSAFE:
        return char
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def problem(text: object) -> None:
    """Write one diagnostic line to stderr (nothing if stderr is closed or broken)."""
    line = f"imagegen-wire: {printable(str(text))}"
    try:
        if _route is not None:
            _route(line)
        elif sys.stderr is not None:
            print(line, file=sys.stderr)
    except (OSError, ValueError):  # stderr gone (a closed terminal): the exit status still tells
        pass


@contextlib.contextmanager
def routed_through(write: Callable[[str], object]) -> Iterator[None]:
    """Send diagnostics through ``write`` while the block runs (a progress bar's own writer)."""
    global _route
    previous, _route = _route, write
    try:
        yield
    finally:
        _route = previous


class BadRecords:
    """Reports bad records on stderr: the first ``limit`` one per line, then how many in all.

    Every record is counted, however many are shown.
    """

    def __init__(self, limit: int = DEFAULT_MAX_ERRORS, *, prefix: str = "") -> None:
        self.limit = limit
        self.prefix = prefix
        self.count = 0

    def report(self, error: object) -> None:
        """Count one bad record, and show it if fewer than ``limit`` have been shown."""
        self.count += 1
        if self.count <= self.limit:
            problem(f"{self.prefix}{error}")

    def finish(self) -> None:
        """Say how many bad records were not shown, if any."""
        hidden = self.count - self.limit
        if hidden > 0:
            problem(
                f"{counted(self.count, 'bad record')} in all, {hidden:,} not shown "
                "(--max-errors N to show more)"
            )


def counted(number: int, noun: str) -> str:
    """``number`` and ``noun``, plural unless one: ``1 record``, ``1,000 records``."""
    return f"{number:,} {noun}{'' if number == 1 else 's'}"
