"""What the command line tells people: one line per problem on stderr, and the usage error.

Every diagnostic is a single line, ``imagegen-wire: line 3: $.status: ...``,
so that ``grep``, ``wc -l`` and log collectors can count problems.
"""

from __future__ import annotations

import sys


class UsageError(Exception):
    """The command cannot do what it was asked (exit status 2): bad options, missing files."""


def one_line(text: str) -> str:
    """``text`` with line breaks replaced, so a diagnostic is always exactly one line."""
    return " ".join(text.splitlines()) if "\n" in text or "\r" in text else text


def problem(text: object) -> None:
    """Write one diagnostic line to stderr."""
    print(f"imagegen-wire: {one_line(str(text))}", file=sys.stderr)
